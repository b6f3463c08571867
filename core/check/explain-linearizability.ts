// Turns a failed linearizability search into one plain sentence: who observed what, and which
// completed operation makes that impossible.

import { isPlainWrite, isRead, type Operation } from '../history/operations.ts';
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

/** The value a register-style operation writes, or undefined when it writes none. */
function written(op: Operation): { value: unknown } | undefined {
  if (isPlainWrite(op)) return { value: op.input };
  if (op.f === 'cas' && Array.isArray(op.input) && op.outcome !== 'fail') return { value: op.input[1] };
  return undefined;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * The classic stale read, when the history proves it outright: the read returned v, yet a write
 * of something else completed before the read began, and every write of v had completed before
 * that write even started. Returns the overwriting write, or null when it is not that simple.
 */
function provenStale(blocked: Operation, all: ReadonlyArray<Operation>): Operation | null {
  if (!isRead(blocked) || blocked.outcome !== 'ok') return null;
  let last: Operation | null = null;
  for (const op of all) {
    const w = written(op);
    if (w === undefined || op.ret === null || op.ret >= blocked.call || op.outcome !== 'ok') continue;
    if (last === null || op.ret > last.ret!) last = op;
  }
  if (last === null || same(written(last)!.value, blocked.output)) return null;
  let writesOfValue = 0;
  for (const op of all) {
    const w = written(op);
    if (w === undefined || !same(w.value, blocked.output)) continue;
    if (op.ret === null || op.ret >= last.call) return null; // a write of v could still land after it
    writesOfValue++;
  }
  // With no write of v at all, "every write of v completed before" holds over nothing: not stale.
  return writesOfValue > 0 ? last : null;
}

/**
 * A read that returned a value no operation wrote. Several values at once are siblings: a store
 * that keeps concurrent writes side by side hands them all back, which a single copy never does.
 * When the only write of the value was reported failed (`failed`: left out of the search, since a
 * failure says it never happened), the sentence names it: that write took effect after all.
 */
function unwrittenValue<S>(blocked: Operation, all: ReadonlyArray<Operation>, model: Model<S>, clock: Clock, failed: ReadonlyArray<Operation>): string | null {
  if (all.length === 0 || !isRead(blocked) || blocked.outcome !== 'ok' || blocked.output === null || blocked.output === undefined) return null;
  // Only a register's reads return what one write wrote (an append log's or a counter's do not).
  if (!all.every((op) => isRead(op) || isPlainWrite(op) || op.f === 'cas')) return null;
  if (all.some((op) => op.key === blocked.key && same(written(op)?.value, blocked.output))) return null;
  const seen = `${who(blocked)} ${model.describeOp(blocked)} ${whenDone(blocked, clock)}`;
  if (Array.isArray(blocked.output) && blocked.output.length > 1) {
    return `${seen}: ${blocked.output.length} values at once, kept side by side as siblings of concurrent writes. A register that behaves as one copy returns exactly one value.`;
  }
  const failedWrite = failed.find((op) => op.key === blocked.key && same(written(op)?.value, blocked.output));
  if (failedWrite !== undefined) {
    return `${seen}, a value only ${who(failedWrite)}'s ${model.describeOp(failedWrite)} wrote, and that write was reported failed ${whenDone(failedWrite, clock)}: it took effect after all.`;
  }
  return `${seen}, a value no operation wrote.`;
}

/** Whether some write of the value `read` returned had not completed when `newer` began. */
function mayLandAfter(read: Operation, newer: Operation, all: ReadonlyArray<Operation>): boolean {
  return all.some((op) => {
    const w = written(op);
    return w !== undefined && op.key === read.key && same(w.value, read.output) && (op.ret === null || op.ret >= newer.call);
  });
}

/**
 * A read of the same key and value that completed before `newer` began, when exactly one write
 * wrote that value (with two, the value may simply have been written again): null otherwise.
 */
function earlierReadOfValue(read: Operation, newer: Operation, all: ReadonlyArray<Operation>): Operation | null {
  let writes = 0;
  let earlier: Operation | null = null;
  for (const op of all) {
    if (op.key !== read.key) continue;
    const w = written(op);
    if (w !== undefined && same(w.value, read.output)) writes++;
    else if (earlier === null && isRead(op) && op.outcome === 'ok' && same(op.output, read.output) && op.ret !== null && op.ret < newer.call) earlier = op;
  }
  return writes === 1 ? earlier : null;
}

export function explainViolation<S>(
  prefix: Operation[],
  blocked: Operation,
  stateAfterPrefix: S,
  model: Model<S>,
  clock: Clock,
  all: ReadonlyArray<Operation> = [],
  failed: ReadonlyArray<Operation> = [],
): string {
  const unwritten = unwrittenValue(blocked, all, model, clock, failed);
  if (unwritten !== null) return unwritten;
  const stale = provenStale(blocked, all);
  if (stale !== null) {
    return `${who(blocked)} ${model.describeOp(blocked)} ${whenDone(blocked, clock)} although ${who(stale)}'s ${model.describeOp(stale)} ${completedAt(stale, clock)}.`;
  }
  const writer = lastWriter(prefix, model);
  const seen = `${who(blocked)}'s ${model.describeOp(blocked)} ${whenDone(blocked, clock)}`;
  if (writer !== null && writer.ret !== null && blocked.call > writer.ret && isRead(blocked)) {
    const said = `${who(blocked)} ${model.describeOp(blocked)} ${whenDone(blocked, clock)} although ${who(writer)}'s ${model.describeOp(writer)} ${completedAt(writer, clock)}`;
    // "Although a newer write had completed" proves nothing while a write of the value read was
    // still running when that newer write began: it may have landed after it. What then makes the
    // read impossible is an earlier read of the same value, done before the newer write began —
    // the value came back, which one write of it cannot do unless it took effect twice.
    if (!mayLandAfter(blocked, writer, all)) return `${said}.`;
    const before = earlierReadOfValue(blocked, writer, all);
    if (before !== null) {
      return `${said}, and ${who(before)} had ${model.describeOp(before)} ${whenDone(before, clock)}, before that write began: the value came back, which its one write cannot do unless it took effect twice.`;
    }
    return searchSentence(prefix, seen, stateAfterPrefix, model, writer);
  }
  if (writer !== null && writer.ret !== null && blocked.call > writer.ret) {
    return `${seen} is impossible: ${who(writer)}'s ${model.describeOp(writer)} ${completedAt(writer, clock)}, leaving ${model.describeState(stateAfterPrefix)}.`;
  }
  return searchSentence(prefix, seen, stateAfterPrefix, model, writer);
}

/** What the search itself found, when no simpler reason is proven: its longest prefix and the state it left. */
function searchSentence<S>(prefix: Operation[], seen: string, stateAfterPrefix: S, model: Model<S>, writer: Operation | null): string {
  const by = writer === null ? 'the initial state' : `${who(writer)}'s ${model.describeOp(writer)}`;
  return `No order of the operations explains ${seen}: after the longest linearizable prefix (${prefix.length} operations) the state was ${model.describeState(stateAfterPrefix)}, set by ${by}.`;
}
