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

/**
 * A guarantee the history never put to the test (say, read your writes when no process read a key
 * after writing it) is undecided, saying what was missing: "held" would promise what nobody saw.
 */
export function untested(name: string, missing: string): Verdict {
  return { name, holds: null, summary: `nothing to judge: ${missing}` };
}

/** "1 read" / "12 reads". */
export const counted = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function broken(name: string, summary: string, ops: Operation[], timed: boolean): Verdict {
  const v: Verdict = { name, holds: false, summary, operations: ops.map((o) => o.invokeIndex) };
  const last = ops[ops.length - 1];
  if (timed && last !== undefined) v.at = last.completeTime ?? last.invokeTime;
  return v;
}
