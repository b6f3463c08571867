// A brute-force linearizability reference: try every order of the operations that respects
// real time, with indeterminate operations either placed somewhere after their call or left
// out. Exponential, so only for small histories, but obviously right.

import { IMPOSSIBLE, Model } from '../../../../core/check/model.ts';
import type { Operation } from '../../../../core/history/operations.ts';

export function bruteForceLinearizable<S>(all: Operation[], model: Model<S>): boolean {
  return bruteForce(all, model, (q, o) => q.ret !== null && q.ret < o.call);
}

/**
 * Sequential consistency by brute force: only each process's own order binds, and that order is
 * real time within the process (q completed before o was invoked), so two overlapping operations
 * of one process may land in either order. An indeterminate operation binds nothing after it (it
 * may land even after its process moved on), but it still comes after what its process had
 * completed before invoking it.
 */
export function bruteForceSequential<S>(all: Operation[], model: Model<S>): boolean {
  return bruteForce(all, model, (q, o) => q.process === o.process && q.ret !== null && q.ret < o.call);
}

/** `mustPrecede(q, o)`: q has to be placed before o. */
function bruteForce<S>(all: Operation[], model: Model<S>, mustPrecede: (q: Operation, o: Operation) => boolean): boolean {
  const ops = all.filter((op) => model.includes(op));
  const n = ops.length;
  const placed = new Array<boolean>(n).fill(false);
  const required = ops.filter((op) => op.outcome !== 'unknown').length;

  const canPlace = (o: Operation): boolean => ops.every((q, j) => placed[j] || q === o || !mustPrecede(q, o));

  const search = (state: S, placedRequired: number): boolean => {
    if (placedRequired === required) return true;
    for (let i = 0; i < n; i++) {
      if (placed[i]) continue;
      const o = ops[i]!;
      if (!canPlace(o)) continue;
      const next = model.step(state, o);
      if (next === IMPOSSIBLE) continue;
      placed[i] = true;
      const ok = search(next, placedRequired + (o.outcome === 'unknown' ? 0 : 1));
      placed[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return search(model.init(), 0);
}
