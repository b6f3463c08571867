// FL202–FL205: how a client copes with silence. Retries need idempotency keys (at-least-once
// delivery), backoff needs jitter (thundering herd), every client needs a timeout (partial
// failure), and retries need a bound (retry storms).

import type { LintContext } from '../context.ts';
import { endInsert, insertIntoBlock, replace, wordRangeIn } from '../context.ts';
import { finding } from '../finding.ts';
import type { LintDiagnostic } from '../types.ts';

/** Operations that a second application changes further (a read or a lock retry is harmless). */
const NON_IDEMPOTENT = new Set(['write', 'cas', 'append', 'increment', 'transfer', 'request']);

export function lintClientRetries(ctx: LintContext): LintDiagnostic[] {
  const found: LintDiagnostic[] = [];
  for (const client of ctx.scenario.clients) {
    const name = client.name;
    const retry = client.retry;
    const retries = retry !== undefined && (retry.count === undefined || retry.count.value > 0);
    const mutating = client.ops.some((op) => NON_IDEMPOTENT.has(op.op.name));

    if (retry !== undefined && retries && mutating && client.idempotency === undefined)
      found.push(
        finding('FL202', retry.range, `Client ${name} retries operations that change data but sends no idempotency key: a retry after a lost reply applies the operation twice`, [
          (() => {
            const edit = insertIntoBlock(ctx.lines, client.node.range, 'idempotency key ttl 1h');
            return edit === undefined ? undefined : { title: 'Send an idempotency key (remembered for 1h)', edits: [edit] };
          })(),
        ]),
      );

    if (retry !== undefined && retries && retry.backoff !== undefined && retry.backoff.name !== 'none' && (retry.jitter === undefined || retry.jitter.name === 'none'))
      found.push(
        finding('FL203', retry.jitter?.range ?? retry.range, `Client ${name} backs off ${retry.backoff.name === 'constant' ? 'by a constant delay' : 'exponentially'} without jitter: clients that failed together retry together`, [
          retry.jitter !== undefined
            ? { title: 'Use full jitter', edits: [replace(retry.jitter.range, 'full')] }
            : { title: 'Add full jitter', edits: [endInsert(retry.range, ' jitter full')] },
        ]),
      );

    if (client.timeout === undefined)
      found.push(
        finding('FL204', client.node.name.range, `Client ${name} has no timeout: when a reply is lost or a server dies, it waits forever`, [
          (() => {
            const edit = insertIntoBlock(ctx.lines, client.node.range, 'timeout 1s');
            return edit === undefined ? undefined : { title: 'Give up after 1s (the outcome is then unknown, not failed)', edits: [edit] };
          })(),
        ]),
      );

    if (retry !== undefined && retry.count === undefined) {
      const forever = wordRangeIn(ctx.lines, retry.range, 'forever');
      found.push(
        finding('FL205', forever ?? retry.range, `Client ${name} retries forever: during an outage every failed request keeps coming back, and the extra load keeps the service from recovering`, [
          forever === undefined ? undefined : { title: 'Retry at most 3 times', edits: [replace(forever, '3')] },
        ]),
      );
    }
  }
  return found;
}
