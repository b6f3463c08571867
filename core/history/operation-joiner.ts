// Joins events into operations one at a time, in history order: an invocation opens an
// operation, its completion (same opId) closes it. toOperations feeds it a history's events; the
// EDN import feeds it each event's fields as it reads them, so a long history never exists as
// millions of event objects on the way to the checker.

import type { HistoryEventType } from '../types/history.ts';
import type { Micros } from '../types/sim-config.ts';
import type { Operation } from './operations.ts';

/** Operation ids up to this far past the events seen are indexed in an array; beyond it (sparse ids), in a Map. */
const DENSE_SLACK = 1024;

export class OperationJoiner {
  readonly ops: Operation[] = [];
  /** Events fed so far: an event's position, which `call` and `ret` are. */
  private position = 0;
  /** By small opId: 1 + the position in `ops` of the operation invoked with it (0: none). */
  private positionOf = new Int32Array(DENSE_SLACK);
  private readonly byOpId = new Map<number, Operation>();
  private firstTime: Micros = 0;
  /** Whether the events carry times (not all equal): imported Jepsen logs have none. */
  timed = false;

  /** One event; `index` is its HistoryEvent.index. Completions of no open operation are ignored. */
  add(
    index: number,
    opId: number,
    type: HistoryEventType,
    process: string | number,
    f: string,
    value: unknown,
    time: Micros,
    key: string | undefined,
    node: string | undefined,
    error: string | undefined,
  ): void {
    const pos = this.position++;
    if (pos === 0) this.firstTime = time;
    else if (time !== this.firstTime) this.timed = true;
    if (type === 'invoke') {
      const op: Operation = {
        id: this.ops.length,
        opId,
        process,
        f,
        input: value ?? null,
        output: null,
        outcome: 'unknown',
        call: pos,
        ret: null,
        invokeIndex: index,
        completeIndex: null,
        invokeTime: time,
        completeTime: null,
      };
      if (key !== undefined) op.key = key;
      if (Number.isInteger(opId) && opId >= 0 && opId < 2 * pos + DENSE_SLACK) {
        if (opId >= this.positionOf.length) this.grow(opId);
        this.positionOf[opId] = this.ops.length + 1;
      } else this.byOpId.set(opId, op);
      this.ops.push(op);
      return;
    }
    const op = this.find(opId);
    if (op === undefined || op.completeIndex !== null) return;
    op.completeIndex = index;
    op.completeTime = time;
    if (node !== undefined) op.node = node;
    if (error !== undefined) op.error = error;
    if (type === 'info') return; // indeterminate: no ret, result unknown
    op.outcome = type;
    op.ret = pos;
    op.output = value ?? null;
  }

  /**
   * The operation last invoked with `opId`. An id goes to the Map only while it is past the
   * array, and the array only grows, so a later invocation with the same id lands in the array
   * and is found first, as the later one should be.
   */
  private find(opId: number): Operation | undefined {
    if (Number.isInteger(opId) && opId >= 0 && opId < this.positionOf.length) {
      const at = this.positionOf[opId]!;
      if (at !== 0) return this.ops[at - 1];
    }
    return this.byOpId.get(opId);
  }

  private grow(opId: number): void {
    const bigger = new Int32Array(Math.max(opId + 1, 2 * this.positionOf.length));
    bigger.set(this.positionOf);
    this.positionOf = bigger;
  }
}
