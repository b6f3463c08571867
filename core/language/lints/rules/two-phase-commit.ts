// FL212: two-phase commit with no coordinator recovery. Participants that voted yes hold their
// locks until they hear the decision; a coordinator that never recovers leaves them blocked.

import type { LintContext } from '../context.ts';
import { findOption, insertIntoBlock, replace, switchOf } from '../context.ts';
import { finding } from '../finding.ts';
import { OPTION_NAMES } from '../option-names.ts';
import type { LintDiagnostic } from '../types.ts';

export function lintTwoPhaseCommit(ctx: LintContext): LintDiagnostic[] {
  const protocol = ctx.scenario.protocol;
  if (protocol?.name.name !== 'two_phase_commit') return [];
  const recovery = findOption(ctx, OPTION_NAMES.coordinatorRecovery);
  if (switchOf(ctx, OPTION_NAMES.coordinatorRecovery) !== false) return [];
  const fix =
    recovery?.value !== undefined
      ? { title: 'Turn coordinator recovery on', edits: [replace(recovery.value.range, 'on')] }
      : (() => {
          const edit = insertIntoBlock(ctx.lines, protocol.range, 'coordinator recovery on');
          return edit === undefined ? undefined : { title: 'Turn coordinator recovery on', edits: [edit] };
        })();
  return [
    finding('FL212', recovery?.range ?? protocol.name.range, 'Two-phase commit without coordinator recovery: if the coordinator fails after the votes and before the decision, participants wait forever with their locks held', [fix]),
  ];
}
