// The lexer. It knows only word shapes, not keywords: every word is an Identifier and every
// number with whatever letters follow it is one Quantity (`150ms`, `0.5%`, `200/s`, `5`).
// The builders decide what a word or a unit means, which keeps this fast and lets messages
// say "`sec` is not a unit" instead of a bare "unexpected token".

import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

/**
 * Skipped like spaces: the lexer still counts lines, and the few places where a line break
 * matters (see line-breaks.ts) look at the text. The parser gets a Newline only where one
 * separates a line from a block on the next line (see cutRuns).
 */
export const Newline = createToken({ name: 'Newline', pattern: /\r\n|\r|\n/, line_breaks: true, group: Lexer.SKIPPED });
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });
const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[\s\S]*?\*\//,
  line_breaks: true,
  group: Lexer.SKIPPED,
});
/** Goes to its own group so the analyzer can report it; the rest of the file is its content. */
export const UnterminatedComment = createToken({
  name: 'UnterminatedComment',
  pattern: /\/\*[\s\S]*/,
  line_breaks: true,
  group: 'problems',
});

/** Every token a statement can be made of belongs to this category. */
export const Atom = createToken({ name: 'Atom', pattern: Lexer.NA });

export const StringLit = createToken({ name: 'String', pattern: /"(?:[^"\\\r\n]|\\.)*"/, categories: [Atom] });
/** A string cut short by the end of the line; kept as an atom so the rest of the line still reads. */
export const UnterminatedString = createToken({
  name: 'UnterminatedString',
  pattern: /"(?:[^"\\\r\n]|\\.)*/,
  categories: [Atom],
});
export const BiArrow = createToken({ name: 'BiArrow', pattern: '<->', categories: [Atom] });
export const Arrow = createToken({ name: 'Arrow', pattern: '->', categories: [Atom] });
export const DotDot = createToken({ name: 'DotDot', pattern: '..', categories: [Atom] });
export const Quantity = createToken({
  name: 'Quantity',
  pattern: /[+-]?\d+(?:\.\d+)?(?:[A-Za-z%]+|\/[A-Za-z]+)?/,
  start_chars_hint: ['+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  categories: [Atom],
});
export const Word = createToken({ name: 'Word', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Atom] });
export const Comma = createToken({ name: 'Comma', pattern: ',', categories: [Atom] });
export const Pipe = createToken({ name: 'Pipe', pattern: '|', categories: [Atom] });
export const Star = createToken({ name: 'Star', pattern: '*', categories: [Atom] });
export const Colon = createToken({ name: 'Colon', pattern: ':', categories: [Atom] });
export const LBrace = createToken({ name: 'LBrace', pattern: '{' });
export const RBrace = createToken({ name: 'RBrace', pattern: '}' });

export const allTokens: TokenType[] = [
  Newline,
  WhiteSpace,
  LineComment,
  BlockComment,
  UnterminatedComment,
  StringLit,
  UnterminatedString,
  BiArrow,
  Arrow,
  Quantity,
  DotDot,
  Word,
  Comma,
  Pipe,
  Star,
  Colon,
  LBrace,
  RBrace,
  Atom,
];

const lexer = new Lexer(allTokens, { positionTracking: 'onlyStart', ensureOptimizations: true });

export type LexResult = {
  tokens: IToken[];
  /** Unterminated comments (the only token group kept out of the stream). */
  problems: IToken[];
  errors: { offset: number; line: number; column: number; length: number; message: string }[];
};

export function lex(text: string): LexResult {
  const result = lexer.tokenize(text);
  return {
    tokens: result.tokens,
    problems: (result.groups['problems'] as IToken[] | undefined) ?? [],
    errors: result.errors.map((e) => ({
      offset: e.offset,
      line: e.line ?? 1,
      column: e.column ?? 1,
      length: e.length,
      message: e.message,
    })),
  };
}
