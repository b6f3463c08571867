// Formatting: the canonical layout (see model/format-text.ts) as one edit over the document,
// or no edit when the document is already canonical.

import type { TextEdit } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { formatTextWithin } from './model/format-text.ts';
import { NO_BUDGET } from './request-budget.ts';
import type { RequestBudget } from './request-budget.ts';

/**
 * A layout larger than this many times the text is not sent: 1 MB of nested braces formats to
 * 22.7 MB of indentation, which took the server over a second to send and an editor longer to
 * apply. No edit is honest there (the nesting is already reported, FL006).
 */
export const MAX_FORMATTED_GROWTH = 3;

export function provideFormatting(state: DocumentState, _params: unknown, budget: RequestBudget = NO_BUDGET): TextEdit[] {
  const formatted = formatTextWithin(state.text, budget);
  if (formatted === null || formatted === state.text) return [];
  if (formatted.length > MAX_FORMATTED_GROWTH * state.text.length + 1_000) return [];
  const lines = state.lines;
  const lastLine = lines.length - 1;
  return [{ range: { start: { line: 0, character: 0 }, end: { line: lastLine, character: lines[lastLine]!.length } }, newText: formatted }];
}
