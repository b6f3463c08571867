// Cold start of the CLI: `faultline validate`, `check` and `run` on tiny inputs against
// `node -e 0`, each a fresh process, and Porcupine's 60 etcd logs checked in one call.
// Run: node --import tsx bench/startup.bench.ts [--runs N]   (builds dist/ first)
// Targets (issue 19): `faultline check tiny.edn` ≤ 1.3× `node -e 0`; 60 etcd logs ≤ 0.5 s.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flag, median } from './shared.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const launcher = join(root, 'bin', 'faultline');
const RUNS = flag('runs', 15);

execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'faultline-startup-'));
const tinyEdn = join(dir, 'tiny.edn');
writeFileSync(tinyEdn, '{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value nil}\n');
const tinyFault = join(dir, 'tiny.fault');
writeFileSync(tinyFault, 'scenario "tiny" {\n  run for 1s\n  cluster {\n    nodes n1\n    protocol raft\n  }\n}\n');
const etcd = join(root, 'test', 'fixtures', 'porcupine', 'etcd');
const etcdLogs = readdirSync(etcd).filter((f) => f.endsWith('.log')).sort().map((f) => join(etcd, f));

/** Wall milliseconds of one fresh process. */
function wall(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status === null) throw new Error(`${args.join(' ')} did not exit`);
  return ms;
}

const cases: Array<[string, string[]]> = [
  ['node -e 0', ['-e', '0']],
  ['faultline validate tiny.fault', [launcher, 'validate', tinyFault]],
  ['faultline check tiny.edn', [launcher, 'check', tinyEdn]],
  ['faultline run tiny.fault', [launcher, 'run', tinyFault]],
  ['faultline check <60 etcd logs>', [launcher, 'check', ...etcdLogs]],
];
console.log(`node ${process.version}, ${RUNS} runs each (interleaved); load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const times = new Map<string, number[]>(cases.map(([label]) => [label, []]));
for (const [, args] of cases) wall(args); // warm the file cache
// Interleaved, so a slow stretch of a shared machine hits every case alike.
for (let i = 0; i < RUNS; i++) for (const [label, args] of cases) times.get(label)!.push(wall(args));
const base = median(times.get('node -e 0')!);
for (const [label] of cases) {
  const t = times.get(label)!;
  console.log(`${label.padEnd(34)} median ${median(t).toFixed(0).padStart(5)} ms  min ${Math.min(...t).toFixed(0).padStart(5)} ms  ${(median(t) / base).toFixed(2)}× node -e 0`);
}
rmSync(dir, { recursive: true, force: true });
