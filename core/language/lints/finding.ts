// Builds a lint finding; every message ends by naming the pattern it comes from, so a person
// can look the pattern up (and hover shows the longer explanation from core/explain/lints.ts).

import type { Range, RelatedInformation } from '../index.ts';
import { lintInfo, type LintCode } from '../../explain/lints.ts';
import type { LintDiagnostic, LintFix } from './types.ts';

export function finding(code: LintCode, range: Range, message: string, fixes: Array<LintFix | undefined> = [], related?: RelatedInformation[]): LintDiagnostic {
  const diagnostic: LintDiagnostic = {
    severity: 'warning',
    range,
    code,
    message: `${message} (${lintInfo[code].pattern})`,
    fixes: fixes.filter((f): f is LintFix => f !== undefined && f.edits.length > 0),
  };
  if (related !== undefined && related.length > 0) diagnostic.related = related;
  return diagnostic;
}
