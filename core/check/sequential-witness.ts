// A proof that a history is not sequentially consistent, found without search: some process saw
// a key's write A, and later read a write B of the same key that A's writer had issued before A.
//
// Why that settles it: when every write of the key writes its own value, a read names the one
// write it saw. Every sequential order keeps each process's own order, so it has B before A (the
// writer's order), A before the observation of A, and that observation before the later read
// (the reader's order). The later read then follows A, a newer write of the key, and cannot return
// B. Reading the initial nil after seeing any write fails the same way (the initial state precedes
// every write). Monotonic reads that fail on one writer's values, and a process reading back an
// older value of its own, are the common cases — where the general search, exponential in the
// worst case, can spend its whole budget without an answer.
//
// "Own order" is real time within a process (see sequential.ts): an operation precedes another of
// its process when it completed before the other was invoked. Keys with compare-and-set, appends,
// repeated values, a written nil or a read of a value nobody wrote are left to the search.

import { isPlainWrite, isRead, type Operation } from '../history/operations.ts';
import { partitionByKey } from './models/partition-by-key.ts';

export type SequentialWitness = {
  /** The read that cannot be placed. */
  read: Operation;
  /** The earlier operation of the same process that saw `newer` (a read of it, or the write itself). */
  saw: Operation;
  newer: Operation;
  /** The write `read` returned, issued before `newer` by the same process; null for the initial nil. */
  older: Operation | null;
};

function valueOf(value: unknown): string {
  return JSON.stringify(value ?? null);
}

export function findSequentialWitness(ops: ReadonlyArray<Operation>): SequentialWitness | null {
  for (const list of partitionByKey(ops)) {
    const found = witnessForKey(list);
    if (found !== null) return found;
  }
  return null;
}

/** An observation of a write by a process: the operation that saw it and when that completed. */
type Seen = { op: Operation; write: Operation; ret: number };

function witnessForKey(ops: ReadonlyArray<Operation>): SequentialWitness | null {
  const writeOf = new Map<string, Operation>();
  for (const op of ops) {
    if (isRead(op)) continue;
    if (!isPlainWrite(op)) return null; // cas, append, ...: values no longer name one write
    const value = valueOf(op.input);
    if (value === 'null' || writeOf.has(value)) return null;
    writeOf.set(value, op);
  }
  // Per process, what it saw (reads that returned a write's value, its own acknowledged writes)
  // and its reads, each in order of time.
  const seenBy = new Map<string | number, Seen[]>();
  const readsBy = new Map<string | number, Array<{ read: Operation; write: Operation | null }>>();
  for (const op of ops) {
    if (op.outcome !== 'ok' || op.ret === null) continue;
    let write: Operation | null;
    if (isRead(op)) {
      const value = valueOf(op.output);
      write = value === 'null' ? null : (writeOf.get(value) ?? null);
      if (write === null && value !== 'null') return null; // a value nobody wrote: leave it to the search
      let reads = readsBy.get(op.process);
      if (reads === undefined) readsBy.set(op.process, (reads = []));
      reads.push({ read: op, write });
    } else {
      write = op;
    }
    if (write === null) continue;
    let seen = seenBy.get(op.process);
    if (seen === undefined) seenBy.set(op.process, (seen = []));
    seen.push({ op, write, ret: op.ret });
  }
  for (const [process, reads] of readsBy) {
    const seen = seenBy.get(process);
    if (seen === undefined) continue;
    seen.sort((a, b) => a.ret - b.ret);
    reads.sort((a, b) => a.read.call - b.read.call);
    // Sweep: `latest` holds, per writer, the observation of that writer's latest-issued write
    // among those this process saw before the current read was invoked.
    const latest = new Map<string | number, Seen>();
    let any: Seen | null = null;
    let next = 0;
    for (const { read, write } of reads) {
      while (next < seen.length && seen[next]!.ret < read.call) {
        const s = seen[next++]!;
        const known = latest.get(s.write.process);
        if (known === undefined || s.write.call > known.write.call) latest.set(s.write.process, s);
        any ??= s;
      }
      if (write === null) {
        if (any !== null) return { read, saw: any.op, newer: any.write, older: null };
        continue;
      }
      const newer = latest.get(write.process);
      // B (write) completed before its writer invoked A (newer.write): B came first in that process.
      if (newer !== undefined && write.ret !== null && write.ret < newer.write.call) {
        return { read, saw: newer.op, newer: newer.write, older: write };
      }
    }
  }
  return null;
}
