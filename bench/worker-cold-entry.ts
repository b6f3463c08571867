// The probe worker of bench/worker-cold.bench.ts: the run worker's steps (compile, engine,
// grading, encodeRun) timed one by one, for a first run in a fresh worker and the runs after it.

import { compile } from '../core/language/index.ts';
import { runScenario } from '../core/run.ts';
import { withStaticClassification } from '../webview/complete-report.ts';
import { encodeRun } from '../webview/model/packed-run.ts';

type Scope = { postMessage(message: unknown): void; onmessage: ((event: { data: { text: string } | { touchMb: number } }) => void) | null };
const scope = globalThis as unknown as Scope;

/** Allocates about `mb` MB of small objects that live until the end (what a long run's trace does to the heap). */
function touch(mb: number): number {
  const objects = Math.floor((mb * 1024 * 1024) / 100);
  const kept: unknown[] = [];
  for (let i = 0; i < objects; i++) kept.push({ kind: 'state', t: i, node: `n${i % 5}`, at: [i] });
  return kept.length;
}

scope.onmessage = (event) => {
  const t0 = performance.now();
  if ('touchMb' in event.data) {
    const objects = touch(event.data.touchMb);
    scope.postMessage({ touched: objects, total: performance.now() - t0 });
    return;
  }
  const config = compile(event.data.text).config!;
  const t1 = performance.now();
  const report = runScenario(config, { clock: () => performance.now() });
  const t2 = performance.now();
  const packed = encodeRun(withStaticClassification(report));
  const t3 = performance.now();
  scope.postMessage({ compile: t1 - t0, engine: report.stats.wallMs, analysis: report.stats.gradeMs ?? 0, grading: t2 - t1 - report.stats.wallMs, encodeRun: t3 - t2, total: t3 - t0, bytes: packed.byteLength });
};
