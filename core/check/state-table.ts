// Interns model states as small integers so the search can hash, compare and store them as
// numbers, and memoises transitions: step(state, op) is computed once per (state, op) pair.

import type { Operation } from '../history/operations.ts';
import { IMPOSSIBLE, Model } from './model.ts';

export class StateTable<S> {
  readonly states: S[] = [];
  private readonly byHash = new Map<string | number, number | number[]>();
  private readonly memo = new Map<number, number>();

  constructor(
    private readonly model: Model<S>,
    private readonly ops: ReadonlyArray<Operation>,
  ) {}

  intern(state: S): number {
    const h = this.model.hash(state);
    const found = this.byHash.get(h);
    if (found === undefined) {
      const id = this.states.push(state) - 1;
      this.byHash.set(h, id);
      return id;
    }
    const ids = typeof found === 'number' ? [found] : found;
    for (const id of ids) if (this.model.equal(this.states[id]!, state)) return id;
    const id = this.states.push(state) - 1;
    ids.push(id);
    this.byHash.set(h, ids);
    return id;
  }

  /** The state after local operation `op` from state `s`, or -1 when the operation is impossible there. */
  step(s: number, op: number): number {
    const key = s * this.ops.length + op;
    const cached = this.memo.get(key);
    if (cached !== undefined) return cached;
    const next = this.model.step(this.states[s]!, this.ops[op]!);
    const id = next === IMPOSSIBLE ? -1 : this.intern(next);
    this.memo.set(key, id);
    return id;
  }
}
