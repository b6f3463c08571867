// What a breakpoint on a scenario line means, and the events it stops at. A `.fault` file is a
// program whose execution is a run, so a line stops the run where that line acts:
// - an `expect` line: the event where that expectation breaks (run-analysis.ts);
// - a fault line: each event where the fault fires (trace events carry the fault's line);
// - a client's operation line (`write x every 100ms`): each event where one of its operations
//   is invoked or completes;
// - any other line, with a condition: a watch: the run stops when the condition becomes true.
// Trigger events are read from the analysis run's trace (the same run, event for event), so
// `continue` jumps from one to the next instead of testing every event.

import type { RunAnalysis } from '../../core/debug/run-analysis.ts';
import { parseExpression, type Expr } from '../../core/debug/expression.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';
import type { TraceEvent } from '../../core/types/trace.ts';

export type LineKind = 'expect' | 'fault' | 'client' | 'watch';

export type LineBreakpoint = {
  id: number;
  line: number;
  kind: LineKind;
  condition?: Expr;
  conditionText?: string;
  /** Stop from the Nth hit on (DAP hit condition). */
  hitsNeeded?: number;
  logMessage?: string;
  hits: number;
  /** For watches: the condition's value at the last event looked at (they stop on a change to true). */
  lastValue: boolean;
  /** Sorted event numbers where it triggers (not for watches). */
  events: number[];
  verified: boolean;
  message?: string;
};

const FAULT_KINDS = new Set(['crash', 'restart', 'pause', 'partition', 'heal', 'link-window', 'clock-jump']);

export function lineKind(config: SimConfig, line: number): LineKind {
  if (config.expectations.some((e) => e.line === line)) return 'expect';
  if (config.faults.some((f) => f.line === line) || config.randomFaults.some((f) => f.line === line)) return 'fault';
  if (config.clients.some((c) => c.ops.some((op) => op.line === line))) return 'client';
  return 'watch';
}

export type BreakpointSpec = { line: number; condition?: string; hitCondition?: string; logMessage?: string };

export function makeBreakpoint(id: number, spec: BreakpointSpec, config: SimConfig): LineBreakpoint {
  const kind = lineKind(config, spec.line);
  const bp: LineBreakpoint = { id, line: spec.line, kind, hits: 0, lastValue: false, events: [], verified: true };
  if (spec.condition !== undefined && spec.condition.trim() !== '') {
    try {
      bp.condition = parseExpression(spec.condition);
      bp.conditionText = spec.condition;
    } catch (error) {
      bp.verified = false;
      bp.message = `condition: ${(error as Error).message}`;
    }
  }
  if (spec.hitCondition !== undefined && spec.hitCondition.trim() !== '') {
    const count = Number(spec.hitCondition.trim().replace(/^>=?\s*/, ''));
    if (Number.isInteger(count) && count >= 1) bp.hitsNeeded = count;
    else {
      bp.verified = false;
      bp.message = `hit count: a whole number of hits is needed (got '${spec.hitCondition}')`;
    }
  }
  if (spec.logMessage !== undefined) bp.logMessage = spec.logMessage;
  if (kind === 'watch' && bp.condition === undefined && bp.verified) {
    bp.verified = false;
    bp.message = 'only expect, fault and client operation lines stop a run; give this breakpoint a condition (n1.role == "leader") to stop when it becomes true';
  }
  return bp;
}

/** Fills `events` for every non-watch breakpoint from the analysis run. */
export function placeBreakpoints(breakpoints: LineBreakpoint[], analysis: RunAnalysis, config: SimConfig): void {
  const trace = analysis.report.trace;
  const history = analysis.report.history;
  const byLine = new Map<number, number[]>();
  const add = (line: number, event: number) => {
    const list = byLine.get(line);
    if (list === undefined) byLine.set(line, [event]);
    else if (list[list.length - 1] !== event) list.push(event);
  };
  const opLine = clientOperationLines(config);
  for (let i = 0; i < trace.length; i++) {
    const event = trace[i]!;
    const line = (event as { line?: number }).line;
    if (line !== undefined && FAULT_KINDS.has(event.kind)) add(line, analysis.eventOfTraceIndex(i));
    if (event.kind === 'client') {
      const entry = history[event.op];
      if (entry === undefined) continue;
      const clientLine = opLine(String(entry.process), entry.f, entry.key);
      if (clientLine !== undefined) add(clientLine, analysis.eventOfTraceIndex(i));
    }
  }
  for (const bp of breakpoints) {
    if (bp.kind === 'expect') {
      const at = analysis.expectationBreaks.get(bp.line);
      bp.events = at === undefined ? [] : [at];
      if (at === undefined && bp.verified) bp.message = 'this expectation holds (or is undecided) in this run: nothing to stop at';
    } else if (bp.kind !== 'watch') {
      bp.events = byLine.get(bp.line) ?? [];
    }
  }
}

/** The operation line of a client instance's operation: `web3` belongs to `client web * 5`. */
function clientOperationLines(config: SimConfig): (process: string, f: string, key: string | undefined) => number | undefined {
  return (process, f, key) => {
    for (const client of config.clients) {
      const mine = process === client.name || (client.count > 1 && process.startsWith(client.name) && /^[0-9]+$/.test(process.slice(client.name.length)));
      if (!mine) continue;
      const spec = client.ops.find((op) => op.op === f && (key === undefined || op.keys.length === 0 || op.keys.includes(key)));
      if (spec !== undefined) return spec.line;
    }
    return undefined;
  };
}

/** The first event number after `cursor` in a sorted list, or Infinity. */
export function nextAfter(events: readonly number[], cursor: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (events[mid]! <= cursor) low = mid + 1;
    else high = mid;
  }
  return low < events.length ? events[low]! : Infinity;
}

/** The last event number before `cursor` in a sorted list, or -1. */
export function previousBefore(events: readonly number[], cursor: number): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (events[mid]! < cursor) low = mid + 1;
    else high = mid;
  }
  return low > 0 ? events[low - 1]! : -1;
}

export function isFaultEvent(event: TraceEvent): boolean {
  return FAULT_KINDS.has(event.kind);
}
