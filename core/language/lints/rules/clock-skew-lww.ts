// FL209: last-write-wins conflict resolution in a scenario that declares clock skew. The write
// with the largest timestamp wins, so a node whose clock runs ahead overrides later writes.

import type { LintContext } from '../context.ts';
import { findOption, insertIntoBlock, replace, wordsOf } from '../context.ts';
import { finding } from '../finding.ts';
import { OPTION_NAMES } from '../option-names.ts';
import type { LintDiagnostic } from '../types.ts';
import type { Range } from '../../index.ts';

/** Where the scenario makes clocks disagree: clock lines with skew or drift, skew faults. */
export function skewSources(ctx: LintContext): Array<{ range: Range; us: number }> {
  const sources: Array<{ range: Range; us: number }> = [];
  for (const clock of ctx.scenario.clocks) {
    const us = Math.abs(clock.skew?.us ?? 0);
    if (us > 0 || (clock.drift?.ppm ?? 0) !== 0) sources.push({ range: clock.range, us });
  }
  for (const fault of ctx.scenario.faults) {
    if (fault.action.kind === 'Skew') sources.push({ range: fault.range, us: Math.abs(fault.action.delta.us) });
    if (fault.action.kind === 'Random' && fault.action.what === 'skew') {
      const magnitude = fault.action.magnitude;
      sources.push({ range: fault.range, us: magnitude?.kind === 'Duration' ? Math.abs(magnitude.us) : 0 });
    }
  }
  return sources;
}

export function lintLwwWithSkew(ctx: LintContext): LintDiagnostic[] {
  const protocol = ctx.scenario.protocol;
  if (protocol === undefined || wordsOf(ctx, OPTION_NAMES.conflictResolution) !== 'lww') return [];
  const resolution = findOption(ctx, OPTION_NAMES.conflictResolution);
  const skews = skewSources(ctx);
  if (skews.length === 0) return [];
  return [
    finding('FL209', resolution?.range ?? protocol.name.range, `${resolution === undefined ? 'Last-write-wins (the default)' : 'Last-write-wins'} with skewed clocks: a node whose clock runs ahead wins every conflict, so a write that really came later is silently discarded`, [
      resolution?.value !== undefined
        ? { title: 'Keep concurrent writes as siblings (detected with version vectors)', edits: [replace(resolution.value.range, 'siblings')] }
        : (() => {
            const edit = insertIntoBlock(ctx.lines, protocol.range, 'conflict resolution siblings');
            return edit === undefined ? undefined : { title: 'Keep concurrent writes as siblings (detected with version vectors)', edits: [edit] };
          })(),
    ], skews.slice(0, 3).map((s) => ({ range: s.range, message: 'clock skew declared here' }))),
  ];
}
