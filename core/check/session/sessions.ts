// Shared plumbing for the session guarantees: operations per (key, process), in issue order.

import type { Operation } from '../../history/operations.ts';
import type { Verdict } from '../verdict.ts';

export function byProcess(ops: Operation[]): Map<string | number, Operation[]> {
  const out = new Map<string | number, Operation[]>();
  for (const op of ops) {
    let list = out.get(op.process);
    if (list === undefined) out.set(op.process, (list = []));
    list.push(op);
  }
  for (const list of out.values()) list.sort((a, b) => a.call - b.call);
  return out;
}

/** Reads and writes of one process on one key, merged in issue order. */
export function session(reads: Operation[], writes: Operation[]): Operation[] {
  return [...reads, ...writes].sort((a, b) => a.call - b.call);
}

export function held(name: string, summary: string): Verdict {
  return { name, holds: true, summary };
}

export function broken(name: string, summary: string, ops: Operation[], timed: boolean): Verdict {
  const v: Verdict = { name, holds: false, summary, operations: ops.map((o) => o.invokeIndex) };
  const last = ops[ops.length - 1];
  if (timed && last !== undefined) v.at = last.completeTime ?? last.invokeTime;
  return v;
}
