// Chevrotain positions are 1-based with an inclusive end column; ours are LSP-style.

import type { IToken } from 'chevrotain';
import { makeRange, type Range } from './range.ts';

export function tokenRange(token: IToken): Range {
  const startLine = (token.startLine ?? 1) - 1;
  const startChar = (token.startColumn ?? 1) - 1;
  const endLine = (token.endLine ?? token.startLine ?? 1) - 1;
  const endChar = token.endColumn ?? startChar;
  // A zero-width virtual token has endColumn = startColumn - 1, which maps to startChar.
  return makeRange(startLine, startChar, endLine, Math.max(endLine === startLine ? startChar : 0, endChar));
}
