// Where a saga begins: the first step's node takes the client's request (as orchestrator, or as
// the first service of a choreography), keeps the saga's record, and answers the client at the
// end — ok when every step ran, fail once the steps already done have been compensated.

import type { ClientReply, ClientRequest, NodeContext, Out } from '../../sim/protocol.ts';
import type { SagaMessage, SagaRecord, SagaState } from './types.ts';

/** Starts a saga for the request, or answers/joins an earlier try with the same idempotency key. */
export function acceptRequest(state: SagaState, request: ClientRequest, ctx: NodeContext, out: Out<SagaMessage>): SagaRecord | null {
  const entry = state.entry!;
  const key = request.idempotencyKey;
  if (key !== undefined) {
    const known = entry.idempotency.lookup(key, ctx.now);
    if (known !== undefined) {
      out.push({ kind: 'reply', requestId: request.requestId, reply: known });
      return null;
    }
    const running = state.runningKeys.get(key);
    const record = running === undefined ? undefined : entry.sagas.get(running);
    if (record !== undefined) {
      record.requestIds.push(request.requestId);
      return null;
    }
  }
  // Without a key a retry is a new saga: the order is placed twice.
  const saga = `${state.self}.${entry.nextSeq++}`;
  const record: SagaRecord = {
    saga,
    opId: request.opId,
    index: 0,
    direction: 'forward',
    failedStep: null,
    requestIds: [request.requestId],
    idempotencyKey: key,
    idempotencyTtlUs: request.idempotencyTtlUs ?? 0,
  };
  entry.sagas.set(saga, record);
  if (key !== undefined) state.runningKeys.set(key, saga);
  return record;
}

export function finishSaga(state: SagaState, record: SagaRecord, ok: boolean, ctx: NodeContext, out: Out<SagaMessage>): void {
  const entry = state.entry!;
  if (!entry.sagas.delete(record.saga)) return;
  if (ok) entry.completed++;
  else entry.compensated++;
  const reply: ClientReply = ok
    ? { outcome: 'ok' }
    : { outcome: 'fail', error: `step ${record.failedStep ?? '?'} failed; the steps before it were compensated` };
  for (const requestId of record.requestIds) out.push({ kind: 'reply', requestId, reply });
  if (record.idempotencyKey !== undefined) {
    state.runningKeys.delete(record.idempotencyKey);
    entry.idempotency.remember(record.idempotencyKey, reply, ctx.now, record.idempotencyTtlUs);
  }
}

export function sagaTimer(saga: string): string {
  return `saga ${saga}`;
}
