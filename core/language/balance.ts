// Makes the brace structure sound before parsing, so one missing or extra brace costs one
// diagnostic instead of confusing everything after it:
// - a `}` with nothing open is reported and dropped;
// - blocks nested deeper than MAX_DEPTH are reported once and their content dropped (a file of
//   10,000 `{` must not turn into 10,000 stack frames);
// - `scenario "..."` at the start of a line while blocks are still open closes them first:
//   a forgotten `}` then only affects its own scenario;
// - blocks still open at the end of the file are reported and closed there.

import { createTokenInstance, type IToken } from 'chevrotain';
import { LBrace, RBrace, StringLit, UnterminatedString, Word } from './lexer.ts';
import { lineBreakBetween } from './line-breaks.ts';
import type { DiagnosticSink } from './diagnostic.ts';
import { tokenRange } from './token-range.ts';
import { makeRange, type Range } from './range.ts';
import { MAX_BLOCK_DEPTH as MAX_DEPTH } from './limits.ts';

export { MAX_DEPTH };

export function balanceBraces(tokens: IToken[], text: string, sink: DiagnosticSink, endOfText: Range): IToken[] {
  // Most files are well formed: check without copying, and hand the same array back.
  if (isSound(tokens, text)) return tokens;
  const out: IToken[] = [];
  const open: IToken[] = [];
  let skippedDepth = 0;
  let reportedTooDeep = false;

  const closeAllBefore = (where: Range, anchor: IToken | null): void => {
    for (let i = open.length - 1; i >= 0; i--) {
      const opener = open[i]!;
      sink.error(
        'FL004',
        tokenRange(opener),
        'This `{` is never closed: add a `}` where the block should end.',
        [{ range: where, message: 'the block was assumed to end here' }],
      );
      out.push(virtualClose(anchor, where));
    }
    open.length = 0;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const type = token.tokenType;
    if (skippedDepth > 0) {
      if (type === LBrace) skippedDepth++;
      else if (type === RBrace) skippedDepth--;
      continue;
    }
    if (type === LBrace) {
      if (open.length >= MAX_DEPTH) {
        skippedDepth = 1;
        if (!reportedTooDeep) {
          reportedTooDeep = true;
          sink.error('FL006', tokenRange(token), `Blocks are nested more than ${MAX_DEPTH} levels deep here; the inner blocks are ignored.`);
        }
        continue;
      }
      open.push(token);
    } else if (type === RBrace) {
      if (open.length === 0) {
        sink.error('FL005', tokenRange(token), 'This `}` has no block to close; remove it or add the missing `{`.');
        continue;
      }
      open.pop();
    } else if (type === Word && token.image === 'scenario' && open.length > 0 && startsLine(tokens, i, text)) {
      const next = tokens[i + 1];
      if (next !== undefined && (next.tokenType === StringLit || next.tokenType === UnterminatedString)) {
        closeAllBefore(tokenRange(token), token);
      }
    }
    out.push(token);
  }
  if (open.length > 0) closeAllBefore(endOfText, null);
  return out;
}

/** True when the rewrite below would change nothing. */
function isSound(tokens: IToken[], text: string): boolean {
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const type = tokens[i]!.tokenType;
    if (type === LBrace) {
      if (++depth > MAX_DEPTH) return false;
    } else if (type === RBrace) {
      if (--depth < 0) return false;
    } else if (depth > 0 && type === Word && tokens[i]!.image === 'scenario' && startsLine(tokens, i, text)) {
      const next = tokens[i + 1];
      if (next !== undefined && (next.tokenType === StringLit || next.tokenType === UnterminatedString)) return false;
    }
  }
  return depth === 0;
}

function startsLine(tokens: IToken[], index: number, text: string): boolean {
  const previous = tokens[index - 1];
  return previous === undefined || lineBreakBetween(text, previous, tokens[index]!);
}

/** A zero-width `}` the parser sees where a missing one was assumed. */
function virtualClose(anchor: IToken | null, where: Range): IToken {
  const offset = anchor?.startOffset ?? Number.MAX_SAFE_INTEGER;
  const line = where.start.line + 1;
  const column = where.start.character + 1;
  const token = createTokenInstance(RBrace, '', offset, offset - 1, line, line, column, column - 1);
  return token;
}

export function endOfTextRange(text: string): Range {
  // Without a carriage return, line breaks are the `\n`s: indexOf finds them far faster than
  // a loop over every character of a big file.
  if (text.indexOf('\r') < 0) {
    let line = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) line++;
    const character = text.length - (text.lastIndexOf('\n') + 1);
    return makeRange(line, character, line, character);
  }
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return makeRange(line, text.length - lineStart, line, text.length - lineStart);
}
