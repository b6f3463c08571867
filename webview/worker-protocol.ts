// Messages between the playground UI thread and its simulation worker. The UI cancels a run by
// terminating the worker (a synchronous simulation cannot be interrupted from outside any other
// way), then starts a fresh one for the next run.
//
// A second worker plays the shown run (core/debug/playable-run.ts): it keeps the time-travel run
// alive between requests, so each request names an id and gets exactly one reply with it.

import type { MessageQuery, RunInspection } from '../core/debug/message-inspection.ts';
import type { Landmark, PlaySnapshot } from '../core/debug/playable-run.ts';
import type { MessageAction } from '../core/debug/scenario-fork.ts';
import type { SimConfig } from '../core/types/sim-config.ts';
import type { Finding } from './model/verdict-list.ts';

export type RunRequest = {
  type: 'run';
  /** Scenario text to compile and run… */
  text?: string;
  /** …or an already compiled scenario (re-running a report with another seed). */
  config?: SimConfig;
  scenario?: string;
  seed?: number;
  maxEvents?: number;
};

/** Where a play request moves the cursor. */
export type PlayMove = { event: number } | { time: number } | { step: number } | { jump: Landmark; direction: 1 | -1 };

export type PlayRequest =
  /** Opens the scenario for playing (runs it once to its end, with checkpoints); replies with the state at event 0. */
  | { type: 'play-open'; id: number; text: string; scenario?: string; seed?: number; maxEvents?: number }
  | { type: 'play-move'; id: number; move: PlayMove }
  /** An action at the cursor, as a `.fault` line without its time: `crash n2`, `heal`. */
  | { type: 'play-act'; id: number; action: string }
  /** You are the network: do `action` to message `message` (its trace id), in flight at the cursor; `delay` for a delay. */
  | { type: 'play-message'; id: number; message: number; action: MessageAction; delay?: string }
  | { type: 'play-undo'; id: number }
  | { type: 'play-save'; id: number }
  /** One message of the shown timeline opened: its payload and the timers its delivery changed; the cursor stays. */
  | { type: 'play-inspect'; id: number; query: MessageQuery };

/**
 * Make the warm-up runs of one stage (warm-up.ts, WARM_UP_STAGES[stage]) and throw them away: the
 * page is idle, this worker is its spare.
 */
export type WarmUpRequest = { type: 'warm-up'; stage: number };

export type WorkerRequest = RunRequest | PlayRequest | WarmUpRequest;

export type PlayReply =
  /**
   * The state at the cursor. `run`: the graded run of the timeline, as encodeRun bytes, when it is
   * new (opened, forked, undone); `note`: what happened, in words (the action's line, a refusal).
   */
  | { type: 'play-state'; id: number; snapshot: PlaySnapshot; run?: Uint8Array<ArrayBuffer>; note?: string; refused?: boolean }
  | { type: 'play-saved'; id: number; name: string; scenarioText: string; fileText: string }
  | { type: 'play-inspected'; id: number; inspection: RunInspection }
  | { type: 'play-failed'; id: number; message: string };

/**
 * What the verdicts panel shows, sent as soon as the run is graded: packing the trace (encodeRun)
 * and building the diagram's model take longer than the verdicts need (issue 16: a 120 s run's
 * verdicts on screen within 1.5 s). A few kilobytes: the findings name their evidence operations
 * by history index, nothing of the trace.
 */
export type RunVerdicts = { scenario: string; seed: number; protocol: string; findings: Finding[] };

/**
 * When the worker took the request, had compiled it and had run, graded and packed it, in epoch
 * milliseconds (a worker's clock has its own origin): the page turns them into performance
 * measures, so where a run's time went inside the worker is on record (bench/editor-run).
 */
export type WorkerStamps = { received: number; compiled: number; packed: number };

export type WorkerReply =
  | { type: 'progress'; simulatedUs: number; totalUs: number; events: number }
  /** The graded run's verdicts, ahead of its `done` (always followed by one, or by `failed`). */
  | { type: 'verdicts'; verdicts: RunVerdicts }
  /** The finished run as encodeRun bytes (model/packed-run.ts), transferred, not copied. */
  | { type: 'done'; run: Uint8Array<ArrayBuffer>; stamps?: WorkerStamps }
  /** The warm-up runs are made (and thrown away): this worker is warm. */
  | { type: 'warmed' }
  | { type: 'failed'; reason: 'compile-error' | 'error'; message: string }
  | PlayReply;
