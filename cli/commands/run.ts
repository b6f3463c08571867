// `faultline run FILE [--scenario NAME] [--seed N] [--json] [--max-events N] [--history-out F]`: compiles one
// scenario, runs it deterministically and prints a readable summary (or, with --json, the Report).
// Exit 0 when every decided expectation holds, 1 when one is violated, 2 on invalid input.
// Expectations that are not decided (holds: null) never change the exit code.
// Core never reads a clock, so this host hands it one: stats.wallMs is the simulation, stats.gradeMs the grading.

import { writeFile } from 'node:fs/promises';
import type { Command } from '../main.ts';
import { readScenarioFile } from '../shared/read-scenario-file.ts';
import { shellQuote } from '../shared/shell-quote.ts';
import { compile } from '../../core/language/index.ts';
import { historyToEdn } from '../../core/history/export.ts';
import { analysisLines } from '../analysis-summary.ts';
import { serviceLines } from '../service-summary.ts';
import { getProtocol, implementedProtocols } from '../../core/protocols/registry.ts';
import { DEFAULT_MAX_EVENTS, runScenario } from '../../core/run.ts';
import { formatMicros } from '../../core/sim/format-micros.ts';
import { parseSeed } from '../../core/sim/seed-text.ts';
import { capNote, TRACE_TRIMMED, TRACE_TRUNCATED } from '../../core/sim/trace-log.ts';
import type { Report } from '../../core/types/report.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { formatDiagnostic } from './validate.ts';
import { count } from '../shared/count.ts';
import { authorityWords, holderWithTerm, noHolderReason } from '../../core/explain/authority.ts';
import { blockedParticipants } from '../../core/check/trace/blocked-participants.ts';
import { leaderIntervals, leadershipChanges } from '../../core/check/trace/leadership.ts';

const USAGE = 'faultline run FILE [--scenario NAME] [--seed N] [--json] [--max-events N] [--max-memory MB] [--history-out FILE.edn]';

type RunArgs = { file: string; scenario?: string; seed?: number; json: boolean; maxEvents: number; maxMemoryMb?: number; historyOut?: string };

/** Parses the arguments, or returns the complaint to print. */
export function parseRunArgs(args: string[]): RunArgs | string {
  const positional: string[] = [];
  let scenario: string | undefined;
  let seed: number | undefined;
  let json = false;
  let maxEvents = DEFAULT_MAX_EVENTS;
  let maxMemoryMb: number | undefined;
  let historyOut: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string | undefined => args[++i];
    if (arg === '--json') json = true;
    else if (arg === '--scenario') {
      scenario = value();
      if (scenario === undefined) return '--scenario needs a scenario name';
    } else if (arg === '--history-out') {
      historyOut = value();
      if (historyOut === undefined) return '--history-out needs a file name (the history is written as Jepsen EDN)';
    } else if (arg === '--max-memory') {
      const text = value();
      const number = text === undefined ? NaN : Number(text);
      if (text === undefined || !Number.isSafeInteger(number) || number < 1) {
        return `--max-memory needs a positive whole number of megabytes, got ${text === undefined ? 'nothing' : `'${text}'`}`;
      }
      maxMemoryMb = number;
    } else if (arg === '--seed') {
      const read = parseSeed(value() ?? '');
      if (!read.ok) return `--seed: ${read.error}`;
      seed = read.seed;
    } else if (arg === '--max-events') {
      const text = value();
      const number = text === undefined ? NaN : Number(text);
      if (text === undefined || !Number.isSafeInteger(number) || number < 1) return `--max-events needs a positive integer, got ${text === undefined ? 'nothing' : `'${text}'`}`;
      maxEvents = number;
    } else if (arg.startsWith('-')) return `unknown option '${arg}'`;
    else positional.push(arg);
  }
  if (positional.length !== 1) return positional.length === 0 ? 'give one .fault file' : `give one .fault file, not ${positional.length}`;
  const parsed: RunArgs = { file: positional[0]!, json, maxEvents };
  if (scenario !== undefined) parsed.scenario = scenario;
  if (seed !== undefined) parsed.seed = seed;
  if (maxMemoryMb !== undefined) parsed.maxMemoryMb = maxMemoryMb;
  if (historyOut !== undefined) parsed.historyOut = historyOut;
  return parsed;
}

export const runCommand: Command = {
  summary: 'Run a scenario deterministically and check its expectations.',
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const parsed = parseRunArgs(args);
    if (typeof parsed === 'string') {
      process.stderr.write(`faultline run: ${parsed}\nusage: ${USAGE}\n`);
      return 2;
    }
    const text = await readScenarioFile(parsed.file);
    if (text === null) return 2;

    const compiled = compile(text, parsed.scenario);
    // A bug in the analysis or the compiler: main reports it with exit 4, not as a bad file.
    if (compiled.internalError !== undefined) throw compiled.internalError;
    for (const diagnostic of compiled.diagnostics) {
      if (diagnostic.severity === 'error' || diagnostic.severity === 'warning') process.stderr.write(formatDiagnostic(parsed.file, diagnostic) + '\n');
    }
    if (compiled.config === null) {
      if (parsed.scenario !== undefined && !compiled.scenarios.includes(parsed.scenario)) {
        const known = compiled.scenarios.length === 0 ? 'it declares none' : `it declares: ${compiled.scenarios.map((s) => `"${s}"`).join(', ')}`;
        process.stderr.write(`${parsed.file}: no scenario named "${parsed.scenario}"; ${known}\n`);
      } else if (compiled.scenarios.length === 0) {
        process.stderr.write(`${parsed.file}: no scenario to run (write scenario "name" { ... })\n`);
      } else {
        process.stderr.write(`${parsed.file}: the scenario has errors (above); nothing was run\n`);
      }
      return 2;
    }
    const config = parsed.seed === undefined ? compiled.config : { ...compiled.config, seed: parsed.seed };
    if (getProtocol(config.protocol.name) === undefined) {
      process.stderr.write(
        `${parsed.file}:${config.protocol.line}:1: error: the ${config.protocol.name} protocol cannot be simulated yet (implemented: ${implementedProtocols().join(', ')})\n`,
      );
      return 2;
    }

    const report = runScenario(config, {
      maxEvents: parsed.maxEvents,
      ...(parsed.maxMemoryMb === undefined ? {} : { maxMemoryBytes: parsed.maxMemoryMb * 1024 * 1024 }),
      clock: () => performance.now(),
    });
    report.stats.wallMs = Math.round(report.stats.wallMs * 1000) / 1000;
    if (report.stats.gradeMs !== undefined) report.stats.gradeMs = Math.round(report.stats.gradeMs * 1000) / 1000;

    if (parsed.historyOut !== undefined) {
      try {
        // Jepsen's own checkers (Knossos, Elle) read this, so our runs can be judged independently.
        await writeFile(parsed.historyOut, historyToEdn(report.history));
      } catch (error) {
        process.stderr.write(`${parsed.historyOut}: cannot write the history: ${(error as Error).message}\n`);
        return 2;
      }
    }
    if (parsed.json) process.stdout.write(JSON.stringify(report) + '\n');
    else process.stdout.write(summarize(report, parsed.file));
    return report.expectations.some((e) => e.holds === false) ? 1 : 0;
  },
};

// ---- the readable summary ----------------------------------------------------------------------

const LIST_LIMIT = 12;


/** A fault's line, or null for every other event (most of the trace: no time is formatted for those). */
function describeFault(event: TraceEvent): string | null {
  const what = faultText(event);
  return what === null ? null : `${formatMicros(event.t)} ${what}`;
}

function faultText(event: TraceEvent): string | null {
  switch (event.kind) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      // A fault that followed a role says whom it hit: `crash leader → n2`.
      return event.role === undefined ? `${event.kind} ${event.node}` : `${event.kind} ${event.role} → ${event.node}`;
    case 'partition':
      return event.declared === undefined ? `partition ${event.label}` : `partition ${event.declared} → ${event.label}`;
    case 'note':
      // Only a fault line's note carries a line: a role nobody held when it fired.
      return event.line === undefined ? null : event.text;
    case 'heal':
      return 'heal';
    case 'clock-jump':
      return `clock ${event.role === undefined ? event.node : `${event.role} → ${event.node}`} ${event.deltaUs >= 0 ? '+' : ''}${formatMicros(event.deltaUs)}`;
    case 'link-window':
      return `link window until ${formatMicros(event.untilUs)} on ${event.links.map(([a, b]) => `${a}->${b}`).join(', ')}`;
    default:
      return null;
  }
}

/** The `leaders` line in the protocol's own words: `primaries` and epochs, `holders` and fencing tokens. */
function authorityLine(report: Report): string {
  const protocol = report.config.protocol.name;
  const words = authorityWords(protocol);
  if (words === null) return `leaders   ${noHolderReason(protocol)}`;
  const label = (words.holders === 'lock holders' ? 'holders' : words.holders).padEnd(9);
  const changes = leadershipChanges(leaderIntervals(report.trace, report.config.runForUs));
  const listed = changes.map((c) => `${formatMicros(c.from)} ${holderWithTerm(c.node, c.term, words)}`);
  return `${label} ${listed.length === 0 ? `none: no node ${words.took}` : limited(listed)}`;
}

/** 2PC's `blocked` line: the participants that held a yes vote while no coordinator could decide. */
function blockedLine(report: Report): string {
  const stretches = blockedParticipants(report.trace, report.config.runForUs);
  if (stretches.length === 0) return 'blocked   no participant waited on an unreachable coordinator';
  const listed = stretches.map((s) => `${s.participant} ${formatMicros(s.from)}–${formatMicros(s.to)}`);
  return `blocked   ${limited(listed)} (prepared, holding locks, with no coordinator to decide)`;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** The memory budget's stop, in the words of the engine's note (what was stored, the budget). */
function memoryStopLine(report: Report): string {
  const note = report.trace.find((e) => e.kind === 'note' && (e.text.startsWith('not run:') || e.text.includes('(the memory budget')));
  const why = note?.kind === 'note' ? note.text.replace(/ at \d+µs of \d+µs: this report is partial$/, '') : `stopped after ${count(report.stats.events)} events`;
  const advice = 'shorten `run for` or lighten the workload, or raise --max-memory (MB)';
  return report.stats.events === 0
    ? `          NOT RUN: ${why.replace(/^not run: /, '')}; ${advice}`
    : `          STOPPED at the memory budget before the end (${why}): this report is partial; ${advice}`;
}

function limited(items: string[]): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, LIST_LIMIT).join(' · ');
  return items.length > LIST_LIMIT ? `${shown} · … ${items.length - LIST_LIMIT} more` : shown;
}

export function summarize(report: Report, file: string): string {
  const lines: string[] = [];
  const { stats } = report;
  lines.push(`scenario  ${report.scenario}   (${file}, seed ${report.seed})`);
  const speed = stats.wallMs > 0 ? ` (${count(Math.round(stats.simulatedUs / 1000 / stats.wallMs))}× real time)` : '';
  const graded = stats.gradeMs === undefined ? '' : `; graded in ${Math.round(stats.gradeMs)}ms`;
  lines.push(`run       ${formatMicros(stats.simulatedUs)} simulated, ${count(stats.events)} events in ${Math.round(stats.wallMs)}ms${speed}${graded}`);
  if (stats.stoppedBy === 'event-budget') {
    lines.push(`          STOPPED at the event budget (${count(stats.events)} events) before the end: this report is partial; raise --max-events to go on`);
  } else if (stats.stoppedBy === 'memory-budget') {
    lines.push(memoryStopLine(report));
  }
  const m = stats.messages;
  lines.push(`messages  ${count(m.sent)} sent, ${count(m.delivered)} delivered, ${count(m.dropped)} dropped, ${count(m.duplicated)} duplicated`);
  lines.push(`faults    ${limited(report.trace.map(describeFault).filter((f): f is string => f !== null))}`);
  lines.push(authorityLine(report));
  if (report.config.protocol.name === 'two_phase_commit') lines.push(blockedLine(report));

  const invoked = new Map<number, number>();
  const outcome = { ok: 0, fail: 0, info: 0 };
  const latencies: number[] = [];
  for (const event of report.history) {
    if (event.type === 'invoke') invoked.set(event.opId, event.time);
    else {
      outcome[event.type]++;
      const start = invoked.get(event.opId);
      if (event.type === 'ok' && start !== undefined) latencies.push(event.time - start);
    }
  }
  latencies.sort((a, b) => a - b);
  const latency = latencies.length === 0 ? '' : ` · latency p50 ${formatMicros(percentile(latencies, 0.5))}, p99 ${formatMicros(percentile(latencies, 0.99))}`;
  lines.push(`ops       ${count(invoked.size)} invoked: ${count(outcome.ok)} ok, ${count(outcome.fail)} fail, ${count(outcome.info)} info (indeterminate)${latency}`);

  lines.push(...analysisLines(report));
  lines.push(...serviceLines(report));
  if (report.expectations.length === 0) lines.push('expect    (no expectations declared)');
  else lines.push('expect');
  for (const expectation of report.expectations) {
    const mark = expectation.holds === true ? '✓' : expectation.holds === false ? '✗' : '?';
    lines.push(`  ${mark} ${expectation.text} — ${expectation.summary}   (line ${expectation.line})`);
  }
  const trimmed = capNote(report.trace, TRACE_TRIMMED);
  if (capNote(report.trace, TRACE_TRUNCATED) !== undefined) lines.push('note      the trace was truncated, so the fault and leader lists above may be incomplete');
  else if (trimmed !== undefined) {
    lines.push(`note      messages are traced only up to ${formatMicros(trimmed.t)} (the trace's cap); faults, leaders and verdicts are complete, figures counted from messages (service load) stop there`);
  }
  lines.push(`replay    faultline run ${shellQuote(file)} --scenario ${shellQuote(report.scenario)} --seed ${report.seed}`);
  return lines.join('\n') + '\n';
}
