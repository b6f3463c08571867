// P-compositionality: linearizability is local, so a history over independent keys is
// linearizable exactly when each key's sub-history is. Checking keys apart is far cheaper.

import type { Operation } from '../../history/operations.ts';

export function partitionByKey(ops: ReadonlyArray<Operation>): Operation[][] {
  // One key (a register history without keys): one copy, no per-operation pushes.
  const firstKey = ops[0]?.key;
  let oneKey = true;
  for (let i = 1; i < ops.length && oneKey; i++) oneKey = ops[i]!.key === firstKey;
  if (oneKey) return ops.length === 0 ? [] : [ops.slice()];
  const byKey = new Map<string | undefined, Operation[]>();
  // Runs of one key (a single-key history is one long run) skip the Map lookup.
  let runKey: string | undefined;
  let run: Operation[] | undefined;
  for (const op of ops) {
    if (run === undefined || op.key !== runKey) {
      runKey = op.key;
      run = byKey.get(runKey);
      if (run === undefined) byKey.set(runKey, (run = []));
    }
    run.push(op);
  }
  return [...byKey.values()];
}
