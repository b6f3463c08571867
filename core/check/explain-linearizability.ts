// Turns a failed linearizability search into one plain sentence: who observed what, and which
// completed operation makes that impossible.

import type { Operation } from '../history/operations.ts';
import { Clock, completedAt, who, whenDone } from './describe.ts';
import { IMPOSSIBLE, Model } from './model.ts';

/** The operation in `prefix` that last changed the state (replaying from the initial state). */
export function lastWriter<S>(prefix: Operation[], model: Model<S>): Operation | null {
  let state = model.init();
  let writer: Operation | null = null;
  for (const op of prefix) {
    const next = model.step(state, op);
    if (next === IMPOSSIBLE) return writer; // cannot happen for a linearizable prefix; stay safe
    if (!model.equal(next, state)) writer = op;
    state = next;
  }
  return writer;
}

const isRead = (op: Operation): boolean => op.f === 'read' || op.f === 'get';

export function explainViolation<S>(
  prefix: Operation[],
  blocked: Operation,
  stateAfterPrefix: S,
  model: Model<S>,
  clock: Clock,
): string {
  const writer = lastWriter(prefix, model);
  const seen = `${who(blocked)}'s ${model.describeOp(blocked)} ${whenDone(blocked, clock)}`;
  if (writer !== null && writer.ret !== null && blocked.call > writer.ret && isRead(blocked)) {
    return `${who(blocked)} ${model.describeOp(blocked)} ${whenDone(blocked, clock)} although ${who(writer)}'s ${model.describeOp(writer)} ${completedAt(writer, clock)}.`;
  }
  if (writer !== null && writer.ret !== null && blocked.call > writer.ret) {
    return `${seen} is impossible: ${who(writer)}'s ${model.describeOp(writer)} ${completedAt(writer, clock)}, leaving ${model.describeState(stateAfterPrefix)}.`;
  }
  const by = writer === null ? 'the initial state' : `${who(writer)}'s ${model.describeOp(writer)}`;
  return `No order of the operations explains ${seen}: after the longest linearizable prefix (${prefix.length} operations) the state was ${model.describeState(stateAfterPrefix)}, set by ${by}.`;
}
