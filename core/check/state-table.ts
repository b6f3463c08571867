// Interns model states as small integers so the search can hash, compare and store them as
// numbers, and remembers recent transitions: step(state, op) is mostly computed once. The
// transition memo is a fixed-size direct-mapped table (lossy, never grows), so a search that
// visits millions of states keeps its memory flat.

import type { Operation } from '../history/operations.ts';
import { IMPOSSIBLE, Model } from './model.ts';

export class StateTable<S> {
  readonly states: S[] = [];
  private readonly byHash = new Map<string | number, number | number[]>();
  private readonly memoState: Int32Array;
  private readonly memoOp: Int32Array;
  private readonly memoNext: Int32Array;
  private readonly memoMask: number;

  constructor(
    private readonly model: Model<S>,
    private readonly ops: ReadonlyArray<Operation>,
  ) {
    let size = 64;
    while (size < ops.length * 16 && size < 1 << 16) size <<= 1;
    this.memoState = new Int32Array(size).fill(-1);
    this.memoOp = new Int32Array(size);
    this.memoNext = new Int32Array(size);
    this.memoMask = size - 1;
  }

  intern(state: S): number {
    const h = this.model.hash(state);
    if (this.model.canonicalStates) {
      this.states[h as number] = state;
      return h as number;
    }
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
    const slot = (Math.imul(s, 0x9e3779b1) ^ Math.imul(op + 1, 0x85ebca77)) & this.memoMask;
    if (this.memoState[slot] === s && this.memoOp[slot] === op) return this.memoNext[slot]!;
    const next = this.model.step(this.states[s]!, this.ops[op]!);
    const id = next === IMPOSSIBLE ? -1 : this.intern(next);
    this.memoState[slot] = s;
    this.memoOp[slot] = op;
    this.memoNext[slot] = id;
    return id;
  }
}
