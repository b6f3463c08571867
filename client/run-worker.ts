// The extension host's run worker (bundled to dist/run-worker.cjs, started as a worker_thread by
// run-host.ts). It compiles the scenario text it is sent and runs it with the core's run API;
// a sweep runs core/sweep's sweepSeeds, seed after seed, without keeping traces; a shrink runs
// core/sweep's shrinker on one failing seed; a packed run is the playground's first run of a panel
// being created (webview/run-and-pack.ts). RunHost starts a worker per request, and
// client/prepared-run.ts keeps one for packed runs; either way cancelling is terminating it.

import { parentPort } from 'node:worker_threads';
import { compile } from '../core/language/index.ts';
import { DEFAULT_EXPLORE_OPTIONS, explore } from '../core/explore/index.ts';
import { sweepSeeds } from '../core/sweep/index.ts';
import type { SimConfig } from '../core/types/sim-config.ts';
import { playgroundReport, runAndPack, verdictsOf } from '../webview/run-and-pack.ts';
import { WARM_UP_SCENARIO, WARM_UP_STAGES } from '../webview/warm-up.ts';
import type { RunReply, RunRequest } from './run-protocol.ts';
import { shrinkSeed } from './sweep-shrink.ts';
import { undecidedExamples } from './sweep-undecided.ts';
import { sweepResultOf } from './sweep.ts';

const port = parentPort;

function compileOrExplain(text: string, scenario: string | undefined): SimConfig | string {
  const compiled = compile(text, scenario);
  if (compiled.config !== null) return compiled.config;
  if (scenario !== undefined && !compiled.scenarios.includes(scenario)) return `the file has no scenario named "${scenario}"`;
  const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  if (first === undefined) return 'the file has no scenario block';
  return `the scenario does not compile: ${errors.length} error(s); the first, on line ${first.range.start.line + 1}: ${first.message}`;
}

function handle(request: RunRequest, reply: (message: RunReply) => void): void {
  if (request.type === 'warm-up') {
    const warmUp = compile(WARM_UP_SCENARIO).config;
    if (warmUp !== null) for (const runForUs of WARM_UP_STAGES[0] ?? []) runAndPack({ ...warmUp, runForUs }, {});
    return reply({ type: 'warmed' });
  }
  const config = compileOrExplain(request.text, request.scenario);
  if (typeof config === 'string') return reply({ type: 'failed', message: config });
  if (request.type === 'run' || request.type === 'run-packed') {
    const options = { ...(request.seed === undefined ? {} : { seed: request.seed }), ...(request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents }) };
    if (request.type === 'run') return reply({ type: 'report', report: playgroundReport(config, options) });
    // The verdicts ahead of the packed trace, as the page's own worker sends them.
    return reply({ type: 'packed', run: runAndPack(config, { ...options, onVerdicts: (early) => reply({ type: 'verdicts', verdicts: verdictsOf(early) }) }) });
  }
  if (request.type === 'explore') {
    const started = Date.now();
    const result = explore(config, { ...DEFAULT_EXPLORE_OPTIONS, onProgress: (progress) => reply({ type: 'explore-progress', progress }) });
    return reply({ type: 'explore-done', result, seconds: (Date.now() - started) / 1000 });
  }
  if (request.type === 'shrink') {
    const outcome = shrinkSeed(config, request.seed, request.expectation, {
      fileName: request.fileName,
      maxEvents: request.maxEvents,
      maxRuns: request.maxRuns,
      onRun: (runs, maxRuns) => reply({ type: 'shrink-progress', runs, maxRuns }),
    });
    return reply({ type: 'shrink-done', outcome });
  }
  // The same per-seed run and tally as `faultline sweep` (grading only what the expect lines need).
  const seeds = Array.from({ length: request.seeds }, (_, i) => request.firstSeed + i);
  const summary = sweepSeeds(config, seeds, (done, total) => reply({ type: 'sweep-progress', done, total }), { maxEvents: request.maxEvents });
  const result = sweepResultOf(summary, request.firstSeed);
  undecidedExamples(config, summary, request.maxEvents).forEach((example, i) => {
    if (example !== undefined) result.expectations[i]!.undecidedExample = example;
  });
  reply({ type: 'sweep-done', result });
}

port?.on('message', (request: RunRequest) => {
  // A packed run's bytes move to the host thread instead of being copied.
  const reply = (message: RunReply) => port.postMessage(message, message.type === 'packed' ? [message.run.buffer] : []);
  try {
    handle(request, reply);
  } catch (error) {
    reply({ type: 'failed', message: `the run crashed: ${error instanceof Error ? error.message : String(error)}` });
  }
});
