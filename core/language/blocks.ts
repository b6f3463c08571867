// The block tree: what the parser produces before any word is interpreted. A file is a list
// of statements; a statement is the atoms on one line, optionally followed by a { block }.
// The typed builders (build/*.ts) turn this into the syntax tree of ast.ts.

import type { IToken } from 'chevrotain';
import { Quantity, StringLit, UnterminatedString, Word } from './lexer.ts';
import { makeRange, type Range } from './range.ts';

export type AtomKind = 'word' | 'quantity' | 'string' | 'punct';

/**
 * One token of a statement: the lexer's own token, read through the functions below. Copying
 * each token into an object of our own cost one more object per word of the file, all alive
 * until the tree is built, and the garbage collector's copying of them was a large part of
 * the time spent on a big file. Ranges are made when asked for: most keywords and punctuation
 * are never pointed at.
 */
export type Atom = IToken;

export function atomKind(atom: Atom): AtomKind;
export function atomKind(atom: Atom | undefined): AtomKind | undefined;
export function atomKind(atom: Atom | undefined): AtomKind | undefined {
  if (atom === undefined) return undefined;
  const type = atom.tokenType;
  if (type === Word) return 'word';
  if (type === Quantity) return 'quantity';
  if (type === StringLit || type === UnterminatedString) return 'string';
  return 'punct';
}

/** The text as written; for a string, without the quotes and with escapes resolved. */
export function atomText(atom: Atom): string;
export function atomText(atom: Atom | undefined): string | undefined;
export function atomText(atom: Atom | undefined): string | undefined {
  if (atom === undefined) return undefined;
  const type = atom.tokenType;
  if (type === StringLit) return unescape(atom.image.slice(1, -1));
  if (type === UnterminatedString) return unescape(atom.image.slice(1));
  return atom.image;
}

function unescape(body: string): string {
  return body.indexOf('\\') < 0 ? body : body.replace(/\\(.)/g, '$1');
}

/** Atoms lie on one line (the lexer tracks start positions only), so the end is start + length. */
export function atomRange(atom: Atom): Range;
export function atomRange(atom: Atom | undefined): Range | undefined;
export function atomRange(atom: Atom | undefined): Range | undefined {
  if (atom === undefined) return undefined;
  const line = atom.startLine! - 1;
  const character = atom.startColumn! - 1;
  return makeRange(line, character, line, character + atom.image.length);
}

/** True when the atom is this word (a cheap test: no text is made). */
export function isWordAtom(atom: Atom | undefined, word: string): boolean {
  return atom !== undefined && atom.tokenType === Word && atom.image === word;
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
