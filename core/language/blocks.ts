// The block tree: what the parser produces before any word is interpreted. A file is a list
// of statements; a statement is the atoms on one line, optionally followed by a { block }.
// The typed builders (build/*.ts) turn this into the syntax tree of ast.ts.

import { makeRange, type Range } from './range.ts';

export type AtomKind = 'word' | 'quantity' | 'string' | 'punct';

/**
 * One token of a statement. Its range is made on first use: most keywords and punctuation are
 * never pointed at, and not allocating their ranges keeps big files fast (fewer objects for
 * the garbage collector to copy).
 */
export class Atom {
  private cachedRange: Range | undefined;

  constructor(
    readonly kind: AtomKind,
    /** The text as written; for a string, without the quotes. */
    readonly text: string,
    private readonly line: number,
    private readonly character: number,
    private readonly length: number,
  ) {}

  get range(): Range {
    return (this.cachedRange ??= makeRange(this.line, this.character, this.line, this.character + this.length));
  }
}

export type Block = {
  statements: Statement[];
  /** From the `{` to the `}` (or to where the missing `}` was assumed). */
  range: Range;
};

export type Statement = {
  atoms: Atom[];
  block?: Block;
  range: Range;
};
