// Lints: the classic mistakes of distributed systems, found in a scenario as warnings (FL2xx).
// They read the syntax tree (merged along `extends`), never the simulator, so the language server
// and `faultline validate` report the same findings instantly. Each message names the pattern or
// fallacy it comes from; core/explain/lints.ts holds the longer explanation.

import type { Ast } from '../index.ts';
import { effectiveScenario } from './effective.ts';
import type { LintContext } from './context.ts';
import type { LintDiagnostic } from './types.ts';
import { lintClusterSize } from './rules/cluster-size.ts';
import { lintClientRetries } from './rules/client-retries.ts';
import { lintReplication } from './rules/replication.ts';
import { lintLeaderlessQuorum } from './rules/leaderless-quorum.ts';
import { lintLwwWithSkew } from './rules/clock-skew-lww.ts';
import { lintLeaseLock } from './rules/lease-lock.ts';
import { lintTwoPhaseCommit } from './rules/two-phase-commit.ts';
import { lintRegionLatency } from './rules/regions.ts';
import { lintIdempotencyTtl } from './rules/idempotency-ttl.ts';

export type { LintDiagnostic, LintFix, TextEdit } from './types.ts';
export { lintInfo, type LintCode } from '../../explain/lints.ts';

const RULES: Array<(ctx: LintContext) => LintDiagnostic[]> = [
  lintClusterSize,
  lintClientRetries,
  lintReplication,
  lintLeaderlessQuorum,
  lintLwwWithSkew,
  lintLeaseLock,
  lintTwoPhaseCommit,
  lintRegionLatency,
  lintIdempotencyTtl,
];

function key(d: LintDiagnostic): string {
  return `${d.code}:${d.range.start.line}:${d.range.start.character}:${d.range.end.line}:${d.range.end.character}:${d.message}`;
}

/**
 * Lints every scenario of a parsed document. `text` is the document the tree came from (fixes
 * copy its indentation). A parent's mistake inherited by a child is reported once, at the line
 * that causes it. `scenario` limits the run to one scenario by name.
 */
export function lint(document: Ast.Document, text: string, scenario?: string): LintDiagnostic[] {
  const lines = text.split(/\r?\n/);
  const byName = new Map<string, Ast.Scenario>();
  for (const s of document.scenarios) if (!byName.has(s.name.value)) byName.set(s.name.value, s);
  const seen = new Set<string>();
  const found: LintDiagnostic[] = [];
  for (const s of document.scenarios) {
    if (scenario !== undefined && s.name.value !== scenario) continue;
    const ctx: LintContext = { scenario: effectiveScenario(s, byName), lines };
    for (const rule of RULES) {
      for (const diagnostic of rule(ctx)) {
        const k = key(diagnostic);
        if (seen.has(k)) continue;
        seen.add(k);
        found.push(diagnostic);
      }
    }
  }
  return found;
}
