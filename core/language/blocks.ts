// The block tree: what the parser produces before any word is interpreted. A file is a list
// of statements; a statement is the atoms on one line, optionally followed by a { block }.
// The typed builders (build/*.ts) turn this into the syntax tree of ast.ts.

import type { Range } from './range.ts';

export type AtomKind = 'word' | 'quantity' | 'string' | 'punct';

export type Atom = {
  kind: AtomKind;
  /** The text as written; for a string, without the quotes. */
  text: string;
  range: Range;
};

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
