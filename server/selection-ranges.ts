// Selection ranges (expand selection): word → statement → block contents → whole block →
// enclosing block … → scenario.

import type { Position, Range, SelectionRange, SelectionRangeParams } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import { cursorAt } from './model/cursor.ts';
import { tokenRange } from './model/positions.ts';

function same(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function selectionAt(state: DocumentView, position: Position): SelectionRange {
  const cursor = cursorAt(state.outline, position);
  const ranges: Range[] = [];
  if (cursor.token !== null) ranges.push(tokenRange(cursor.token));
  const statement = cursor.statement;
  if (statement !== null && statement.tokens.length > 0) {
    const first = statement.tokens[0]!;
    const last = statement.tokens[statement.tokens.length - 1]!;
    ranges.push({ start: { line: first.line, character: first.character }, end: { line: last.endLine, character: last.endCharacter } });
  }
  for (const block of cursor.blocks) {
    const end = block.close ?? block.open;
    ranges.push({ start: { line: block.open.endLine, character: block.open.endCharacter }, end: { line: end.line, character: end.character } });
    const first = block.header[0] ?? block.open;
    ranges.push({ start: { line: first.line, character: first.character }, end: { line: end.endLine, character: end.endCharacter } });
  }
  if (ranges.length === 0) ranges.push({ start: position, end: position });
  // Innermost first; drop repeats so every step really grows the selection.
  const distinct = ranges.filter((r, i) => i === 0 || !same(r, ranges[i - 1]!));
  let parent: SelectionRange | undefined;
  for (let i = distinct.length - 1; i >= 0; i--) parent = parent === undefined ? { range: distinct[i]! } : { range: distinct[i]!, parent };
  return parent!;
}

export function provideSelectionRanges(state: DocumentView, params: SelectionRangeParams): SelectionRange[] {
  return params.positions.map((p) => selectionAt(state, p));
}
