// Chevrotain positions are 1-based; ours are LSP-style (0-based, end exclusive). The lexer
// tracks start positions only (cheaper), which is enough: every token a range is taken from
// lies on one line, so its end is its start plus its length. (Virtual tokens have an empty
// image and so a zero-width range.)

import type { IToken } from 'chevrotain';
import { makeRange, type Range } from './range.ts';

export function tokenRange(token: IToken): Range {
  const line = (token.startLine ?? 1) - 1;
  const character = (token.startColumn ?? 1) - 1;
  return makeRange(line, character, line, character + token.image.length);
}
