// Folding: every block that spans lines (its closing brace stays visible) and every multi-line
// block comment.

import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { forEachBlock } from './model/outline.ts';

export function provideFoldingRanges(state: DocumentState): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  forEachBlock(state.outline.blocks, (block) => {
    const startLine = block.open.line;
    const endLine = block.close === null ? state.lines.length - 1 : block.close.line - 1;
    if (endLine > startLine) ranges.push({ startLine, endLine });
  });
  for (const token of state.outline.tokens)
    if (token.kind === 'comment' && token.endLine > token.line) ranges.push({ startLine: token.line, endLine: token.endLine, kind: FoldingRangeKind.Comment });
  return ranges;
}
