// Gives invocations and completions a shared opId: a process's completion belongs to the operation
// that process has open. Imported formats (Jepsen EDN and logs) carry no ids, so this is how an
// imported history gets them.

import type { HistoryEventType } from '../types/history.ts';

export type PairingError = { position: number; message: string };

/**
 * Returns one opId per event (in order), or the first event that cannot be paired.
 * A process invoking again while an operation is open leaves the first one indeterminate
 * (Jepsen would have given the process a new number; we stay lenient).
 */
export function pairEvents(
  events: ReadonlyArray<{ process: string | number; type: HistoryEventType }>,
): { opIds: number[] } | { error: PairingError } {
  const open = new Map<string | number, number>();
  const opIds: number[] = [];
  let next = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.type === 'invoke') {
      const id = next++;
      open.set(e.process, id);
      opIds.push(id);
      continue;
    }
    const id = open.get(e.process);
    if (id === undefined) {
      return { error: { position: i, message: `process ${String(e.process)} completes an operation it never invoked` } };
    }
    open.delete(e.process);
    opIds.push(id);
  }
  return { opIds };
}
