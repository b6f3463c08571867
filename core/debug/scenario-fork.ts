// Actions taken by hand in a paused run (the debugger's console, the playground) are ordinary
// `.fault` lines: `crash n2` at the cursor becomes `at 2.345s crash n2`. This file turns the
// action a person typed into that line, compiles it in the scenario's own context (so names,
// partitions and durations mean exactly what they mean in a file), and writes "Save as scenario":
// a scenario that `extends` the debugged one and whose `faults` block is the parent's lines plus
// the new ones. Replaying that scenario gives the forked run event for event (time-travel.ts
// explains the choice of moment that makes it so).
//
// Why a child scenario with the parent's fault lines copied: a child's `faults` block replaces
// the parent's (docs/language.md, Extending a scenario), and faults drawn from a time range use
// the faults stream in file order, so the copied lines come first, unchanged, and the new lines,
// with fixed times, draw nothing.

import { analyze } from '../language/analyze.ts';
import { compile } from '../language/compile.ts';
import type { ScheduledFault, Micros } from '../types/sim-config.ts';

/** Fault lines a console accepts, as typed (before `at TIME` is put in front). */
export const MANUAL_ACTION_FORMS = ['crash NODE', 'restart NODE', 'pause NODE for DURATION', 'partition A, B | C, D', 'heal', 'skew NODE +DURATION'];

/** Longest action text accepted: a fault line, not a document. */
const MAX_ACTION_LENGTH = 500;

/** `2345678` → `2.345678s`: seconds, as exact as the microsecond, without trailing zeros. */
export function secondsText(us: Micros): string {
  const whole = Math.floor(us / 1_000_000);
  const fraction = String(us % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? `${whole}s` : `${whole}.${fraction}s`;
}

export type ScenarioFork = {
  /** The scenario being debugged (by name) and the file's text it lives in. */
  readonly source: string;
  readonly scenario: string;
  /** The manual fault lines so far, each a whole `at TIME action` line. */
  readonly lines: readonly string[];
  /** A seed the debugger chose instead of the scenario's: written into the fork. */
  readonly seed?: number;
};

/** The name of the scenario "Save as scenario" writes: unused in the file. */
export function forkName(fork: ScenarioFork): string {
  const taken = new Set(analyze(fork.source).ast.scenarios.map((s) => s.name.value));
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${fork.scenario} (forked)` : `${fork.scenario} (forked ${n})`;
    if (!taken.has(name)) return name;
  }
}

/** The child scenario's text: `extends` the debugged one, its fault lines plus the manual ones. */
export function forkScenarioText(fork: ScenarioFork, name = forkName(fork)): string {
  const analyzed = analyze(fork.source);
  const resolved = analyzed.resolved.find((r) => r.source.name.value === fork.scenario);
  const sourceLines = fork.source.split(/\r?\n/);
  const inherited: string[] = [];
  for (const item of resolved?.scenario.faults?.items ?? []) {
    const { start, end } = item.range;
    if (start.line === end.line) inherited.push(sourceLines[start.line]!.slice(start.character, end.character));
    else inherited.push(sourceLines.slice(start.line, end.line + 1).map((l) => l.trim()).join(' '));
  }
  const body = [...inherited, ...fork.lines].map((line) => `    ${line}`);
  const seed = fork.seed === undefined ? [] : [`  seed ${fork.seed}`];
  return [`scenario ${JSON.stringify(name)} extends ${JSON.stringify(fork.scenario)} {`, ...seed, '  faults {', ...body, '  }', '}', ''].join('\n');
}

/** The whole file with the fork scenario appended (what "Save as scenario" writes). */
export function fileWithFork(fork: ScenarioFork, name = forkName(fork)): string {
  const separator = fork.source.endsWith('\n') ? '\n' : '\n\n';
  return `${fork.source}${separator}${forkScenarioText(fork, name)}`;
}

export type CompiledAction = { ok: true; line: string; fault: ScheduledFault } | { ok: false; error: string };

/**
 * Compiles `action` (`crash n2`, `partition n1 | n2, n3`, ...) as a fault line at `atUs`, in the
 * context of the fork so far. The fault is the one a replay of the saved scenario would queue.
 */
export function compileAction(fork: ScenarioFork, action: string, atUs: Micros): CompiledAction {
  const text = action.trim().replace(/\s+/g, ' ');
  if (text === '') return { ok: false, error: `an action is needed: ${MANUAL_ACTION_FORMS.join(', ')}` };
  if (text.length > MAX_ACTION_LENGTH || /[{}\n"]/.test(text) || /^(at|from|every)\b/.test(text)) {
    return { ok: false, error: `'${text.slice(0, 60)}' is not one fault action; try ${MANUAL_ACTION_FORMS.join(', ')} (the time is the cursor's)` };
  }
  const line = `at ${secondsText(atUs)} ${text}`;
  const next: ScenarioFork = { ...fork, lines: [...fork.lines, line] };
  const name = forkName(fork);
  const file = fileWithFork(next, name);
  const childStart = file.length - forkScenarioText(next, name).length;
  const childFirstLine = file.slice(0, childStart).split('\n').length - 1;
  const compiled = compile(file, name);
  const problem = compiled.diagnostics.find((d) => d.severity === 'error' && d.range.start.line >= childFirstLine);
  if (problem !== undefined) return { ok: false, error: `${text}: ${problem.message}` };
  if (compiled.config === null) return { ok: false, error: `${text}: the scenario does not compile with it` };
  // The new line is the child's last fault line (1-based, as SourceLine is); compiled faults may be
  // listed in time order, so it is found by its line.
  const newLine = file.split('\n').lastIndexOf(`    ${line}`) + 1;
  const fault = compiled.config.faults.find((f) => f.line === newLine);
  if (fault === undefined || fault.atUs !== atUs || fault.atMaxUs !== undefined) return { ok: false, error: `${text}: not a fault that happens at one moment` };
  return { ok: true, line, fault };
}
