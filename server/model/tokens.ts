// A tolerant lexer for `.fault` text, used by the editor features that need exact token
// positions (outline, navigation, formatting, semantic tokens, completion context). It never
// fails: characters it does not know become `unknown` tokens, so every byte of the document is
// accounted for and formatting can never drop text. Parsing proper (and its diagnostics) is the
// language core's job; this only has to be fast and positionally exact.

export type TokenKind = 'word' | 'number' | 'string' | 'punct' | 'comment' | 'unknown';

export type Token = {
  kind: TokenKind;
  text: string;
  /** 0-based line and character of the first character (LSP positions, UTF-16 units). */
  line: number;
  character: number;
  /** Line and character just after the last character (a block comment may span lines). */
  endLine: number;
  endCharacter: number;
  /** Offset of the first character in the document. */
  offset: number;
};

const PUNCTUATION = ['<->', '->', '..', '{', '}', ',', '|', '*', '(', ')', ':'];

function isWordStart(ch: string): boolean {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_';
}
function isWordPart(ch: string): boolean {
  return isWordStart(ch) || isDigit(ch);
}
function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 0;
  let lineStart = 0;
  let i = 0;
  const length = text.length;

  const push = (kind: TokenKind, start: number, end: number, startLine: number, startLineStart: number): void => {
    tokens.push({
      kind,
      text: text.slice(start, end),
      line: startLine,
      character: start - startLineStart,
      endLine: line,
      endCharacter: end - lineStart,
      offset: start,
    });
  };

  while (i < length) {
    const ch = text[i]!;
    if (ch === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    const start = i;
    const startLine = line;
    const startLineStart = lineStart;
    if (ch === '/' && text[i + 1] === '/') {
      while (i < length && text[i] !== '\n') i++;
      // A trailing \r belongs to the line break, not the comment.
      const end = text[i - 1] === '\r' ? i - 1 : i;
      push('comment', start, end, startLine, startLineStart);
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      i += 2;
      while (i < length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') {
          line++;
          lineStart = i + 1;
        }
        i++;
      }
      i = Math.min(length, i + 2);
      push('comment', start, i, startLine, startLineStart);
      continue;
    }
    if (ch === '"') {
      i++;
      // Strings stay on one line: an unterminated string ends at the line break.
      while (i < length && text[i] !== '"' && text[i] !== '\n') {
        if (text[i] === '\\' && text[i + 1] !== '\n') i++;
        i++;
      }
      if (text[i] === '"') i++;
      push('string', start, i, startLine, startLineStart);
      continue;
    }
    const signed = (ch === '+' || ch === '-') && isDigit(text[i + 1] ?? '');
    if (isDigit(ch) || signed) {
      i++;
      while (i < length && isDigit(text[i]!)) i++;
      if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
        i++;
        while (i < length && isDigit(text[i]!)) i++;
      }
      // Unit: letters (ms, ppm, mbps), a percent sign, or a rate `/s`.
      if (text[i] === '%') i++;
      else if (text[i] === '/' && isWordStart(text[i + 1] ?? '')) {
        i++;
        while (i < length && isWordStart(text[i]!)) i++;
      } else while (i < length && isWordStart(text[i]!)) i++;
      push('number', start, i, startLine, startLineStart);
      continue;
    }
    if (isWordStart(ch)) {
      i++;
      while (i < length && isWordPart(text[i]!)) i++;
      push('word', start, i, startLine, startLineStart);
      continue;
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct !== undefined) {
      i += punct.length;
      push('punct', start, i, startLine, startLineStart);
      continue;
    }
    i++;
    push('unknown', start, i, startLine, startLineStart);
  }
  return tokens;
}

/** Splits a number token into its value and unit: `150ms` → { value: 150, unit: 'ms' }. */
export function splitNumber(text: string): { value: number; unit: string } {
  const match = /^([+-]?\d+(?:\.\d+)?)(.*)$/.exec(text);
  if (match === null) return { value: NaN, unit: '' };
  return { value: Number(match[1]), unit: match[2] ?? '' };
}
