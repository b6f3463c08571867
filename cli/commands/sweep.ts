// `faultline sweep FILE [--scenario NAME] --seeds N [--from S] [--jobs J] [--json] [--shard i/n]
//  [--shrink [-o OUT]] [--max-events N]` runs many seeds on worker threads and tallies which
// expectations broke; `faultline sweep --merge a.json b.json ...` merges shard summaries.
// Exit 0 when no seed broke an expectation, 1 when some did, 2 on invalid input.

import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Command } from '../main.ts';
import { compile } from '../../core/language/index.ts';
import { getProtocol } from '../../core/protocols/registry.ts';
import { runScenario } from '../../core/run.ts';
import { mergeSummaries, parseShard, printScenario, seedsOf, shardRange, shrink, summarize, type Shard, type SweepSummary } from '../../core/sweep/index.ts';
import { formatMicros } from '../../core/sim/format-micros.ts';
import { parseSeed } from '../../core/sim/seed-text.ts';
import { runPool } from '../sweep/pool.ts';
import { progressBar } from '../sweep/progress.ts';
import { InternalError, reportInternalError } from '../internal-error.ts';
import { replayCommand, sweepText } from '../sweep/report-text.ts';
import { formatDiagnostic } from './validate.ts';

const USAGE =
  'faultline sweep FILE [--scenario NAME] --seeds N [--from S] [--jobs J] [--json] [--shard i/n] [--shrink [-o OUT]] [--max-events N]\n' +
  '       faultline sweep --merge A.json B.json ... [--json]';

const MAX_SEEDS_PER_PROCESS = 1_000_000;

type SweepArgs = {
  files: string[];
  scenario?: string;
  seeds?: number;
  from: number;
  jobs: number;
  json: boolean;
  shard?: Shard;
  shrink: boolean;
  out?: string;
  merge: boolean;
  maxEvents?: number;
};

export function parseSweepArgs(args: string[]): SweepArgs | string {
  const parsed: SweepArgs = { files: [], from: 1, jobs: availableParallelism(), json: false, shrink: false, merge: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string | undefined => args[++i];
    const integer = (min: number): number | string => {
      const text = value();
      const number = text === undefined ? NaN : Number(text);
      if (text === undefined || !Number.isSafeInteger(number) || number < min) return `${arg} needs an integer ≥ ${min}, got ${text === undefined ? 'nothing' : `'${text}'`}`;
      return number;
    };
    if (arg === '--json') parsed.json = true;
    else if (arg === '--shrink') parsed.shrink = true;
    else if (arg === '--merge') parsed.merge = true;
    else if (arg === '--scenario' || arg === '-o' || arg === '--out') {
      const text = value();
      if (text === undefined) return `${arg} needs a value`;
      if (arg === '--scenario') parsed.scenario = text;
      else parsed.out = text;
    } else if (arg === '--shard') {
      const shard = parseShard(value() ?? '');
      if (typeof shard === 'string') return shard;
      parsed.shard = shard;
    } else if (arg === '--from') {
      const read = parseSeed(value() ?? '');
      if (!read.ok) return `--from: ${read.error}`;
      parsed.from = read.seed;
    } else if (arg === '--seeds' || arg === '--jobs' || arg === '--max-events') {
      const number = integer(1);
      if (typeof number === 'string') return number;
      if (arg === '--seeds') parsed.seeds = number;
      else if (arg === '--jobs') parsed.jobs = number;
      else parsed.maxEvents = number;
    } else if (arg.startsWith('-')) return `unknown option '${arg}'`;
    else parsed.files.push(arg);
  }
  if (parsed.merge) return parsed.files.length === 0 ? 'give the JSON summaries to merge' : parsed;
  if (parsed.files.length !== 1) return parsed.files.length === 0 ? 'give one .fault file' : `give one .fault file, not ${parsed.files.length}`;
  if (parsed.seeds === undefined) return 'say how many seeds to run: --seeds N';
  return parsed;
}

const fail = (message: string): number => {
  process.stderr.write(`faultline sweep: ${message}\n`);
  return 2;
};

export const sweepCommand: Command = {
  summary: 'Run a scenario under many seeds in parallel, tally broken expectations, replay or shrink a failure.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const parsed = parseSweepArgs(args);
    if (typeof parsed === 'string') return fail(`${parsed}\nusage: ${USAGE}`);
    if (parsed.merge) return merge(parsed);
    const file = parsed.files[0]!;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      return fail(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const compiled = compile(text, parsed.scenario);
    // A bug in the analysis or the compiler: main reports it with exit 4, not as a bad file.
    if (compiled.internalError !== undefined) throw compiled.internalError;
    for (const d of compiled.diagnostics) if (d.severity === 'error') process.stderr.write(formatDiagnostic(file, d) + '\n');
    if (compiled.config === null) {
      if (parsed.scenario !== undefined && !compiled.scenarios.includes(parsed.scenario)) return fail(`${file}: no scenario named "${parsed.scenario}"`);
      return fail(`${file}: nothing to sweep: ${compiled.scenarios.length === 0 ? 'the file has no scenario' : 'the scenario has errors (above)'}`);
    }
    const config = compiled.config;
    if (getProtocol(config.protocol.name) === undefined) return fail(`${file}: the ${config.protocol.name} protocol cannot be simulated yet`);

    const whole = { from: parsed.from, count: parsed.seeds! };
    const range = parsed.shard === undefined ? whole : shardRange(whole, parsed.shard);
    // Outcomes are kept per seed (for merging), so one process takes at most this many seeds.
    if (range.count > MAX_SEEDS_PER_PROCESS) return fail(`${range.count} seeds in one process is more than ${MAX_SEEDS_PER_PROCESS}; split the range with --shard i/n`);
    const seeds = seedsOf(range);
    const bar = progressBar(seeds.length);
    const started = performance.now();
    const setup = { config, ...(parsed.maxEvents === undefined ? {} : { maxEvents: parsed.maxEvents }) };
    let pool;
    try {
      pool = await runPool(setup, seeds, parsed.jobs, (done, failing) => bar.update(done, failing));
    } catch (error) {
      bar.finish();
      if (error instanceof InternalError) return reportInternalError('sweep', file, error);
      return fail((error as Error).message);
    }
    bar.finish();
    const summary = summarize(config.scenario, config.expectations, pool.outcomes, Math.round(performance.now() - started));
    printSummary(summary, file, parsed.json, { jobs: parsed.jobs, cpuMs: Math.round(pool.cpuMs) });

    if (parsed.shrink) {
      const code = await shrinkFirst(summary, config, file, parsed);
      if (code === 2) return 2;
    }
    return summary.failingSeeds > 0 ? 1 : 0;
  },
};

function printSummary(summary: SweepSummary, file: string, json: boolean, extra: { jobs?: number; cpuMs?: number }): void {
  if (!json) {
    process.stdout.write(sweepText(summary, file, extra));
    return;
  }
  const failures = summary.failures.map((f) => ({ ...f, replay: replayCommand(file, summary.scenario, f.seed) }));
  process.stdout.write(JSON.stringify({ ...summary, file, failures, ...extra }) + '\n');
}

async function shrinkFirst(summary: SweepSummary, config: Parameters<typeof shrink>[0], file: string, parsed: SweepArgs): Promise<number> {
  const log = (line: string) => (parsed.json ? process.stderr : process.stdout).write(line + '\n');
  const first = summary.failures[0];
  if (first === undefined) {
    log('shrink    nothing to shrink: no seed broke an expectation');
    return 0;
  }
  const result = shrink(config, first.seed, first.expectation, parsed.maxEvents === undefined ? {} : { maxEvents: parsed.maxEvents });
  if (typeof result === 'string') {
    log(`shrink    ${result}`);
    return 0;
  }
  const out = parsed.out ?? file.replace(/\.fault$/, '') + '.shrunk.fault';
  const comment = [
    `Shrunk by \`faultline sweep --shrink\` from ${file}, seed ${first.seed}: "${first.expectation}" still breaks.`,
    `It broke as: ${result.failure.summary}`,
    ...result.steps.map((step) => `- ${step}`),
  ];
  const text = printScenario(result.config, comment);
  // The written text must replay the failure by itself, not only the config it came from.
  const again = compile(text).config;
  const replayed = again === null ? undefined : runScenario(again, { recordTrace: false }).expectations.find((e) => e.text === first.expectation);
  try {
    await writeFile(out, text);
  } catch (error) {
    return fail(`cannot write ${out}: ${(error as Error).message}`);
  }
  const b = result.before;
  const a = result.after;
  log(`shrink    seed ${first.seed}, "${first.expectation}": ${result.steps.length} steps in ${result.runs} runs${result.budgetSpent ? ' (run budget spent)' : ''}`);
  log(`          faults ${b.faults} + ${b.randomFaults} random → ${a.faults} + ${a.randomFaults} random · clients ${b.clients} → ${a.clients} · run ${formatMicros(b.runForUs)} → ${formatMicros(a.runForUs)}`);
  log(`          wrote ${out}${replayed?.holds === false ? '' : ' (WARNING: the written text did not replay the failure)'}`);
  log(`          replay: ${replayCommand(out, result.config.scenario, result.config.seed)}`);
  return 0;
}

async function merge(parsed: SweepArgs): Promise<number> {
  const summaries: Array<SweepSummary & { file?: string }> = [];
  for (const path of parsed.files) {
    try {
      summaries.push(JSON.parse(await readFile(path, 'utf8')) as SweepSummary & { file?: string });
    } catch (error) {
      return fail(`${path}: not a sweep summary: ${(error as Error).message}`);
    }
  }
  const merged = mergeSummaries(summaries);
  if (typeof merged === 'string') return fail(merged);
  printSummary(merged, summaries[0]!.file ?? 'FILE', parsed.json, {});
  return merged.failingSeeds > 0 ? 1 : 0;
}
