// The Wing & Gong search with Lowe's memoisation, as Porcupine does it. Calls and returns sit in
// one doubly-linked list in real-time order. Walking it, we try to linearize each pending call
// (apply it to the model, "lift" its call and return out of the list); reaching a return means
// its operation should already have been linearized, so we backtrack to the last choice.
// The cache of (linearized set, state) prunes configurations already seen.
//
// Indeterminate operations return at +infinity: they may take effect at any point after their
// call; taking effect last is the same as never, since their result is unknown.
//
// The search is resumable (`run(maxSteps)` pauses), so independent pieces of a history can be
// searched round-robin and a failure in any piece is found without finishing the others first.

import type { Operation } from '../history/operations.ts';
import { FailedConfigs } from './failed-configs.ts';
import { LinearizedCache, zobristTable } from './linearized-cache.ts';
import type { MemoryBudget } from './budget.ts';
import type { Model } from './model.ts';
import { StateTable } from './state-table.ts';

export type SearchOutcome<S> =
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
  | { kind: 'paused' };

export class WglSearch<S> {
  /** Loop iterations so far: the work measure budgets are charged in. */
  steps = 0;
  private readonly n: number;
  private readonly table: StateTable<S>;
  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  /** Call node → its return node; 0 on return nodes. */
  private readonly match: Int32Array;
  private readonly opOf: Int32Array;
  /** 1 for operations that never change the state (see Model.readOnly). */
  private readonly pure: Uint8Array;
  /** 1 for indeterminate operations (no definite completion). */
  private readonly late: Uint8Array;
  /**
   * The scan runs in two passes per configuration: definite operations first, then (pass 1)
   * indeterminate ones. Which candidates get tried is unchanged, only the order, so the search
   * stays exact; but it reaches for an operation that may never have happened only when needed.
   */
  private pass = 0;
  /** Indeterminate operations not yet linearized; pass 1 is skipped when there are none. */
  private lateLeft = 0;
  /** Free operations (see failed-configs.ts): their bit in the free mask, or 0. */
  private readonly freeBit: Int32Array;
  /** Bits of the operations that are not free, per bitset word. */
  private readonly coreMask: Uint32Array;
  /** Zobrist values of core operations (0 for free ones). */
  private readonly zobCore: Int32Array;
  private readonly failed: FailedConfigs | null;
  private freeMask = 0;
  private coreHash = 0;
  private readonly linearized: Uint32Array;
  private readonly zob: Int32Array;
  private readonly cache: LinearizedCache;
  private readonly stackNode: Int32Array;
  private readonly stackState: Int32Array;
  /** The deepest stack seen (as local op numbers); the live stack agrees with it on `agree` entries. */
  private readonly best: Int32Array;
  private state: number;
  private zobHash = 0;
  private depth = 0;
  private node: number;
  private bestLen = 0;
  private agree = 0;
  private blocked = -1;
  private blockedState: number;
  private result: SearchOutcome<S> | null = null;
  private readonly deadEnd: ((state: S, op: number, placed: Uint32Array) => boolean) | null;

  constructor(
    private readonly ops: Operation[],
    model: Model<S>,
    /** Shared allowance for the memo tables; the caller stops the search once it is exhausted. */
    memory: MemoryBudget | null = null,
    /** The state the piece starts from (default: the model's initial state). */
    initial: S = model.init(),
  ) {
    const n = (this.n = ops.length);
    this.table = new StateTable(model, ops);
    this.state = this.blockedState = this.table.intern(initial);
    const size = 2 * n + 1;
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
    this.match = new Int32Array(size);
    this.opOf = new Int32Array(size);
    // Sort keys: a call at position p sorts at 2p, a definite return at 2p+1 (positions are unique
    // per event); indeterminate returns come after everything, in call order.
    const order = new Float64Array(2 * n);
    const inf = 4 * (ops.reduce((m, op) => Math.max(m, op.call, op.ret ?? 0), 0) + 1);
    for (let i = 0; i < n; i++) {
      const op = ops[i]!;
      order[2 * i] = 2 * op.call;
      order[2 * i + 1] = op.ret === null ? inf + op.call : 2 * op.ret + 1;
    }
    const idx = Array.from({ length: 2 * n }, (_, k) => k).sort((a, b) => order[a]! - order[b]!);
    // Between two returns, calls may be tried in any order without changing which ones are
    // candidates; trying the one that must finish first (earliest return) first finds a valid
    // order sooner.
    for (let k = 0; k < idx.length; ) {
      if ((idx[k]! & 1) === 1) {
        k++;
        continue;
      }
      let end = k;
      while (end < idx.length && (idx[end]! & 1) === 0) end++;
      const segment = idx.slice(k, end).sort((a, b) => order[a + 1]! - order[b + 1]!);
      for (let j = 0; j < segment.length; j++) idx[k + j] = segment[j]!;
      k = end;
    }
    const callNode = new Int32Array(n);
    const retNode = new Int32Array(n);
    for (let k = 0; k < idx.length; k++) {
      const node = k + 1;
      const e = idx[k]!;
      const i = e >>> 1;
      this.opOf[node] = i;
      if ((e & 1) === 0) callNode[i] = node;
      else retNode[i] = node;
    }
    for (let i = 0; i < n; i++) this.match[callNode[i]!] = retNode[i]!;
    for (let node = 0; node < size; node++) {
      this.next[node] = node + 1 < size ? node + 1 : -1;
      this.prev[node] = node - 1;
    }
    this.node = this.next[0]!;
    this.pure = new Uint8Array(n);
    this.late = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.late[i] = ops[i]!.ret === null ? 1 : 0;
    this.lateLeft = this.late.reduce((a, b) => a + b, 0);
    if (model.readOnly) for (let i = 0; i < n; i++) this.pure[i] = model.readOnly(ops[i]!) ? 1 : 0;
    this.linearized = new Uint32Array((n + 31) >>> 5);
    this.zob = zobristTable(n);
    this.cache = new LinearizedCache(this.linearized.length, memory);
    this.freeBit = new Int32Array(n);
    this.coreMask = new Uint32Array(this.linearized.length);
    this.zobCore = new Int32Array(n);
    let free = 0;
    for (let i = 0; i < n; i++) {
      if (this.late[i] === 1 && free < 32 && model.neverRefused?.(ops[i]!)) this.freeBit[i] = 1 << free++;
      else {
        this.coreMask[i >>> 5] = (this.coreMask[i >>> 5]! | (1 << (i & 31))) >>> 0;
        this.zobCore[i] = this.zob[i]!;
      }
    }
    this.failed = free > 0 ? new FailedConfigs(this.linearized.length, memory) : null;
    this.deadEnd = model.deadEnd?.(ops) ?? null;
    this.stackNode = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.best = new Int32Array(n);
    if (n === 0) this.result = { kind: 'ok', order: [] };
  }

  /** Searches for at most `maxSteps` steps; `paused` means call again. */
  run(maxSteps: number): SearchOutcome<S> {
    if (this.result !== null) return this.result;
    const { next, prev, match, opOf, pure, late, linearized, zob, cache, table, stackNode, stackState, best } = this;
    const { freeBit, coreMask, zobCore, failed, deadEnd } = this;
    const states = table.states;
    let { state, zobHash, depth, node, bestLen, agree, blocked, blockedState, pass, lateLeft, freeMask, coreHash } = this;
    let steps = 0;
    while (next[0] !== -1) {
      if (++steps > maxSteps) {
        Object.assign(this, { state, zobHash, depth, node, bestLen, agree, blocked, blockedState, pass, lateLeft, freeMask, coreHash });
        this.steps += steps - 1;
        return { kind: 'paused' };
      }
      const ret = match[node]!;
      if (ret !== 0) {
        // A call: try to linearize its operation now.
        const op = opOf[node]!;
        if (late[op] !== pass) {
          node = next[node]!;
          continue;
        }
        const nextState = table.step(state, op);
        if (nextState < 0) {
          // An operation that must take effect but never can from here: this configuration is lost.
          if (deadEnd === null || late[op] === 1 || !deadEnd(states[state]!, op, linearized)) {
            node = next[node]!;
            continue;
          }
          if (blocked === -1 && depth === bestLen && agree === depth) {
            blocked = op;
            blockedState = state;
          }
        } else if (
          cache.addWith(linearized, op, zobHash ^ zob[op]!, nextState) &&
          (failed === null || !failed.prunes(linearized, op, coreMask, freeMask | freeBit[op]!, nextState, coreHash ^ zobCore[op]!))
        ) {
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
          lateLeft -= late[op]!;
          freeMask |= freeBit[op]!;
          coreHash ^= zobCore[op]!;
          linearized[op >>> 5] = (linearized[op >>> 5]! | (1 << (op & 31))) >>> 0;
          zobHash ^= zob[op]!;
          // lift: unlink the call, then its return
          const pn = prev[node]!;
          const nn = next[node]!;
          next[pn] = nn;
          if (nn !== -1) prev[nn] = pn;
          const pr = prev[ret]!;
          const nr = next[ret]!;
          next[pr] = nr;
          if (nr !== -1) prev[nr] = pr;
          node = next[0]!;
          pass = 0;
          continue;
        } else if (pure[op] === 0) {
          node = next[node]!;
          continue;
        }
        // Here either the operation can never take effect any more (dead end), or it is a
        // read-only one that fits but was explored from here before and failed: every order from
        // this configuration could take it first, so this configuration fails too.
      } else if (pass === 0 && lateLeft > 0) {
        // End of the definite candidates: now try the indeterminate ones up to this return.
        pass = 1;
        node = next[0]!;
        continue;
      } else if (blocked === -1 && depth === bestLen && agree === depth) {
        // A return whose operation is not linearized: remember it as the culprit of the longest prefix.
        blocked = opOf[node]!;
        blockedState = state;
      }
      // Backtrack: undo the last choice. Undoing a read-only operation means the configuration
      // before it failed as well (it would have been a fine first step), so keep undoing.
      for (;;) {
        if (depth === 0) {
          this.steps += steps;
          this.result = {
            kind: 'fail',
            prefix: this.prefixOf(best, bestLen),
            blocked: this.ops[blocked === -1 ? opOf[node]! : blocked]!,
            stateAfterPrefix: table.states[blockedState]!,
          };
          return this.result;
        }
        depth--;
        if (agree > depth) agree = depth;
        const top = stackNode[depth]!;
        const op = opOf[top]!;
        // The configuration being left has been explored without success.
        if (failed !== null) failed.add(linearized, coreMask, freeMask, state, coreHash);
        state = stackState[depth]!;
        lateLeft += late[op]!;
        freeMask &= ~freeBit[op]!;
        coreHash ^= zobCore[op]!;
        linearized[op >>> 5] = (linearized[op >>> 5]! & ~(1 << (op & 31))) >>> 0;
        zobHash ^= zob[op]!;
        // unlift: relink the return, then the call (reverse order of lifting)
        const r = match[top]!;
        const nr = next[r]!;
        if (nr !== -1) prev[nr] = r;
        next[prev[r]!] = r;
        const nt = next[top]!;
        if (nt !== -1) prev[nt] = top;
        next[prev[top]!] = top;
        node = nt;
        pass = late[op]!;
        if (pure[op] === 0) break;
      }
    }
    this.steps += steps;
    const order: Operation[] = [];
    for (let k = 0; k < depth; k++) order.push(this.ops[opOf[stackNode[k]!]!]!);
    this.result = { kind: 'ok', order };
    return this.result;
  }

  /** Returns the memo tables' bytes to the budget; call once the search is finished with. */
  release(): void {
    this.cache.release();
    this.failed?.release();
  }

  /** The longest linearizable prefix found so far. */
  longestPrefix(): Operation[] {
    return this.prefixOf(this.best, this.bestLen);
  }

  private prefixOf(best: Int32Array, len: number): Operation[] {
    const out: Operation[] = [];
    for (let k = 0; k < len; k++) out.push(this.ops[best[k]!]!);
    return out;
  }

  get size(): number {
    return this.n;
  }
}
