// Gives invocations and completions a shared opId: a process's completion belongs to the operation
// that process has open. Imported formats (Jepsen EDN and logs) carry no ids, so this is how an
// imported history gets them.

import type { HistoryEventType } from '../types/history.ts';

export type PairingError = { position: number; message: string };

/** Processes numbered below this are looked up in an array rather than a Map (Jepsen numbers them 0, 1, 2, ...). */
const ARRAY_PROCESSES = 1 << 16;

/**
 * The operation each process has open, fed one event at a time. A process invoking again while
 * an operation is open leaves the first one indeterminate (Jepsen would have given the process a
 * new number; we stay lenient).
 */
export class OpenOperations {
  private next = 0;
  /** By small non-negative integer process: its open opId, or -1. */
  private readonly byNumber: number[] = [];
  private readonly byName = new Map<string | number, number>();

  /** The opId of a new operation `process` invokes. */
  invoke(process: string | number): number {
    const id = this.next++;
    if (isSmallNumber(process)) {
      while (this.byNumber.length <= process) this.byNumber.push(-1);
      this.byNumber[process] = id;
    } else this.byName.set(process, id);
    return id;
  }

  /** The opId of the operation `process` completes, or -1 when it has none open. */
  complete(process: string | number): number {
    if (isSmallNumber(process)) {
      const id = this.byNumber[process] ?? -1;
      if (id >= 0) this.byNumber[process] = -1;
      return id;
    }
    const id = this.byName.get(process);
    if (id === undefined) return -1;
    this.byName.delete(process);
    return id;
  }
}

const isSmallNumber = (process: string | number): process is number =>
  typeof process === 'number' && Number.isInteger(process) && process >= 0 && process < ARRAY_PROCESSES;

/** The sentence for a completion whose process has no operation open. */
export const neverInvoked = (process: string | number): string => `process ${String(process)} completes an operation it never invoked`;

/** Returns one opId per event (in order), or the first event that cannot be paired. */
export function pairEvents(
  events: ReadonlyArray<{ process: string | number; type: HistoryEventType }>,
): { opIds: number[] } | { error: PairingError } {
  const open = new OpenOperations();
  const opIds: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'invoke') {
      opIds.push(open.invoke(e.process));
      continue;
    }
    const id = open.complete(e.process);
    if (id < 0) return { error: { position: i, message: neverInvoked(e.process) } };
    opIds.push(id);
  }
  return { opIds };
}
