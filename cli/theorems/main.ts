// `npm run theorems -- --runs N --seed S [--jobs J] [--seeds-per-scenario K] [--protocol P] [--out DIR]`
//
// Runs the theorem sweep (core/theorems): ceil(N / K) generated scenarios of stream S, K seeds
// each, every run judged by every theorem whose preconditions it meets. Each broken theorem's
// first failure is shrunk to a small .fault file written to DIR, with its replay command. With
// --jobs J the scenarios are split over J child processes (`--shard i/J`), each printing its
// results as one JSON line; the parent merges them, so 1 job and 8 give the same figures.
// Ctrl-C stops after the scenarios in progress and reports those done.
// Exit code: 0 when every theorem held, 1 when one broke, 2 on bad arguments.

import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_NAMES } from '../../core/protocols/options-registry.ts';
import { generatedScenario, reproduce, runCase, type CaseResult } from '../../core/theorems/sweep.ts';
import type { ProtocolName } from '../../core/types/sim-config.ts';

type Options = { runs: number; seed: number; jobs: number; perScenario: number; protocols?: ProtocolName[]; out: string; shard?: { index: number; count: number }; maxRepro: number };

const USAGE = 'usage: npm run theorems -- [--runs N] [--seed S] [--jobs J] [--seeds-per-scenario K] [--protocol NAME] [--out DIR] [--max-repro M]';

function parse(argv: readonly string[]): Options | string {
  const options: Options = { runs: 2000, seed: 1, jobs: 1, perScenario: 2, out: '.tmp/theorems', maxRepro: 10 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = argv[i + 1];
    const int = (min: number) => {
      const n = Number(value);
      if (value === undefined || !Number.isInteger(n) || n < min) throw new Error(`${flag} needs a whole number ≥ ${min}`);
      i++;
      return n;
    };
    try {
      if (flag === '--runs') options.runs = int(1);
      else if (flag === '--seed') options.seed = int(0);
      else if (flag === '--jobs') options.jobs = int(1);
      else if (flag === '--seeds-per-scenario') options.perScenario = int(1);
      else if (flag === '--max-repro') options.maxRepro = int(0);
      else if (flag === '--out' && value !== undefined) (options.out = value), i++;
      else if (flag === '--protocol' && value !== undefined && (PROTOCOL_NAMES as readonly string[]).includes(value)) (options.protocols ??= []).push(value as ProtocolName), i++;
      else if (flag === '--shard' && value !== undefined && /^\d+\/\d+$/.test(value)) {
        const [index, count] = value.split('/').map(Number) as [number, number];
        options.shard = { index, count };
        i++;
      } else return `unknown or incomplete option ${flag}\n${USAGE}\nprotocols: ${PROTOCOL_NAMES.join(', ')}`;
    } catch (error) {
      return `${(error as Error).message}\n${USAGE}`;
    }
  }
  return options;
}

const scenarioCount = (o: Options) => Math.ceil(o.runs / o.perScenario);
const seedsOf = (o: Options) => Array.from({ length: o.perScenario }, (_, i) => i + 1);

/** The scenarios of one shard: every count-th, so slow and fast scenarios spread evenly. */
async function runShard(o: Options, index: number, count: number, onCase: (result: CaseResult) => void): Promise<void> {
  const protocols = o.protocols === undefined ? {} : { protocols: o.protocols };
  process.once('SIGINT', () => (interrupted = true));
  for (let i = index; i < scenarioCount(o) && !interrupted; i += count) {
    onCase(runCase(o.seed, i, seedsOf(o), protocols));
    // Let a pending SIGINT be delivered between scenarios.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function childArgs(o: Options, index: number): string[] {
  const args = ['--runs', String(o.runs), '--seed', String(o.seed), '--seeds-per-scenario', String(o.perScenario), '--shard', `${index}/${o.jobs}`];
  for (const p of o.protocols ?? []) args.push('--protocol', p);
  return args;
}

/** Shards that exited abnormally: the report names them and the sweep fails. */
const crashedShards: string[] = [];

/** Set by Ctrl-C (SIGINT): stop starting scenarios and report the ones done. */
let interrupted = false;

async function runJobs(o: Options, onCase: (result: CaseResult) => void): Promise<void> {
  const script = fileURLToPath(import.meta.url);
  const children: Array<ReturnType<typeof spawn>> = [];
  // Children share the terminal's process group, so Ctrl-C reaches them too; a SIGINT sent to
  // this process alone is passed on. Either way each child ends and its results so far count.
  process.once('SIGINT', () => {
    interrupted = true;
    for (const child of children) child.kill('SIGINT');
  });
  await Promise.all(
    Array.from({ length: o.jobs }, (_, index) =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', script, ...childArgs(o, index)], { stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(child);
        let buffered = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          buffered += chunk;
          let newline: number;
          while ((newline = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (line.trim() !== '') onCase(JSON.parse(line) as CaseResult);
          }
        });
        child.on('error', reject);
        // A shard that dies (out of memory, a throw outside a run) is reported with the results
        // it sent; the other shards go on.
        child.on('close', (code) => {
          if (code !== 0 && !interrupted) crashedShards.push(`shard ${index}/${o.jobs} exited with ${code} after the scenarios it reported`);
          resolve();
        });
      }),
    ),
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(parsed + '\n');
    return 2;
  }
  const o = parsed;
  if (o.shard !== undefined) {
    await runShard(o, o.shard.index, o.shard.count, (result) => process.stdout.write(JSON.stringify(result) + '\n'));
    return 0;
  }
  const started = Date.now();
  const total = scenarioCount(o);
  const results: CaseResult[] = [];
  let failing = 0;
  const onCase = (result: CaseResult) => {
    results.push(result);
    if (result.failures.length > 0 || result.compileError !== undefined) failing++;
    if (process.stderr.isTTY || results.length % 100 === 0 || results.length === total) {
      process.stderr.write(`\r${results.length}/${total} scenarios, ${failing} failing, ${((Date.now() - started) / 1000).toFixed(0)} s `);
    }
  };
  if (o.jobs === 1) await runShard(o, 0, 1, onCase);
  else await runJobs(o, onCase);
  process.stderr.write(interrupted ? `\ninterrupted: reporting the ${results.length} scenarios done\n` : '\n');
  results.sort((a, b) => a.index - b.index);
  return report(o, results, Date.now() - started);
}

function report(o: Options, results: readonly CaseResult[], wallMs: number): number {
  const runs = results.reduce((sum, r) => sum + r.runs, 0);
  const overBudget = results.reduce((sum, r) => sum + r.overBudget, 0);
  const judged = new Map<string, number>();
  const broken = new Map<string, Array<{ index: number; seed: number; summary: string }>>();
  for (const r of results) {
    for (const [name, count] of Object.entries(r.checked)) judged.set(name, (judged.get(name) ?? 0) + count);
    for (const f of r.failures) broken.set(f.theorem, [...(broken.get(f.theorem) ?? []), { index: r.index, seed: f.seed, summary: f.summary }]);
  }
  const byProtocol = new Map<string, number>();
  for (const r of results) byProtocol.set(r.protocol, (byProtocol.get(r.protocol) ?? 0) + r.runs);
  console.log(`theorem sweep: stream ${o.seed}, ${results.length} scenarios × ${o.perScenario} seeds = ${runs} runs in ${(wallMs / 1000).toFixed(1)} s (${o.jobs} job${o.jobs === 1 ? '' : 's'})`);
  console.log(`  runs per protocol: ${[...byProtocol].map(([p, n]) => `${p} ${n}`).join(', ')}; over the event budget (not judged): ${overBudget}`);
  console.log('');
  console.log('   judged  broken  theorem');
  for (const [name, count] of [...judged].sort((a, b) => a[0].localeCompare(b[0]))) {
    console.log(`${String(count).padStart(9)} ${String(broken.get(name)?.length ?? 0).padStart(7)}  ${name}`);
  }
  const uncompiled = results.filter((r) => r.compileError !== undefined);
  for (const r of uncompiled) console.log(`\nscenario ${r.index} does not compile (a generator or printer bug):\n${r.compileError}\n${r.text}`);
  for (const crash of crashedShards) console.log(`\n✗ ${crash}`);
  if (broken.size === 0) return uncompiled.length > 0 || crashedShards.length > 0 ? 1 : 0;

  mkdirSync(o.out, { recursive: true });
  let written = 0;
  for (const [theorem, failures] of broken) {
    const first = failures[0]!;
    console.log(`\n✗ ${theorem}: ${failures.length} run${failures.length === 1 ? '' : 's'}; first: scenario ${first.index}, seed ${first.seed}: ${first.summary}`);
    if (failures.length > 1) console.log(`  all: ${failures.slice(0, 20).map((f) => `#${f.index} seed ${f.seed}`).join(', ')}${failures.length > 20 ? ', …' : ''}`);
    if (written >= o.maxRepro) continue;
    const { config } = generatedScenario(o.seed, first.index, o.protocols);
    const file = join(o.out, `${theorem.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}.fault`);
    const shown = relative(process.cwd(), file);
    const repro = config === null ? 'the scenario does not compile' : reproduce(config, first.seed, theorem, shown);
    if (typeof repro === 'string') {
      console.log(`  not shrunk: ${repro}`);
      continue;
    }
    writeFileSync(file, repro.text);
    written++;
    console.log(`  shrunk to ${shown}${repro.shrink === null ? '' : ` (${repro.shrink.runs} runs)`}; replay: ${repro.replay.replace(/^faultline/, 'bin/faultline')}`);
  }
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
