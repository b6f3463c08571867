// `faultline explore FILE`: every schedule of a small model of the scenario, breadth-first
// (core/explore). Exit 0 when no schedule within the bounds breaks a checked expectation (the
// text says whether the space was exhausted or the depth bound was hit), 1 with the shortest
// counterexample, 2 on invalid input, 3 when the state budget or the timeout ran out first.

import { writeFile } from 'node:fs/promises';
import type { Command } from '../main.ts';
import { readScenarioFile } from '../shared/read-scenario-file.ts';
import { compile } from '../../core/language/index.ts';
import { DEFAULT_EXPLORE_OPTIONS, describeExploration, EXPLORE_LIMITS, replayable, type ExploreOptions, type ExploreProgress, type ExploreResult } from '../../core/explore/index.ts';
import { getProtocol, implementedProtocols } from '../../core/protocols/registry.ts';
import { count } from '../shared/count.ts';
import { formatDiagnostic } from './validate.ts';
import { ExplorationThreadStopped, exploreInShards } from '../explore/pool.ts';

const USAGE =
  'faultline explore FILE [--scenario NAME] [--depth N] [--max-states N] [--crashes K] [--drops K] [--partitions K] ' +
  '[--ops N] [--in-flight N] [--timeout S] [--jobs J] [--shard i/n] [--out FILE.fault] [--json]';

export type ExploreArgs = {
  file: string;
  scenario?: string;
  options: Omit<ExploreOptions, 'onProgress' | 'shouldStop' | 'protocol'>;
  timeoutS: number | null;
  jobs: number;
  json: boolean;
  out?: string;
};

const INTEGER_FLAGS: Record<string, { key: keyof ExploreOptions; min: number; max: number; what: string }> = {
  '--depth': { key: 'depth', min: 1, max: EXPLORE_LIMITS.depth, what: 'actions per schedule' },
  '--max-states': { key: 'maxStates', min: 1, max: EXPLORE_LIMITS.maxStates, what: 'distinct states' },
  '--crashes': { key: 'crashes', min: 0, max: EXPLORE_LIMITS.faults, what: 'crashes per schedule' },
  '--drops': { key: 'drops', min: 0, max: EXPLORE_LIMITS.faults, what: 'dropped messages per schedule' },
  '--partitions': { key: 'partitions', min: 0, max: EXPLORE_LIMITS.faults, what: 'partitions per schedule' },
  '--ops': { key: 'opsPerClient', min: 0, max: EXPLORE_LIMITS.opsPerClient, what: 'operations per client' },
  '--in-flight': { key: 'inFlightPerLink', min: 1, max: EXPLORE_LIMITS.faults, what: 'messages in flight per link before timers wait' },
};

/** Parses the arguments, or returns the complaint to print. */
export function parseExploreArgs(args: string[]): ExploreArgs | string {
  const positional: string[] = [];
  const options: ExploreArgs['options'] = { ...DEFAULT_EXPLORE_OPTIONS };
  const parsed: Omit<ExploreArgs, 'file'> = { options, timeoutS: null, jobs: 1, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string | undefined => args[++i];
    const integer = INTEGER_FLAGS[arg];
    if (integer !== undefined) {
      const text = value();
      const n = text === undefined ? NaN : Number(text);
      if (!Number.isSafeInteger(n) || n < integer.min || n > integer.max) {
        return `${arg} needs a whole number of ${integer.what} from ${integer.min} to ${count(integer.max)}, got ${text === undefined ? 'nothing' : `'${text}'`}`;
      }
      (options as Record<string, unknown>)[integer.key] = n;
    } else if (arg === '--json') parsed.json = true;
    else if (arg === '--scenario' || arg === '--out') {
      const text = value();
      if (text === undefined) return `${arg} needs ${arg === '--out' ? 'a file name' : 'a scenario name'}`;
      if (arg === '--out') parsed.out = text;
      else parsed.scenario = text;
    } else if (arg === '--timeout') {
      const text = value();
      const seconds = text === undefined ? NaN : Number(text);
      if (!(seconds > 0) || !Number.isFinite(seconds)) return `--timeout needs a positive number of seconds, got ${text === undefined ? 'nothing' : `'${text}'`}`;
      parsed.timeoutS = seconds;
    } else if (arg === '--jobs') {
      const text = value();
      const jobs = text === undefined ? NaN : Number(text);
      if (!Number.isSafeInteger(jobs) || jobs < 1 || jobs > 64) return `--jobs needs a whole number from 1 to 64, got ${text === undefined ? 'nothing' : `'${text}'`}`;
      parsed.jobs = jobs;
    } else if (arg === '--shard') {
      const text = value() ?? '';
      const match = /^(\d+)\/(\d+)$/.exec(text);
      const index = match === null ? NaN : Number(match[1]);
      const of = match === null ? NaN : Number(match[2]);
      if (!(index >= 1 && of >= index && of <= 1024)) return `--shard needs i/n with 1 <= i <= n <= 1024 (e.g. 2/4), got '${text}'`;
      options.shard = { index: index - 1, count: of };
    } else if (arg.startsWith('-')) return `unknown option '${arg}'`;
    else positional.push(arg);
  }
  if (positional.length !== 1) return positional.length === 0 ? 'give one .fault file' : `give one .fault file, not ${positional.length}`;
  return { file: positional[0]!, ...parsed };
}

export const exploreCommand: Command = {
  summary: 'Explore every schedule of a small model of a scenario (bounded), and print the shortest one that breaks an expectation.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const parsed = parseExploreArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`faultline explore: ${parsed}\nusage: ${USAGE}\n`);
      return 2;
    }
    const text = await readScenarioFile(parsed.file);
    if (text === null) return 2;
    const compiled = compile(text, parsed.scenario);
    for (const diagnostic of compiled.diagnostics) {
      if (diagnostic.severity === 'error') process.stderr.write(formatDiagnostic(parsed.file, diagnostic) + '\n');
    }
    const config = compiled.config;
    if (config === null) {
      const why =
        parsed.scenario !== undefined && !compiled.scenarios.includes(parsed.scenario)
          ? `no scenario named "${parsed.scenario}"; it declares: ${compiled.scenarios.map((s) => `"${s}"`).join(', ') || 'none'}`
          : 'the scenario has errors (above); nothing was explored';
      process.stderr.write(`${parsed.file}: ${why}\n`);
      return 2;
    }
    if (getProtocol(config.protocol.name) === undefined) {
      process.stderr.write(`${parsed.file}:${config.protocol.line}:1: error: the ${config.protocol.name} protocol cannot be explored yet (implemented: ${implementedProtocols().join(', ')})\n`);
      return 2;
    }
    if (config.nodes.length > EXPLORE_LIMITS.nodes) {
      process.stderr.write(`${parsed.file}: ${config.nodes.length} nodes is too many to explore every schedule (at most ${EXPLORE_LIMITS.nodes}); model the question with fewer\n`);
      return 2;
    }

    const started = Date.now();
    const progress = progressPrinter(parsed.json, started);
    const deadline = parsed.timeoutS === null ? null : started + parsed.timeoutS * 1000;
    let result: ExploreResult;
    let summed: boolean;
    try {
      ({ result, summed } = await exploreInShards({ config, options: parsed.options, deadline }, parsed.jobs, progress.update));
    } catch (error) {
      progress.clear();
      if (error instanceof ExplorationThreadStopped) throw error;
      process.stderr.write(`faultline explore: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    progress.clear();
    const seconds = (Date.now() - started) / 1000;
    if (parsed.out !== undefined && result.violations.length > 0) await writeFile(parsed.out, replayable(result).scenario);
    if (parsed.json) {
      const { format, states, distinct, depth, exhausted } = result;
      const json = {
        format,
        states,
        distinct,
        depth,
        exhausted,
        stoppedBy: result.stoppedBy,
        seconds,
        checked: result.properties,
        notCheckable: result.notCheckable,
        violations: result.violations.map((v) => ({ expectation: v.expectation, depth: v.depth, summary: v.summary, steps: v.steps, scenario: v.scenario, replays: v.replays, replayNote: v.replayNote })),
      };
      process.stdout.write(JSON.stringify(json, null, 2) + '\n');
    } else {
      process.stdout.write(describeExploration(result, seconds, { shards: summed, ...(parsed.out === undefined ? {} : { writtenTo: parsed.out }) }).join('\n') + '\n');
    }
    return exitCode(result);
  },
};

export function exitCode(result: ExploreResult): number {
  if (result.violations.length > 0) return 1;
  if (result.stoppedBy === 'max-states' || result.stoppedBy === 'timeout' || result.stoppedBy === 'limit') return 3;
  return 0;
}

/** States per second, frontier and depth on a terminal's stderr, rewritten in place. */
function progressPrinter(json: boolean, started: number): { update: (p: ExploreProgress) => void; clear: () => void } {
  const tty = process.stderr.isTTY === true && !json;
  let shown = false;
  return {
    update(p) {
      if (!tty) return;
      const elapsed = Math.max(0.001, (Date.now() - started) / 1000);
      process.stderr.write(`\rdepth ${p.depth} · ${count(p.states)} states (${count(p.distinct)} distinct) · frontier ${count(p.frontier)} · ${count(Math.round(p.distinct / elapsed))} distinct/s   `);
      shown = true;
    },
    clear() {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}
