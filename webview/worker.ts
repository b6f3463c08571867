// The simulation worker: compiles the scenario text and runs it off the UI thread, so a long run
// never freezes the playground. Progress goes out every PROGRESS_EVERY events.
//
// The same script, started a second time, plays the shown run (play-* requests): time travel lives
// here, in the worker, not in the extension host. The worker already bundles the whole core, a
// step back is answered without a round trip through the host (and the host's one JavaScript
// thread stays free for the editor), and the standalone page and the panel share the one code
// path. The host is asked for one thing only: writing a saved scenario into the file.

import { compile } from '../core/language/index.ts';
import { PlayableRun } from '../core/debug/playable-run.ts';
import { withStaticClassification } from './complete-report.ts';
import { encodeRun } from './model/packed-run.ts';
import { runAndPack, verdictsOf } from './run-and-pack.ts';
import type { SimConfig } from '../core/types/sim-config.ts';
import { WARM_UP_SCENARIO, WARM_UP_STAGES } from './warm-up.ts';
import type { PlayReply, PlayRequest, RunRequest, WorkerReply, WorkerRequest } from './worker-protocol.ts';

const PROGRESS_EVERY = 25_000;

type WorkerScope = { postMessage(message: WorkerReply, transfer?: Transferable[]): void; onmessage: ((event: { data: WorkerRequest }) => void) | null };
const scope = globalThis as unknown as WorkerScope;

function configOf(request: RunRequest): SimConfig | WorkerReply {
  if (request.config !== undefined) return request.config;
  const compiled = compile(request.text ?? '', request.scenario);
  if (compiled.config === null) {
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0];
    const where = first === undefined ? '' : ` (line ${first.range.start.line + 1}: ${first.message})`;
    const which = request.scenario !== undefined && !compiled.scenarios.includes(request.scenario) ? `no scenario named "${request.scenario}"` : `${errors.length} error(s)`;
    return { type: 'failed', reason: 'compile-error', message: `The scenario does not compile: ${which}${where}.` };
  }
  return compiled.config;
}

/** Epoch milliseconds: the page compares them with its own clock. */
const epoch = (): number => performance.timeOrigin + performance.now();

function run(request: RunRequest): WorkerReply {
  const received = epoch();
  const config = configOf(request);
  if ('type' in config) return config;
  const compiled = epoch();
  const run = runAndPack(config, {
    ...(request.seed === undefined ? {} : { seed: request.seed }),
    ...(request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents }),
    observer: (view) => {
      if (view.eventCount > 0 && view.eventCount % PROGRESS_EVERY === 0) scope.postMessage({ type: 'progress', simulatedUs: view.now, totalUs: config.runForUs, events: view.eventCount });
    },
    // The verdicts first: the page shows them while the trace is packed, sent and drawn.
    onVerdicts: (early) => scope.postMessage({ type: 'verdicts', verdicts: verdictsOf(early) }),
  });
  // Packed off the UI thread: the page gets typed columns instead of cloning 300,000 objects.
  return { type: 'done', run, stamps: { received, compiled, packed: epoch() } };
}

/** The run being played (one per play worker). */
let playing: PlayableRun | null = null;

function play(request: PlayRequest): PlayReply {
  const { id } = request;
  if (request.type === 'play-open') {
    const opened = PlayableRun.open({
      source: request.text,
      ...(request.scenario === undefined ? {} : { scenario: request.scenario }),
      ...(request.seed === undefined ? {} : { seed: request.seed }),
      ...(request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents }),
    });
    if ('error' in opened) return { type: 'play-failed', id, message: `Time travel is off for this run: ${opened.error}.` };
    playing = opened;
    // The page already shows this run (the run worker made it, identical): no need to send it again.
    return { type: 'play-state', id, snapshot: opened.snapshot() };
  }
  const run = playing;
  if (run === null) return { type: 'play-failed', id, message: 'No run is open for time travel yet.' };
  switch (request.type) {
    case 'play-move': {
      const move = request.move;
      let note: string | undefined;
      if ('event' in move) run.seekEvent(move.event);
      else if ('time' in move) run.seekTime(move.time);
      else if ('step' in move) run.step(move.step);
      else if (!run.jump(move.jump, move.direction)) note = `No ${move.jump === 'expectation' ? 'broken expectation' : move.jump === 'role' ? 'role change' : move.jump} ${move.direction === 1 ? 'after' : 'before'} the cursor.`;
      return { type: 'play-state', id, snapshot: run.snapshot(), ...(note === undefined ? {} : { note }) };
    }
    case 'play-act':
    case 'play-message': {
      const result = request.type === 'play-act' ? run.act(request.action) : run.actOnMessage(request.message, request.action, request.delay);
      if (!result.ok) return { type: 'play-state', id, snapshot: run.snapshot(), note: result.error, refused: true };
      return { type: 'play-state', id, snapshot: run.snapshot(), run: encodeRun(withStaticClassification(run.report)), note: `Forked: ${result.line}` };
    }
    case 'play-undo': {
      const undone = run.undo();
      if (undone === undefined) return { type: 'play-state', id, snapshot: run.snapshot(), note: 'Nothing to undo.', refused: true };
      return { type: 'play-state', id, snapshot: run.snapshot(), run: encodeRun(withStaticClassification(run.report)), note: `Undone: ${undone}` };
    }
    case 'play-save':
      return { type: 'play-saved', id, ...run.saved() };
    case 'play-inspect':
      return { type: 'play-inspected', id, inspection: run.inspectMessage(request.query) };
  }
}

/** One stage's warm-up runs, made as a run is (run, grade, classify, pack) and thrown away. */
function warmUp(stage: number): WorkerReply {
  const config = compile(WARM_UP_SCENARIO).config;
  if (config === null) return { type: 'failed', reason: 'error', message: 'the warm-up scenario does not compile' };
  for (const runForUs of WARM_UP_STAGES[stage] ?? []) runAndPack({ ...config, runForUs }, {});
  return { type: 'warmed' };
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type !== 'run' && request.type !== 'warm-up') {
    let reply: PlayReply;
    try {
      reply = play(request);
    } catch (error) {
      reply = { type: 'play-failed', id: request.id, message: error instanceof Error ? error.message : String(error) };
    }
    if (reply.type === 'play-state' && reply.run !== undefined) scope.postMessage(reply, [reply.run.buffer]);
    else scope.postMessage(reply);
    return;
  }
  try {
    const reply = request.type === 'warm-up' ? warmUp(request.stage) : run(request);
    if (reply.type === 'done') scope.postMessage(reply, [reply.run.buffer]);
    else scope.postMessage(reply);
  } catch (error) {
    scope.postMessage({ type: 'failed', reason: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
