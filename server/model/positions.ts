// Position helpers shared by the features: which token is under the cursor, and LSP ranges
// for tokens. Tokens are sorted by offset, so lookups are a binary search (the 10,000-line
// benchmark document has ~100,000 tokens; a linear scan per hover would show).

import type { Position, Range } from 'vscode-languageserver';
import type { Token } from './tokens.ts';

export function tokenRange(token: Token): Range {
  return { start: { line: token.line, character: token.character }, end: { line: token.endLine, character: token.endCharacter } };
}

function before(line: number, character: number, position: Position): boolean {
  return line < position.line || (line === position.line && character < position.character);
}

/** Index of the last token that starts at or before `position`, or -1. */
export function lastTokenIndexAtOrBefore(tokens: readonly Token[], position: Position): number {
  let low = 0;
  let high = tokens.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const t = tokens[mid]!;
    if (before(t.line, t.character, position) || (t.line === position.line && t.character === position.character)) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** The token that contains `position` (its end counts, so a cursor right after a word finds it). */
export function tokenAt(tokens: readonly Token[], position: Position): Token | null {
  const index = lastTokenIndexAtOrBefore(tokens, position);
  if (index < 0) return null;
  const token = tokens[index]!;
  const endsAfter = !before(token.endLine, token.endCharacter, position);
  return endsAfter ? token : null;
}

export function containsPosition(range: Range, position: Position): boolean {
  const afterStart = !before(position.line, position.character, range.start);
  const beforeEnd = !before(range.end.line, range.end.character, position);
  return afterStart && beforeEnd;
}
