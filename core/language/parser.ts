// The Chevrotain parser for the block structure: statements are the atoms of one line, blocks
// are { ... } holding statements. Error recovery is on (Chevrotain's default is off) so that a
// mistake inside one block still yields the statements around it.

import { EmbeddedActionsParser, type IRecognitionException, type IToken } from 'chevrotain';
import { allTokens, Atom, LBrace, Newline, RBrace, StringLit, UnterminatedString, Quantity, Word } from './lexer.ts';
import type { Atom as AtomNode, AtomKind, Block, Statement } from './blocks.ts';
import { tokenRange } from './token-range.ts';
import { spanRanges } from './range.ts';

class StructureParser extends EmbeddedActionsParser {
  constructor() {
    super(allTokens, { recoveryEnabled: true, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  public document = this.RULE('document', (): Statement[] => {
    const statements: Statement[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(Newline); } },
        {
          ALT: () => {
            const statement = this.SUBRULE(this.statement);
            this.ACTION(() => { if (statement !== undefined) statements.push(statement); });
          },
        },
      ]);
    });
    return statements;
  });

  private statement = this.RULE('statement', (): Statement => {
    const atoms: IToken[] = [];
    let block: Block | undefined;
    this.OR([
      {
        ALT: () => {
          this.AT_LEAST_ONE(() => { atoms.push(this.CONSUME(Atom)); });
          this.OPTION(() => { block = this.SUBRULE(this.block); });
        },
      },
      { ALT: () => { block = this.SUBRULE2(this.block); } },
    ]);
    return this.ACTION(() => makeStatement(atoms, block));
  });

  private block = this.RULE('block', (): Block => {
    const open = this.CONSUME(LBrace);
    const statements: Statement[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(Newline); } },
        {
          ALT: () => {
            const statement = this.SUBRULE(this.statement);
            this.ACTION(() => { if (statement !== undefined) statements.push(statement); });
          },
        },
      ]);
    });
    const close = this.CONSUME(RBrace);
    return this.ACTION(() => ({ statements, range: spanRanges(tokenRange(open), tokenRange(close)) }));
  });
}

function atomKind(token: IToken): AtomKind {
  const type = token.tokenType;
  if (type === Word) return 'word';
  if (type === Quantity) return 'quantity';
  if (type === StringLit || type === UnterminatedString) return 'string';
  return 'punct';
}

function atomText(token: IToken): string {
  const type = token.tokenType;
  if (type === StringLit) return unescape(token.image.slice(1, -1));
  if (type === UnterminatedString) return unescape(token.image.slice(1));
  return token.image;
}

function unescape(body: string): string {
  return body.indexOf('\\') < 0 ? body : body.replace(/\\(.)/g, '$1');
}

function makeStatement(tokens: IToken[], block: Block | undefined): Statement {
  const atoms: AtomNode[] = tokens.map((token) => ({ kind: atomKind(token), text: atomText(token), range: tokenRange(token) }));
  const first = atoms[0]?.range ?? block!.range;
  const last = block?.range ?? atoms[atoms.length - 1]!.range;
  const statement: Statement = { atoms, range: spanRanges(first, last) };
  if (block !== undefined) statement.block = block;
  return statement;
}

// One parser instance: building it analyses the grammar, which is the slow part.
const parser = new StructureParser();

export type ParseResult = { statements: Statement[]; errors: IRecognitionException[] };

export function parseStructure(tokens: IToken[]): ParseResult {
  parser.input = tokens;
  const statements = parser.document() ?? [];
  return { statements, errors: parser.errors };
}
