// FL214: an idempotency key TTL shorter than the client's retry window. A retry that arrives
// after the server forgot the key is applied again, the duplicate the key was meant to stop.

import type { LintContext } from '../context.ts';
import { replace } from '../context.ts';
import { finding } from '../finding.ts';
import type { LintDiagnostic } from '../types.ts';
import type { Ast, Range } from '../../index.ts';
import { formatMicros } from '../../../explain/units.ts';
import { durationText } from '../../values.ts';

/** The longest time from the first attempt to the last retry's deadline. */
export function retryWindowUs(timeoutUs: number, retry: Ast.Retry): number {
  const retries = retry.count?.value ?? 0;
  const delay = retry.backoffDelay;
  const baseUs = delay === undefined ? 0 : delay.kind === 'Duration' ? delay.us : delay.min.us;
  const capUs = delay === undefined ? 0 : delay.kind === 'Duration' ? delay.us : delay.max.us;
  let total = timeoutUs * (retries + 1);
  const kind = retry.backoff?.name ?? 'none';
  if (kind === 'none' || baseUs <= 0) return total;
  if (kind === 'constant') return total + baseUs * retries;
  // Exponential: the waits double until they reach the cap, then stay there. Summed in closed
  // form past the cap: `retry 463430286` looped 463 million times and stalled the validator.
  let attempt = 0;
  for (; attempt < retries && baseUs * 2 ** attempt < capUs; attempt++) total += baseUs * 2 ** attempt;
  return total + (retries - attempt) * capUs;
}

export function lintIdempotencyTtl(ctx: LintContext): LintDiagnostic[] {
  const found: LintDiagnostic[] = [];
  for (const client of ctx.scenario.clients) {
    const { idempotency, retry, timeout } = client;
    // Unbounded retries (FL205) or no timeout (FL204) have no finite window; those lints speak.
    const ttl = idempotency?.ttl;
    if (idempotency === undefined || ttl === undefined || retry === undefined || timeout === undefined || retry.count === undefined || retry.count.value === 0) continue;
    const window = retryWindowUs(timeout.value.us, retry);
    if (ttl.us >= window) continue;
    const safe = Math.ceil((2 * window) / 1_000_000) * 1_000_000;
    // Point at the line this scenario wrote: a child that lengthens an inherited retry policy
    // is warned at its retry line, not at the parent's (still fine for the parent) key line.
    const own = (range: Range): boolean => range.start.line >= ctx.scenario.scenario.range.start.line && range.end.line <= ctx.scenario.scenario.range.end.line;
    const anchor = own(idempotency.range) || !own(retry.range) ? idempotency.range : retry.range;
    found.push(
      finding('FL214', anchor, `Client ${client.name} keeps its idempotency keys for ${formatMicros(ttl.us)}, but its retries can go on for ${formatMicros(window)}: a late retry is applied again`, [
        { title: `Remember keys for ${durationText(safe)}`, edits: [replace(ttl.range, durationText(safe))] },
      ]),
    );
  }
  return found;
}
