// Source positions in the shape the Language Server Protocol uses (0-based line and character,
// end exclusive), so the language server can hand them to the editor unchanged.

export type Position = { line: number; character: number };
export type Range = { start: Position; end: Position };

export function makeRange(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** The smallest range covering both. */
export function spanRanges(first: Range, last: Range): Range {
  return { start: first.start, end: last.end };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line !== b.line ? a.line - b.line : a.character - b.character;
}

/** True when `pos` lies inside `range` (the end counts as inside, so a cursor after a word hits it). */
export function rangeContains(range: Range, pos: Position): boolean {
  return comparePositions(range.start, pos) <= 0 && comparePositions(pos, range.end) <= 0;
}
