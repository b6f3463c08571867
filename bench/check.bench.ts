// Linearizability checker timings on the Porcupine corpus and a generated 100,000-operation
// history, and a 1,000,000-operation sequential history read from EDN.
// Run: node --import tsx bench/check.bench.ts [--long-ops N]
// Reference (Porcupine, Go, 2 cores): 60 etcd logs ~0.36 s total; kv c50-ok ~140 ms with per-key
// partitioning; kv c10-ok ~1.8 s without it. Prints the first (cold) run and the best of a few.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizable, checkOperationsLinearizable } from '../core/check/linearizability.ts';
import type { Model } from '../core/check/model.ts';
import { kvModel, kvWholeStoreModel, registerModel } from '../core/check/models/index.ts';
import { historyToEdn } from '../core/history/export.ts';
import { importHistory, importOperations, importOperationsFromBytes } from '../core/history/import.ts';
import { fileHistoryBytes } from '../cli/commands/check.ts';
import type { History, HistoryEvent } from '../core/types/history.ts';
import { flag } from './shared.ts';

const corpus = fileURLToPath(new URL('../test/fixtures/porcupine/', import.meta.url));
const RUNS = 5;

function load(path: string): History {
  const r = importHistory(readFileSync(path, 'utf8'));
  if (!r.ok) throw new Error(`${path}: ${r.error.message}`);
  return r.history;
}

function time(label: string, reference: string, work: () => string): void {
  const ms: number[] = [];
  const cpu: number[] = [];
  let note = '';
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    note = work();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  // CPU time is printed too: on a busy machine wall time mostly measures the neighbours.
  const fmt = (x: number) => x.toFixed(1).padStart(7);
  console.log(
    `${label.padEnd(42)} first ${fmt(ms[0]!)} ms (cpu ${fmt(cpu[0]!)})  best ${fmt(Math.min(...ms))} ms (cpu ${fmt(Math.min(...cpu))})  ${note}${reference ? `  (Porcupine: ${reference})` : ''}`,
  );
}

function verdict<S>(history: History, model: Model<S>, partition = true): string {
  const r = checkLinearizable(history, model, { partition });
  return `${r.verdict.holds === true ? 'linearizable' : r.verdict.holds === false ? 'NOT linearizable' : 'unknown'}, ${r.steps} steps`;
}

const etcd = readdirSync(join(corpus, 'etcd'))
  .filter((f) => f.endsWith('.log'))
  .sort()
  .map((f) => load(join(corpus, 'etcd', f)));
const kv = (name: string) => load(join(corpus, 'kv', `${name}.txt`));

console.log(`node ${process.version}, ${RUNS} runs each; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
time('60 etcd logs (register)', '~360 ms', () => {
  let bad = 0;
  for (const h of etcd) if (checkLinearizable(h, registerModel).verdict.holds === false) bad++;
  return `${etcd.length - bad} linearizable, ${bad} not`;
});
const c50ok = kv('c50-ok');
const c50bad = kv('c50-bad');
const c10ok = kv('c10-ok');
const c10bad = kv('c10-bad');
time('kv c50-ok, per key', '~140 ms', () => verdict(c50ok, kvModel));
time('kv c50-bad, per key', '~26 ms', () => verdict(c50bad, kvModel));
time('kv c10-ok, per key', '', () => verdict(c10ok, kvModel));
time('kv c10-ok, whole store (no partitioning)', '~1.8 s', () => verdict(c10ok, kvWholeStoreModel));
time('kv c10-bad, per key', '', () => verdict(c10bad, kvModel));
time('kv c10-bad, whole store (no partitioning)', '~2.2 s', () => verdict(c10bad, kvWholeStoreModel));

/** A linearizable register history: each operation takes effect between its invocation and completion. */
function generate(ops: number, keys: number, processes: number): History {
  let seed = 12345;
  const rand = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  const values = new Map<string, number | null>();
  type Open = { p: number; opId: number; f: string; key: string; input: unknown; output: unknown; applied: boolean };
  const open: Array<Open | null> = new Array(processes).fill(null);
  const events: HistoryEvent[] = [];
  let invoked = 0;
  let t = 0;
  while (invoked < ops || open.some((o) => o !== null)) {
    const p = rand(processes);
    const o = open[p];
    t += 1 + rand(50);
    if (o === null || o === undefined) {
      if (invoked >= ops) continue;
      const key = `k${rand(keys)}`;
      const f = ['read', 'write', 'cas'][rand(3)]!;
      const input = f === 'read' ? null : f === 'write' ? rand(5) : [rand(5), rand(5)];
      open[p] = { p, opId: invoked, f, key, input, output: null, applied: false };
      events.push({ index: events.length, process: p, type: 'invoke', f, key, value: input, time: t, opId: invoked++ });
    } else if (!o.applied) {
      const cur = values.get(o.key) ?? null;
      if (o.f === 'read') o.output = cur;
      else if (o.f === 'write') values.set(o.key, o.input as number);
      else {
        const [from, to] = o.input as [number, number];
        o.output = cur === from;
        if (cur === from) values.set(o.key, to);
      }
      o.applied = true;
    } else {
      const type = o.f === 'cas' && o.output === false ? 'fail' : 'ok';
      const value = o.f === 'read' ? o.output : o.input;
      events.push({ index: events.length, process: p, type, f: o.f, key: o.key, value, time: t, opId: o.opId });
      open[p] = null;
    }
  }
  return events;
}

const big = generate(100_000, 2_000, 40);
const heapBefore = process.memoryUsage().heapUsed;
let peak = heapBefore;
const t0 = performance.now();
const bigResult = checkLinearizable(big, registerModel, { budget: { expired: () => ((peak = Math.max(peak, process.memoryUsage().heapUsed)), false) } });
const bigMs = performance.now() - t0;
peak = Math.max(peak, process.memoryUsage().heapUsed);
console.log(
  `${'generated 100,000 ops over 2,000 keys'.padEnd(44)} ${bigMs.toFixed(0)} ms, ${bigResult.verdict.holds ? 'linearizable' : 'NOT linearizable'}, ${bigResult.partitions} pieces, heap used ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB (peak seen ${(peak / 2 ** 20).toFixed(0)} MiB, history itself ${(heapBefore / 2 ** 20).toFixed(0)} MiB)`,
);

// Long histories: 1,000,000 sequential single-key register operations (writes of 5 values and
// reads), read from an EDN file and checked, as `faultline check` does (importOperationsFromBytes
// scans the bytes and joins the operations while reading). Target (issue 19): ≤ 2 s, ≤ 1 GB; Porcupine: 100k in 2.9 s /
// 1.4 GB, out of memory at 400k. On the shared 2-core machine: before the fast reader (event
// objects, per-segment arrays) read 2871 ms + check 1520 ms at load average ~1; after it, read
// 1722 ms + check 207 ms, cpu 1299 ms at load average 7.8 (wall there is mostly waiting).
// `faultline check` on the same file at load average 1.3-2: 3.53 s wall and 952 MB peak RSS
// before, 1.78-2.55 s (median 2.09 s) and 430 MB after; the bench here at load average 2.1:
// read 1527 ms + check 218 ms. Reading from a byte window instead of a string of the file
// (edn-bytes.ts), side by side at load average 24-35: `faultline check` 3.8 s -> 2.4 s of CPU
// (user + system; wall 22-26 s -> 14-20 s, mostly waiting), 424 MB -> 290 MB peak RSS; the bench
// here, cpu 3188 ms -> 1856 ms for read + check (wall read 18.0 s -> 9.8 s at that load).
{
  const n = flag('long-ops', 1_000_000);
  const lines: string[] = [];
  let value = 0;
  for (let i = 0; i < n; i++) {
    const t = i * 2000;
    if (i % 2 === 0) {
      value = i % 5;
      lines.push(`{:process 0, :type :invoke, :f :write, :value ${value}, :time ${t}}`, `{:process 0, :type :ok, :f :write, :value ${value}, :time ${t + 1000}}`);
    } else lines.push(`{:process 1, :type :invoke, :f :read, :value nil, :time ${t}}`, `{:process 1, :type :ok, :f :read, :value ${value}, :time ${t + 1000}}`);
  }
  // Read from a file, as `faultline check` reads it (a byte window, no string of the whole file).
  const dir = mkdtempSync(join(tmpdir(), 'faultline-check-bench-'));
  const path = join(dir, 'long.edn');
  const size = lines.reduce((sum, line) => sum + line.length + 1, 0);
  writeFileSync(path, lines.join('\n') + '\n');
  lines.length = 0;
  const rssBefore = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const source = fileHistoryBytes(path);
  const imported = importOperationsFromBytes(source);
  source.close();
  const t1 = performance.now();
  rmSync(dir, { recursive: true, force: true });
  if (!imported.ok) throw new Error(imported.error.message);
  const result = checkOperationsLinearizable(imported.ops, registerModel, { failReading: imported.failReading, timed: imported.timed });
  const t2 = performance.now();
  const cpu = process.cpuUsage(c0);
  const load = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(
    `${`${n.toLocaleString('en')} sequential ops, one key (${(size / 1e6).toFixed(0)} MB EDN)`.padEnd(44)} read ${(t1 - t0).toFixed(0)} ms + check ${(t2 - t1).toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), ` +
      `${result.verdict.holds ? 'linearizable' : String(result.verdict.holds)}, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (before ${(rssBefore / 2 ** 20).toFixed(0)} MiB); load average ${load}`,
  );
}

// The generated 100,000-operation history as Jepsen EDN text, read back (after the long
// history, so its garbage does not show in that one's rss): every line has a string key, and strings were
// once read in time proportional to the rest of the file (35 s for these 19 MB; now ~0.5 s).
{
  const edn = historyToEdn(big);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const read = importOperations(edn);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (!read.ok) throw new Error(read.error.message);
  console.log(`${`same, read from EDN (${(edn.length / 1e6).toFixed(0)} MB, a string key per line)`.padEnd(44)} ${ms.toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), ${read.ops.length} operations`);
}
