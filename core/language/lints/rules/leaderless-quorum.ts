// FL208: leaderless replication whose read and write quorums need not overlap (R + W ≤ N).
// Only overlapping quorums guarantee that some replica asked by a read holds the latest write.

import type { LintContext } from '../context.ts';
import { findOption, intOf, replace } from '../context.ts';
import { finding } from '../finding.ts';
import { OPTION_NAMES } from '../option-names.ts';
import type { LintDiagnostic } from '../types.ts';

export function lintLeaderlessQuorum(ctx: LintContext): LintDiagnostic[] {
  if (ctx.scenario.protocol?.name.name !== 'leaderless') return [];
  const nOption = findOption(ctx, OPTION_NAMES.replicaCount);
  const rOption = findOption(ctx, OPTION_NAMES.readQuorum);
  const wOption = findOption(ctx, OPTION_NAMES.writeQuorum);
  const n = intOf(ctx, OPTION_NAMES.replicaCount);
  const r = intOf(ctx, OPTION_NAMES.readQuorum);
  const w = intOf(ctx, OPTION_NAMES.writeQuorum);
  if (n === undefined || r === undefined || w === undefined || n === 0 || r + w > n) return [];
  const majority = Math.floor(n / 2) + 1;
  const edits = [];
  if (rOption?.value !== undefined && r !== majority) edits.push(replace(rOption.value.range, String(majority)));
  if (wOption?.value !== undefined && w !== majority) edits.push(replace(wOption.value.range, String(majority)));
  const written = [rOption, wOption, nOption].filter((o) => o !== undefined);
  const anchor = written.sort((a, b) => b.range.start.line - a.range.start.line)[0]?.range ?? ctx.scenario.protocol!.name.range;
  return [
    finding('FL208', anchor, `R + W = ${r} + ${w} = ${r + w}, not more than N = ${n}: a read can ask only replicas that missed the latest write and return a stale value with no failure at all`, [
      { title: `Use majority quorums: R = ${majority}, W = ${majority}`, edits },
    ]),
  ];
}
