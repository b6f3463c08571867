// The Wing & Gong search with Lowe's memoisation, as Porcupine does it. Calls and returns sit in
// one doubly-linked list in real-time order. Walking it, we try to linearize each pending call
// (apply it to the model, "lift" its call and return out of the list); reaching a return means
// its operation should already have been linearized, so we backtrack to the last choice.
// The cache of (linearized set, state) prunes configurations already seen.
//
// Indeterminate operations return at +infinity: they may take effect at any point after their
// call; taking effect last is the same as never, since their result is unknown.

import type { Operation } from '../history/operations.ts';
import { BudgetTracker, POLL_EVERY } from './budget.ts';
import { LinearizedCache, zobristTable } from './linearized-cache.ts';
import type { Model } from './model.ts';
import { StateTable } from './state-table.ts';

export type SearchResult<S> =
  | { kind: 'ok'; order: Operation[] }
  | {
      kind: 'fail';
      /** The longest linearizable prefix found, in linearization order. */
      prefix: Operation[];
      /** An operation that had to take effect after that prefix but could not. */
      blocked: Operation;
      /** The model state after the prefix. */
      stateAfterPrefix: S;
    }
  | { kind: 'unknown'; reason: string; prefix: Operation[] };

export function wglSearch<S>(ops: Operation[], model: Model<S>, tracker: BudgetTracker): SearchResult<S> {
  const n = ops.length;
  if (n === 0) return { kind: 'ok', order: [] };
  const table = new StateTable(model, ops);
  let state = table.intern(model.init());

  // --- the entry list: node 0 is the head; nodes 1..2n are calls and returns in time order ---
  const size = 2 * n + 1;
  const next = new Int32Array(size);
  const prev = new Int32Array(size);
  const match = new Int32Array(size); // call node → its return node; 0 on return nodes
  const opOf = new Int32Array(size);
  {
    // Sort keys: a call at position p sorts at 2p, a definite return at 2p+1 (positions are
    // unique per event); indeterminate returns come after everything, in call order.
    const keys: Array<[number, number, boolean]> = []; // [sortKey, op, isCall]
    const inf = Number.MAX_SAFE_INTEGER / 4;
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      keys.push([2 * op.call, i, true]);
      keys.push([op.ret === null ? inf + op.call : 2 * op.ret + 1, i, false]);
    }
    keys.sort((a, b) => a[0] - b[0]);
    const callNode = new Int32Array(n);
    const retNode = new Int32Array(n);
    for (let k = 0; k < keys.length; k++) {
      const node = k + 1;
      const [, i, isCall] = keys[k]!;
      opOf[node] = i;
      if (isCall) callNode[i] = node;
      else retNode[i] = node;
    }
    for (let i = 0; i < n; i++) match[callNode[i]!] = retNode[i]!;
    for (let node = 0; node < size; node++) {
      next[node] = node + 1 < size ? node + 1 : -1;
      prev[node] = node - 1;
    }
  }

  const width = (n + 31) >>> 5;
  const linearized = new Uint32Array(width);
  const zob = zobristTable(n);
  let zobHash = 0;
  const cache = new LinearizedCache(width);
  const stackNode = new Int32Array(n);
  const stackState = new Int32Array(n);
  let depth = 0;

  // Longest prefix bookkeeping: best[0..bestLen) is the deepest stack seen; the live stack
  // agrees with it on its first `agree` entries, so recording a new best copies only the tail.
  const best = new Int32Array(n);
  let bestLen = 0;
  let agree = 0;
  let blocked = -1;
  let blockedState = state;

  let node = next[0]!;
  let sinceCharge = 0;
  while (next[0] !== -1) {
    if (++sinceCharge === POLL_EVERY) {
      sinceCharge = 0;
      if (!tracker.charge(POLL_EVERY)) {
        return { kind: 'unknown', reason: tracker.spent ?? 'budget spent', prefix: bestPrefix() };
      }
    }
    const ret = match[node]!;
    if (ret !== 0) {
      // A call: try to linearize its operation now.
      const op = opOf[node]!;
      const nextState = table.step(state, op);
      if (nextState >= 0 && cache.addWith(linearized, op, zobHash ^ zob[op]!, nextState)) {
        stackNode[depth] = node;
        stackState[depth] = state;
        if (agree === depth && depth < bestLen && best[depth] === op) agree++;
        depth++;
        if (depth > bestLen) {
          for (let k = agree; k < depth; k++) best[k] = opOf[stackNode[k]!]!;
          bestLen = depth;
          agree = depth;
          blocked = -1;
        }
        state = nextState;
        linearized[op >>> 5] = (linearized[op >>> 5]! | (1 << (op & 31))) >>> 0;
        zobHash ^= zob[op]!;
        // lift: unlink the call and its return
        next[prev[node]!] = next[node]!;
        if (next[node]! !== -1) prev[next[node]!] = prev[node]!;
        next[prev[ret]!] = next[ret]!;
        if (next[ret]! !== -1) prev[next[ret]!] = prev[ret]!;
        node = next[0]!;
      } else {
        node = next[node]!;
      }
      continue;
    }
    // A return whose operation is not linearized: undo the last choice.
    if (blocked === -1 && depth === bestLen && agree === depth) {
      blocked = opOf[node]!;
      blockedState = state;
    }
    if (depth === 0) {
      return {
        kind: 'fail',
        prefix: bestPrefix(),
        blocked: ops[blocked === -1 ? opOf[node]! : blocked]!,
        stateAfterPrefix: table.states[blockedState]!,
      };
    }
    depth--;
    if (agree > depth) agree = depth;
    const top = stackNode[depth]!;
    state = stackState[depth]!;
    const op = opOf[top]!;
    linearized[op >>> 5] = (linearized[op >>> 5]! & ~(1 << (op & 31))) >>> 0;
    zobHash ^= zob[op]!;
    // unlift: relink the return, then the call (reverse order of lifting)
    const r = match[top]!;
    prev[next[r]!] = r;
    next[prev[r]!] = r;
    if (next[top]! !== -1) prev[next[top]!] = top;
    next[prev[top]!] = top;
    node = next[top]!;
  }
  tracker.charge(sinceCharge);
  const order: Operation[] = [];
  for (let k = 0; k < depth; k++) order.push(ops[opOf[stackNode[k]!]!]!);
  return { kind: 'ok', order };

  function bestPrefix(): Operation[] {
    const out: Operation[] = [];
    for (let k = 0; k < bestLen; k++) out.push(ops[best[k]!]!);
    return out;
  }
}
