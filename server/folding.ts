// Folding: every block that spans lines (its closing brace stays visible) and every multi-line
// block comment.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { NO_BUDGET, type RequestBudget } from './request-budget.ts';
import { forEachBlock } from './model/outline.ts';

export function provideFoldingRanges(state: DocumentState, _params: unknown, budget: RequestBudget = NO_BUDGET): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  forEachBlock(state.outline.blocks, (block) => {
    if (budget.exhausted()) return;
    const startLine = block.open.line;
    const endLine = block.close === null ? state.lines.length - 1 : block.close.line - 1;
    if (endLine > startLine) ranges.push({ startLine, endLine });
  });
  for (const token of state.outline.tokens) {
    if (budget.exhausted()) break;
    if (token.kind === 'comment' && token.endLine > token.line) ranges.push({ startLine: token.line, endLine: token.endLine, kind: FoldingRangeKind.Comment });
  }
  return ranges;
}
