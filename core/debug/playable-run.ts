// A run a person plays with: the debugger's time travel (core/sim/time-travel.ts: checkpoints,
// exact step back by restore + re-run, `act` to fork) and its "break things by hand" (scenario-
// fork.ts: `crash n2` at the cursor becomes `at 2.345s crash n2`), wrapped for a panel that thinks
// in clicks: step one event, jump to the next message / fault / role change / broken expectation,
// scrub to a time, crash this node, undo, save as scenario. One stepping implementation, shared
// with the debug adapter; this file only adds what a panel needs on top of it:
// - landmarks: per event, what kind of thing it did (read from the trace once per timeline);
// - the graded Report of the current timeline (the fork's, after an action), so the diagram and
//   the verdicts show the very run the state panel steps through;
// - plain, bounded snapshots of every node (node-state.ts) to send across a worker boundary.
//
// Everything is deterministic: the same text, scenario, seed and actions give the same run.

import { compile } from '../language/index.ts';
import { getProtocol } from '../protocols/registry.ts';
import { gradeRun } from '../run.ts';
import type { AnyProtocol, InFlightMessage } from '../sim/engine.ts';
import { TimeTravelRun } from '../sim/time-travel.ts';
import type { Report } from '../types/report.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';
import { messageDelayProblem } from './message-delay.ts';
import { inspectInRun, type MessageQuery, type RunInspection } from './message-inspection.ts';
import { nodeStates, type NodeStateView } from './node-state.ts';
import { analyzeForDebugging, findRaftSafetyBreak, type RunAnalysis } from './run-analysis.ts';
import { HandActions, type ActResult, type SavedFork } from './hand-actions.ts';
import { messageActionFor, type MessageAction, type ScenarioFork } from './scenario-fork.ts';

export type Landmark = 'message' | 'fault' | 'role' | 'expectation';

const LANDMARK_BITS: Record<Landmark, number> = { message: 1, fault: 2, role: 4, expectation: 8 };
const FAULT_KINDS = new Set<TraceEvent['kind']>(['crash', 'restart', 'pause', 'resume', 'partition', 'heal', 'link-window', 'clock-jump']);
const MESSAGE_KINDS = new Set<TraceEvent['kind']>(['send', 'deliver', 'drop', 'duplicate']);

/**
 * Events between checkpoints in the playground: a fifth of the debugger's default, because a
 * panel's step back must answer within a frame or three even on a busy machine. bench/play.bench.ts
 * on a 109,798-event run, load average 10 on 2 cores: step back + snapshot 21.6 ms median (76 ms
 * worst) at 1,000, against 56.5 ms median (412 ms worst) at 5,000; opening costs ~25% more.
 */
export const PLAY_CHECKPOINT_EVERY = 1_000;

/** Trace lines a snapshot lists for the event at the cursor. */
const HAPPENED_LINES = 8;
/**
 * Messages in flight a snapshot lists (earliest arrival first); the rest are counted. A partitioned
 * cluster under load can hold thousands; a panel lists what a person can read and click.
 */
export const IN_FLIGHT_SHOWN = 12;
/** Characters of a message's payload summary. */
const PAYLOAD_CHARS = 72;
// In a module of its own so the page's play panel checks a delay without bundling the simulator.
export { MAX_MESSAGE_DELAY_US, messageDelayProblem } from './message-delay.ts';

export type OpenOptions = {
  source: string;
  scenario?: string;
  seed?: number;
  maxEvents?: number;
  checkpointEvery?: number;
};

export type PlaySnapshot = {
  scenario: string;
  seed: number;
  /** Events processed (the cursor) and in the whole run (this timeline). */
  event: number;
  lastEvent: number;
  now: Micros;
  nodes: NodeStateView[];
  /** The actions taken by hand so far, as the `.fault` lines a saved scenario holds. */
  manual: string[];
  /** What the event at the cursor did, one line per trace event (bounded). */
  happened: string[];
  /** The first IN_FLIGHT_SHOWN messages on their way at the cursor, earliest arrival first. */
  inFlight: InFlightView[];
  /** How many messages are on their way in all (`inFlight` lists the first few). */
  inFlightTotal: number;
  /** When the first action taken by hand happens (the run as written and this one part there); null unforked. */
  forkedAt: Micros | null;
};

/** A message on its way at the cursor, as the panel lists it (plain, bounded: it crosses a worker boundary). */
export type InFlightView = {
  /** The trace's message id (both copies of a duplicated message share it). */
  id: number;
  type: string;
  from: string;
  to: string;
  /** When it was sent (the engine keeps it with the message: a `sent at` line names it by it). */
  sentAt: Micros;
  /** When it arrives as things stand; for a message its paused receiver holds, now. */
  dueAt: Micros;
  /** The paused node holding it, when it has arrived there. */
  heldBy?: string;
  /** A short summary of what it carries: `term=3 prevIndex=7 entries=[2]`. */
  payload: string;
  /** Why no message fault line can name it alone (absent when drop / duplicate / delay / deliver apply). */
  refusal?: string;
};

export type { ActResult } from './hand-actions.ts';

export class PlayableRun {
  readonly config: SimConfig;
  readonly protocol: AnyProtocol;
  private run: TimeTravelRun;
  private readonly hand: HandActions;
  private analysis!: RunAnalysis;
  private landmarks: Uint8Array = new Uint8Array(0);
  private times: Float64Array = new Float64Array(0);
  private shownReport!: Report;

  /** Compiles and runs the scenario to its end (checkpoints all along), grades it, and goes back to the start. */
  static open(options: OpenOptions): PlayableRun | { error: string } {
    const compiled = compile(options.source, options.scenario);
    if (compiled.config === null) {
      if (options.scenario !== undefined && !compiled.scenarios.includes(options.scenario)) return { error: `no scenario named "${options.scenario}"` };
      const first = compiled.diagnostics.find((d) => d.severity === 'error');
      return { error: `the scenario does not compile${first === undefined ? '' : ` (line ${first.range.start.line + 1}: ${first.message})`}` };
    }
    const protocol = getProtocol(compiled.config.protocol.name);
    if (protocol === undefined) return { error: `the ${compiled.config.protocol.name} protocol cannot be simulated yet` };
    // A seed other than the scenario's own is written into a saved fork, as the debugger does.
    const seed = options.seed !== undefined && options.seed !== compiled.config.seed ? options.seed : undefined;
    const config = seed === undefined ? compiled.config : { ...compiled.config, seed };
    const fork: ScenarioFork = { source: options.source, scenario: config.scenario, lines: [], ...(seed === undefined ? {} : { seed }) };
    return new PlayableRun(config, protocol, fork, options);
  }

  private constructor(config: SimConfig, protocol: AnyProtocol, fork: ScenarioFork, options: OpenOptions) {
    this.config = config;
    this.protocol = protocol;
    this.hand = new HandActions(fork);
    this.run = new TimeTravelRun(config, protocol, {
      ...(options.maxEvents === undefined ? {} : { maxEvents: options.maxEvents }),
      checkpointEvery: options.checkpointEvery ?? PLAY_CHECKPOINT_EVERY,
    });
    this.reanalyze();
    this.run.seek(0);
  }

  /** The graded run of the current timeline (with the actions taken by hand): what the panel draws. */
  get report(): Report {
    return this.shownReport;
  }
  get cursor(): number {
    return this.run.cursor;
  }
  get lastEvent(): number {
    return this.times.length - 1;
  }
  get manualLines(): readonly string[] {
    return this.hand.lines;
  }
  /** The time travel itself, for benchmarks and tests that look under the hood. */
  get timeTravel(): TimeTravelRun {
    return this.run;
  }

  // ---- moving -----------------------------------------------------------------------------------

  seekEvent(event: number): void {
    this.run.seek(Math.max(0, Math.min(this.lastEvent, Math.floor(event))));
  }

  /** One event forward (+1) or back (-1), or more. */
  step(delta: number): void {
    this.seekEvent(this.cursor + delta);
  }

  /** The cursor goes after the last event at or before `t` (to 0 before the first). */
  seekTime(t: Micros): void {
    this.seekEvent(this.lastEventAtOrBefore(t));
  }

  lastEventAtOrBefore(t: Micros): number {
    let low = 1;
    let high = this.times.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.times[mid]! <= t) low = mid + 1;
      else high = mid;
    }
    return low - 1;
  }

  /** The next (or previous) event that did this kind of thing; the cursor stays when there is none. */
  jump(kind: Landmark, direction: 1 | -1): boolean {
    const bit = LANDMARK_BITS[kind];
    for (let n = this.cursor + direction; n >= 1 && n <= this.lastEvent; n += direction) {
      if ((this.landmarks[n]! & bit) !== 0) {
        this.seekEvent(n);
        return true;
      }
    }
    return false;
  }

  // ---- breaking things by hand ------------------------------------------------------------------

  /**
   * Takes `action` (`crash n2`, `restart n2`, `pause n1 for 200ms`, `partition n1 | n2, n3`, `heal`)
   * at the cursor: the run forks there and is re-run and re-graded to its end; the cursor stays.
   * The cursor may move a few events forward first, to a moment no other event shares (see
   * TimeTravelRun.momentForAction): the saved scenario then replays the fork exactly.
   */
  act(action: string): ActResult {
    const moment = HandActions.momentAt(this.run);
    return moment.ok ? this.forkWith(action, moment.at) : moment;
  }

  /**
   * You are the network: drops, duplicates, delays (by `delay`, a duration such as `200ms`) or
   * delivers now the message `id` listed in flight at the cursor. It becomes the fault line that
   * picks exactly that message (scenario-fork.ts messageActionFor: `drop next ...` for the
   * earliest-sent of its kind on its link, else `drop ... sent at T`), taken as any other action
   * (one breadcrumb entry, undone by Undo, saved by Save as scenario). The message is looked for
   * again at the action's moment, which may lie a few events after the cursor: when it arrived in
   * between, the action is refused; when another of its kind is now ahead of it, the line names
   * it by its send time.
   */
  actOnMessage(id: number, action: MessageAction, delay?: string): ActResult {
    if (action === 'delay') {
      const problem = messageDelayProblem(delay ?? '');
      if (problem !== null) return { ok: false, error: problem };
    }
    const moment = HandActions.momentAt(this.run);
    if (!moment.ok) return moment;
    const choice = messageActionFor(this.run.view.messagesInFlight(), id, action, delay?.trim());
    if (!choice.ok) return { ok: false, error: choice.error };
    return this.forkWith(choice.action, moment.at);
  }

  private forkWith(action: string, at: Micros): ActResult {
    const taken = this.hand.take(this.run, action, at);
    if (taken.ok) this.regrade();
    return taken;
  }

  /** Takes back the last action: the run before it comes back, event for event. Returns the line undone. */
  undo(): string | undefined {
    const undone = this.hand.undo(this.run);
    if (undone !== undefined) this.regrade();
    return undone;
  }

  /** "Save as scenario": a child scenario that `extends` this one, with the actions as fault lines. */
  saved(): SavedFork {
    return this.hand.saved();
  }

  /** The scenario's config with the manual faults in it, stable-sorted by time as the compiler sorts a file's. */
  replayConfig(): SimConfig {
    return this.hand.replayConfig(this.config);
  }

  // ---- what the panel shows ---------------------------------------------------------------------

  snapshot(): PlaySnapshot {
    const trace = this.run.traceSoFar;
    const { start, end } = this.run.eventTraceRange();
    const happened: string[] = [];
    for (let i = start; i < end && happened.length < HAPPENED_LINES; i++) happened.push(describe(trace[i]!));
    if (end - start > HAPPENED_LINES) happened.push(`… ${end - start - HAPPENED_LINES} more`);
    const inFlight = this.run.view.messagesInFlight();
    return {
      scenario: this.config.scenario,
      seed: this.config.seed,
      event: this.cursor,
      lastEvent: this.lastEvent,
      now: this.run.now,
      nodes: nodeStates(this.run.view),
      manual: [...this.hand.lines],
      happened,
      inFlight: this.inFlightViews(inFlight),
      inFlightTotal: inFlight.length,
      forkedAt: this.hand.forkedAt(),
    };
  }

  /** The first few messages in flight, with their send times and payloads. */
  private inFlightViews(inFlight: readonly InFlightMessage[]): InFlightView[] {
    const shown = inFlight.slice(0, IN_FLIGHT_SHOWN);
    const nodes = new Set(this.config.nodes);
    return shown.map((m) => {
      const view: InFlightView = { id: m.id, type: m.type, from: m.from, to: m.to, sentAt: m.sentAt, dueAt: m.arriveAt, payload: payloadSummary(m.body, m.type) };
      if (m.heldBy !== undefined) view.heldBy = m.heldBy;
      const refusal = !nodes.has(m.from) || !nodes.has(m.to)
        ? 'a client\'s request or reply: message fault lines name the protocol\'s messages between nodes'
        : /\s/.test(m.type)
          ? `its type "${m.type}" is two words, which a fault line cannot name`
          : (() => {
              const choice = messageActionFor(inFlight, m.id, 'drop');
              return choice.ok ? undefined : choice.error;
            })();
      if (refusal !== undefined) view.refusal = refusal;
      return view;
    });
  }

  /**
   * One message of the shown timeline opened: its payload (the sending event re-run) and the timers
   * its delivery armed; the cursor stays (message-inspection.ts).
   */
  inspectMessage(query: MessageQuery): RunInspection {
    return inspectInRun(this.run, this.shownReport.trace, query);
  }

  /** Event numbers of each kind of landmark (for tests and the timeline's ticks). */
  landmarkEvents(kind: Landmark): number[] {
    const bit = LANDMARK_BITS[kind];
    const out: number[] = [];
    for (let n = 1; n <= this.lastEvent; n++) if ((this.landmarks[n]! & bit) !== 0) out.push(n);
    return out;
  }

  // ---- internals --------------------------------------------------------------------------------

  private regrade(): void {
    const cursor = this.cursor;
    this.reanalyze();
    this.run.seek(cursor);
  }

  /**
   * Drives the timeline to its end and grades it twice over: the debugger's analysis (which event
   * each broken expectation breaks at) and the full Report every host shows (all checkers), both
   * from the same finished run.
   */
  private reanalyze(): void {
    this.analysis = analyzeForDebugging(this.run, this.protocol, this.replayConfig());
    const result = this.run.finish();
    const raft = this.config.expectations.some((e) => e.kind === 'raft-safety') ? findRaftSafetyBreak(this.replayConfig(), this.protocol) : undefined;
    this.shownReport = gradeRun(
      this.config,
      this.protocol,
      // The run's logs are shared with its checkpoints and cut back when the cursor moves: copies.
      { ...result, stats: { ...result.stats }, trace: result.trace.slice(), history: result.history.slice(), timeline: result.timeline.slice() },
      { analyze: true, keepTrace: true, ...(raft === undefined ? {} : { raftSafety: raft.violation }) },
    );
    const { times, traceEnds } = this.run.eventColumns();
    this.times = times;
    this.landmarks = landmarksOf(this.shownReport.trace, traceEnds, this.analysis.expectationBreaks);
  }
}

/** Per event n, a bit for each kind of landmark it is. */
function landmarksOf(trace: readonly TraceEvent[], traceEnds: Int32Array, breaks: ReadonlyMap<number, number>): Uint8Array {
  const marks = new Uint8Array(traceEnds.length);
  const roles = new Map<string, unknown>();
  for (let n = 0; n < traceEnds.length; n++) {
    let bits = 0;
    const from = n === 0 ? 0 : traceEnds[n - 1]!;
    for (let i = from; i < traceEnds[n]!; i++) {
      const event = trace[i]!;
      if (MESSAGE_KINDS.has(event.kind)) bits |= LANDMARK_BITS.message;
      else if (FAULT_KINDS.has(event.kind)) bits |= LANDMARK_BITS.fault;
      else if (event.kind === 'state' && 'role' in event.state) {
        // A role change, in each protocol's words: a leader elected, a primary promoted, a lock taken.
        const before = roles.get(event.node);
        if (before !== undefined && before !== event.state['role']) bits |= LANDMARK_BITS.role;
        roles.set(event.node, event.state['role']);
      }
    }
    marks[n] = bits;
  }
  for (const event of breaks.values()) if (event >= 0 && event < marks.length) marks[event]! |= LANDMARK_BITS.expectation;
  return marks;
}

/**
 * What a message carries, in a line: `term=3 prevIndex=7 entries=[2]`; bounded, never walks a whole
 * log. A field that only repeats the message's type (`kind=AppendEntries`) is left out.
 */
export function payloadSummary(body: unknown, type?: string): string {
  let text: string;
  if (body === null || body === undefined) text = '—';
  else if (typeof body !== 'object') text = String(body);
  else if (Array.isArray(body)) text = `[${body.length}]`;
  else if (body instanceof Map || body instanceof Set) text = `${body instanceof Map ? 'Map' : 'Set'}(${body.size})`;
  else {
    const parts: string[] = [];
    for (const key in body) {
      const value = (body as Record<string, unknown>)[key];
      if (type !== undefined && value === type) continue;
      if (parts.length === 6) {
        parts.push('…');
        break;
      }
      parts.push(`${key}=${valueSummary(value)}`);
    }
    text = parts.length === 0 ? '{}' : parts.join(' ');
  }
  return text.length > PAYLOAD_CHARS ? `${text.slice(0, PAYLOAD_CHARS - 1)}…` : text;
}

function valueSummary(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value.length > 16 ? `${value.slice(0, 15)}…` : value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  if (value instanceof Map || value instanceof Set) return `${value instanceof Map ? 'Map' : 'Set'}(${value.size})`;
  return '{…}';
}

/** One trace event in a line: `n1 → n2 AppendEntries`, `crash n3`, `n2 role leader`. */
export function describe(event: TraceEvent): string {
  switch (event.kind) {
    case 'send':
    case 'deliver':
    case 'drop':
    case 'duplicate':
      return `${event.kind} ${event.from} → ${event.to} ${event.type}`;
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return `${event.kind} ${event.node}`;
    case 'partition':
      return `partition ${event.label}`;
    case 'heal':
      return 'heal';
    case 'timer':
      return `${event.node} timer ${event.name}`;
    case 'state':
      return `${event.node} ${Object.entries(event.state).slice(0, 4).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join(', ')}`;
    case 'client':
      return `client ${event.client} ${event.phase} op ${event.op}${event.node === undefined ? '' : ` at ${event.node}`}`;
    case 'note':
      return event.text;
    default:
      return event.kind;
  }
}
