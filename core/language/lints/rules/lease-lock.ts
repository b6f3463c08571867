// FL210 and FL211: lease-based locks. A paused holder outlives its lease without noticing, so
// storage must fence stale holders; and the lease must outlast the clock error plus the pause.

import type { LintContext } from '../context.ts';
import { durationOf, findOption, insertIntoBlock, replace, switchOf } from '../context.ts';
import { finding } from '../finding.ts';
import { OPTION_NAMES } from '../option-names.ts';
import type { LintDiagnostic } from '../types.ts';
import type { Range } from '../../index.ts';
import { skewSources } from './clock-skew-lww.ts';
import { formatMicros } from '../../../explain/units.ts';
import { durationText } from '../../values.ts';

function longestPause(ctx: LintContext): { us: number; range?: Range } {
  let longest: { us: number; range?: Range } = { us: 0 };
  for (const fault of ctx.scenario.faults) {
    const action = fault.action;
    let us = 0;
    if (action.kind === 'Pause') us = action.duration?.us ?? 0;
    if (action.kind === 'Random' && action.what === 'pause') {
      const d = action.duration;
      us = d === undefined ? 0 : d.kind === 'Duration' ? d.us : d.max.us;
    }
    if (us > longest.us) longest = { us, range: fault.range };
  }
  return longest;
}

/** The TTL a fix writes: `us` rounded up to a whole millisecond, as scenario text (`1.5s`, `250ms`). */
function ttlText(us: number): string {
  return durationText(Math.ceil(us / 1_000) * 1_000);
}

export function lintLeaseLock(ctx: LintContext): LintDiagnostic[] {
  const protocol = ctx.scenario.protocol;
  if (protocol?.name.name !== 'lease_lock') return [];
  const found: LintDiagnostic[] = [];

  const fencing = findOption(ctx, OPTION_NAMES.fencing);
  if (switchOf(ctx, OPTION_NAMES.fencing) !== true) {
    const fix =
      fencing?.value !== undefined
        ? { title: 'Turn fencing tokens on', edits: [replace(fencing.value.range, 'on')] }
        : (() => {
            const edit = insertIntoBlock(ctx.lines, protocol.range, 'fencing tokens on');
            return edit === undefined ? undefined : { title: 'Turn fencing tokens on', edits: [edit] };
          })();
    found.push(finding('FL210', fencing?.range ?? protocol.name.range, 'Lease lock without fencing tokens: a holder paused past its lease wakes up and writes after someone else has taken the lock, and storage cannot tell the two apart', [fix]));
  }

  const ttlOption = findOption(ctx, OPTION_NAMES.leaseTtl);
  const ttl = durationOf(ctx, OPTION_NAMES.leaseTtl);
  const skew = Math.max(0, ...skewSources(ctx).map((s) => s.us));
  const pause = longestPause(ctx);
  if (ttl !== undefined && skew + pause.us > 0 && ttl < skew + pause.us) {
    const safe = 2 * (skew + pause.us);
    found.push(
      finding('FL211', ttlOption?.range ?? protocol.name.range, `Lease TTL ${formatMicros(ttl)} is shorter than the declared clock skew (${formatMicros(skew)}) plus the longest pause (${formatMicros(pause.us)}): the lease can run out while its holder still believes it is valid`, [
        ttlOption?.value !== undefined
          ? { title: `Lengthen the lease to ${ttlText(safe)}`, edits: [replace(ttlOption.value.range, ttlText(safe))] }
          : (() => {
              const edit = insertIntoBlock(ctx.lines, protocol.range, `ttl ${ttlText(safe)}`);
              return edit === undefined ? undefined : { title: `Lengthen the lease to ${ttlText(safe)}`, edits: [edit] };
            })(),
      ], pause.range !== undefined ? [{ range: pause.range, message: 'the longest pause' }] : []),
    );
  }
  return found;
}
