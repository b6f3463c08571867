// The simulation worker: compiles the scenario text and runs it off the UI thread, so a long run
// never freezes the playground. Progress goes out every PROGRESS_EVERY events.

import { compile } from '../core/language/index.ts';
import { runScenario } from '../core/run.ts';
import { withStaticClassification } from './complete-report.ts';
import { encodeRun } from './model/packed-run.ts';
import type { SimConfig } from '../core/types/sim-config.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

const PROGRESS_EVERY = 25_000;

type WorkerScope = { postMessage(message: WorkerReply, transfer?: Transferable[]): void; onmessage: ((event: { data: WorkerRequest }) => void) | null };
const scope = globalThis as unknown as WorkerScope;

function configOf(request: WorkerRequest): SimConfig | WorkerReply {
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

function run(request: WorkerRequest): WorkerReply {
  const compiled = configOf(request);
  if ('type' in compiled) return compiled;
  const config = request.seed === undefined ? compiled : { ...compiled, seed: request.seed };
  const started = Date.now();
  const report = runScenario(config, {
    ...(request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents }),
    observer: (view) => {
      if (view.eventCount > 0 && view.eventCount % PROGRESS_EVERY === 0) scope.postMessage({ type: 'progress', simulatedUs: view.now, totalUs: config.runForUs, events: view.eventCount });
    },
  });
  report.stats.wallMs = Date.now() - started;
  // Packed here, off the UI thread: the page gets typed columns instead of cloning 300,000 objects.
  return { type: 'done', run: encodeRun(withStaticClassification(report)) };
}

scope.onmessage = (event) => {
  try {
    const reply = run(event.data);
    if (reply.type === 'done') scope.postMessage(reply, [reply.run.buffer]);
    else scope.postMessage(reply);
  } catch (error) {
    scope.postMessage({ type: 'failed', reason: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
