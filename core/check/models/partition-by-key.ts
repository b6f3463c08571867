// P-compositionality: linearizability is local, so a history over independent keys is
// linearizable exactly when each key's sub-history is. Checking keys apart is far cheaper.

import type { Operation } from '../../history/operations.ts';

export function partitionByKey(ops: ReadonlyArray<Operation>): Operation[][] {
  const byKey = new Map<string | undefined, Operation[]>();
  for (const op of ops) {
    let list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, (list = []));
    list.push(op);
  }
  return [...byKey.values()];
}
