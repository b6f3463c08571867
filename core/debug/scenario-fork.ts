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
import { durationText } from '../language/values.ts';
import type { ScheduledFault, Micros } from '../types/sim-config.ts';

/** Fault lines a console accepts, as typed (before `at TIME` is put in front). */
export const MANUAL_ACTION_FORMS = [
  'crash NODE',
  'restart NODE',
  'pause NODE for DURATION',
  'partition A, B | C, D',
  'heal',
  'skew NODE +DURATION',
  'drop next TYPE A -> B',
  'duplicate next TYPE A -> B',
  'delay next TYPE A -> B by DURATION',
  'deliver next TYPE A -> B',
  'drop TYPE A -> B sent at TIME',
  'duplicate TYPE A -> B sent at TIME',
  'delay TYPE A -> B sent at TIME by DURATION',
  'deliver TYPE A -> B sent at TIME',
];

/** What a message fault line does to the message it picks (core/sim/message-faults.ts). */
export const MESSAGE_ACTIONS = ['drop', 'duplicate', 'delay', 'deliver'] as const;
export type MessageAction = (typeof MESSAGE_ACTIONS)[number];

/** The message an action names: its type, link and send time, as a debugger lists it (Engine.messagesInFlight). */
export type MessageOnItsWay = { id: number; type: string; from: string; to: string; sentAt: Micros; heldBy?: string };

/**
 * The action text for a message fault line: `drop next AppendEntries n1 -> n2`,
 * `delay next AppendEntries n1 -> n2 by 200ms`; given `sentAt`, the one message sent then,
 * `drop AppendEntries n1 -> n2 sent at 2.301s` (exact to the microsecond, so a replay names the
 * same one). `delay` needs `delay` (any duration text).
 */
export function messageActionText(action: MessageAction, message: Pick<MessageOnItsWay, 'type' | 'from' | 'to'>, delay?: string, sentAt?: Micros): string {
  const link = `${message.type} ${message.from} -> ${message.to}`;
  const head = sentAt === undefined ? `${action} next ${link}` : `${action} ${link} sent at ${durationText(sentAt)}`;
  return action === 'delay' ? `${head} by ${delay ?? ''}`.trimEnd() : head;
}

export type MessageActionChoice = { ok: true; action: string } | { ok: false; error: string };

/**
 * The action for one message a person picked among those in flight at the cursor (`drop #42`
 * in the console, a click in the playground): a line that picks exactly that message. The
 * earliest-sent one of its type on its link gets the `next` line; one with an earlier one of its
 * kind ahead of it gets the line that names it by its send time (`... sent at 2.301s`). Refused,
 * with the reason: one its paused receiver already holds (no longer on the network), and one
 * sent at the very microsecond an earlier one of its kind was (no line tells the two apart).
 */
export function messageActionFor(inFlight: readonly MessageOnItsWay[], id: number, action: MessageAction, delay?: string): MessageActionChoice {
  const copies = inFlight.filter((m) => m.id === id);
  const message = copies.find((m) => m.heldBy === undefined) ?? copies[0];
  if (message === undefined) return { ok: false, error: `no message #${id} is on its way at the cursor` };
  if (message.heldBy !== undefined) return { ok: false, error: `message #${id} has reached ${message.heldBy}, which is paused and holds it: it is no longer on the network` };
  const sameKind = (m: MessageOnItsWay) => m.heldBy === undefined && m.id < id && m.type === message.type && m.from === message.from && m.to === message.to;
  const ahead = inFlight.find(sameKind);
  const twin = ahead === undefined ? undefined : inFlight.find((m) => sameKind(m) && m.sentAt === message.sentAt);
  if (twin !== undefined) {
    return { ok: false, error: `message #${id} was sent at the same microsecond as #${twin.id}, another ${message.type} ${message.from} -> ${message.to} still on its way: a line names only the first of them` };
  }
  if (action === 'delay' && (delay === undefined || delay === '')) return { ok: false, error: `how much later? delay #${id} by DURATION (as in \`delay #${id} by 200ms\`)` };
  return { ok: true, action: messageActionText(action, message, delay, ahead === undefined ? undefined : message.sentAt) };
}

/** Longest action text accepted: a fault line, not a document. */
const MAX_ACTION_LENGTH = 500;

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
  const line = `at ${durationText(atUs)} ${text}`;
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
