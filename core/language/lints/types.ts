// The shape of a lint finding. It mirrors the language's Diagnostic (so the CLI and the language
// server treat both alike) with a lint code, and carries the quick fixes that exist for it.

import type { Range, Severity, RelatedInformation } from '../index.ts';
import type { LintCode } from '../../explain/lints.ts';

export type TextEdit = { range: Range; newText: string };
export type LintFix = { title: string; edits: TextEdit[] };

export type LintDiagnostic = {
  severity: Severity;
  range: Range;
  code: LintCode;
  message: string;
  related?: RelatedInformation[];
  /** Quick fixes, best first; empty when the right fix needs a decision only the author can make. */
  fixes: LintFix[];
};
