// The lexer skips line breaks (a token per line break was a sixth of all tokens, each one an
// object the parser only stepped over). The places where a line break matters ask here.

import type { IToken } from 'chevrotain';

/**
 * True when a line break stands between two tokens of the stream, where the lexer would have
 * put a line-break token: breaks inside a block comment do not count (`a /* ... *\/ b` stays
 * one line of atoms), as they never did.
 */
export function lineBreakBetween(text: string, before: IToken, after: IToken): boolean {
  // Every line break, in a comment or not, moves the lexer's line count on.
  if (before.startLine === after.startLine) return false;
  const end = after.startOffset;
  let i = before.startOffset + before.image.length;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c === 47 /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        // A line comment runs up to the break, which then counts.
        i += 2;
        while (i < end && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
        continue;
      }
      if (next === 42) {
        // A block comment here closes before `after` (it is skipped text between two tokens);
        // the search stops at `after` anyway, so no input can make it scan past the gap.
        i += 2;
        while (i < end && !(text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47)) i++;
        i += 2;
        continue;
      }
    }
    i++;
  }
  return false;
}
