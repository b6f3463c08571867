// The Chevrotain parser for the block structure: statements are the atoms of one line, blocks
// are { ... } holding statements. Error recovery is on (Chevrotain's default is off) so that a
// mistake inside one block still yields the statements around it.

import { createTokenInstance, EmbeddedActionsParser, EOF, type IRecognitionException, type IToken } from 'chevrotain';
import type { DiagnosticSink } from './diagnostic.ts';
import { allTokens, Atom, LBrace, Newline, RBrace } from './lexer.ts';
import type { Block, Statement } from './blocks.ts';
import { tokenRange } from './token-range.ts';
import { lineBreakBetween } from './line-breaks.ts';
import { makeRange, type Range } from './range.ts';

// Hot-path note: every closure below is created once (class fields), not per statement, and
// results go through explicit stacks instead of captured locals. Rebuilding closures on each
// call made parsing several times slower under tsx, which wraps every closure it creates.
//
// The parser does not see every atom. `cutRuns` hands it each run of atoms on a line as its
// first token only (a statement's atoms always run up to the line's end or its block);
// the statement then takes the whole run, cut out beforehand. Reading atoms one by one
// through Chevrotain cost more than the rest of the parse for no gain: the grammar never looks
// inside a run.
class StructureParser extends EmbeddedActionsParser {
  /** Statements of each open block (the innermost last); the document is the first entry. */
  private readonly statementStack: Statement[][] = [];
  /**
   * The atoms of each line, in order: `runs[k][0]` is the token the parser sees for run k. A
   * taken run is dropped from here, so its tokens live only as long as its statement.
   */
  private runs: (IToken[] | undefined)[] = [];
  /** Receives each top-level statement as soon as it is read, when set (see parseRuns). */
  private onTopLevel: ((statement: Statement) => void) | undefined;
  /** The next run a statement will take (runs are consumed in order). */
  private nextRun = 0;

  // A line item is a line break or a statement; the two statement forms sit directly in this
  // choice rather than in a `statement` rule of their own, which saved a rule call (and its
  // bookkeeping in Chevrotain) per line of the file.
  private readonly lineItem = [
    { ALT: (): void => { this.CONSUME(Newline); } },
    {
      ALT: (): void => {
        const head = this.CONSUME(Atom);
        // Taken before the block: statements inside it take the runs that follow.
        const atoms = this.RECORDING_PHASE ? [] : this.takeRun(head);
        const block = this.OPTION(this.readBlock);
        if (!this.RECORDING_PHASE) this.addStatement(makeStatement(atoms, block));
      },
    },
    {
      ALT: (): void => {
        const block = this.SUBRULE2(this.block);
        if (!this.RECORDING_PHASE) this.addStatement(makeStatement([], block));
      },
    },
  ];

  private readonly readLineItem = (): void => {
    this.OR(this.lineItem);
  };

  private addStatement(statement: Statement): void {
    if (this.statementStack.length === 1 && this.onTopLevel !== undefined) this.onTopLevel(statement);
    else this.statementStack[this.statementStack.length - 1]!.push(statement);
  }

  private readonly readBlock = (): Block => this.SUBRULE(this.block);

  /** Sets the input: the parser reads `structural`, statements take their atoms from `runs`. */
  load(structural: IToken[], runs: IToken[][], onTopLevel?: (statement: Statement) => void): void {
    this.statementStack.length = 0;
    this.runs = runs;
    this.onTopLevel = onTopLevel;
    this.nextRun = 0;
    this.input = structural;
  }

  /** Lets go of the input, so the tokens do not outlive the parse. */
  unload(): void {
    this.load([], []);
  }

  /**
   * The atoms of the run `head` starts. Error recovery may skip runs (the search moves past
   * them) or invent a token (it then stands alone, and the cursor stays where it was).
   */
  private takeRun(head: IToken): IToken[] {
    for (let k = this.nextRun; k < this.runs.length; k++) {
      const run = this.runs[k];
      if (run !== undefined && run[0] === head) {
        this.nextRun = k + 1;
        this.runs[k] = undefined;
        return run;
      }
    }
    return [head];
  }

  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public document = this.RULE('document', (): Statement[] => {
    this.statementStack.push([]);
    this.MANY(this.readLineItem);
    return this.statementStack.pop() ?? [];
  });

  private block = this.RULE('block', (): Block => {
    const open = this.CONSUME(LBrace);
    this.statementStack.push([]);
    this.MANY(this.readLineItem);
    const close = this.CONSUME(RBrace);
    const statements = this.statementStack.pop() ?? [];
    return this.RECORDING_PHASE ? (undefined as unknown as Block) : { statements, range: blockRange(open, close) };
  });
}

/** From the start of `{` to the end of `}` (as tokenRange would), without two whole token ranges to join. */
function blockRange(open: IToken, close: IToken): Range {
  const start = { line: (open.startLine ?? 1) - 1, character: (open.startColumn ?? 1) - 1 };
  const end = { line: (close.startLine ?? 1) - 1, character: (close.startColumn ?? 1) - 1 + close.image.length };
  return { start, end };
}

/** A statement over its own atoms (a fresh array) and optional block. */
function makeStatement(atoms: IToken[], block: Block | undefined): Statement {
  const first = atoms[0];
  const last = atoms[atoms.length - 1];
  const start = first === undefined ? block!.range.start : { line: first.startLine! - 1, character: first.startColumn! - 1 };
  const end = block !== undefined ? block.range.end : { line: last!.startLine! - 1, character: last!.startColumn! - 1 + last!.image.length };
  const statement: Statement = { atoms, range: { start, end } };
  if (block !== undefined) statement.block = block;
  return statement;
}

// One parser instance: building it analyses the grammar, which is the slow part.
const parser = new StructureParser();

export type ParseResult = { statements: Statement[]; errors: IRecognitionException[] };

/** What the parser reads: run heads and braces, and the atoms of each run. */
export type StructureInput = { structural: IToken[]; runs: IToken[][] };

/**
 * Cuts the token list for the parser. Each run of atoms on one line becomes its first token;
 * braces pass through. The lexer skips line breaks, and the parser needs one only between a
 * line's atoms and a `{` on a later line (that block is then a statement of its own), so one
 * is put there. The result does not refer to the list, which can be collected from here on.
 */
export function cutRuns(tokens: IToken[], text: string): StructureInput {
  const structural: IToken[] = [];
  const runs: IToken[][] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i]!;
    if (!isAtom(token)) {
      const previous = tokens[i - 1];
      if (token.tokenType === LBrace && previous !== undefined && isAtom(previous) && lineBreakBetween(text, previous, token)) {
        structural.push(lineBreakBefore(token));
      }
      structural.push(token);
      i++;
      continue;
    }
    structural.push(token);
    const start = i;
    do i++;
    while (i < tokens.length && isAtom(tokens[i]!) && !lineBreakBetween(text, tokens[i - 1]!, tokens[i]!));
    runs.push(tokens.slice(start, i));
  }
  return { structural, runs };
}

/** The line break the parser needs before `{` (the lexer skips line breaks). */
function lineBreakBefore(brace: IToken): IToken {
  const { startOffset, startLine, startColumn } = brace;
  return createTokenInstance(Newline, '\n', startOffset, startOffset, startLine!, startLine!, startColumn!, startColumn!);
}

/**
 * Reads the block structure. With `onTopLevel`, each top-level statement goes there as soon as
 * it is complete (and `statements` comes back empty): a caller that builds the tree from it
 * right away lets each part of a big file become garbage early, instead of the whole file's
 * statements and tokens staying alive, and being copied by the garbage collector, until the
 * end of the parse.
 */
export function parseRuns(input: StructureInput, onTopLevel?: (statement: Statement) => void): ParseResult {
  parser.load(input.structural, input.runs, onTopLevel);
  const statements = parser.document() ?? [];
  const errors = parser.errors;
  // Let go of the tokens: the parser would otherwise keep them alive until the next parse,
  // and the garbage collector would copy them into the old generation.
  parser.unload();
  return { statements, errors };
}

/** cutRuns and parseRuns in one step, for callers that keep the token list anyway. */
export function parseStructure(tokens: IToken[], text: string, onTopLevel?: (statement: Statement) => void): ParseResult {
  return parseRuns(cutRuns(tokens, text), onTopLevel);
}

/** Everything the lexer puts in the stream is an atom except braces. */
function isAtom(token: IToken): boolean {
  const type = token.tokenType;
  return type !== LBrace && type !== RBrace;
}

/**
 * Parser errors should not happen once braces are balanced (every token sequence then has a
 * reading); if one does, it is reported rather than lost.
 */
export function reportParseErrors(errors: readonly IRecognitionException[], sink: DiagnosticSink): void {
  for (const error of errors) {
    // At the end of input the token has no position; fall back to the last real one.
    const previous = (error as { previousToken?: IToken }).previousToken;
    const token = error.token.tokenType === EOF && previous !== undefined ? previous : error.token;
    const range = Number.isNaN(token.startOffset) ? makeRange(0, 0, 0, 0) : tokenRange(token);
    const shown = token.image === '' ? 'the end of the file' : `\`${token.image}\``;
    sink.error('FL007', range, `Could not read ${shown} here; the statement around it was skipped.`);
  }
}
