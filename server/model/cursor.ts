// Where the cursor is, in the terms the features reason about: the blocks around it
// (innermost first), the scenario, the statement on its line and the words typed before it.

import type { Position } from 'vscode-languageserver';
import type { Block, Outline, ScenarioInfo, Statement } from './outline.ts';
import type { Token } from './tokens.ts';
import { lastTokenIndexAtOrBefore, tokenAt } from './positions.ts';

export type Cursor = {
  /** Innermost first. */
  blocks: Block[];
  scenario: ScenarioInfo | null;
  /** The statement whose line the cursor is on (a block header counts as a statement). */
  statement: Statement | null;
  /** Code tokens of this statement that end at or before the cursor. */
  before: Token[];
  /** The token under the cursor (comments included). */
  token: Token | null;
};

function compare(aLine: number, aCharacter: number, position: Position): number {
  return aLine !== position.line ? aLine - position.line : aCharacter - position.character;
}

/** True when the cursor is inside the braces of `block` (after `{`, at or before `}`). */
export function insideBlock(block: Block, position: Position): boolean {
  if (compare(block.open.endLine, block.open.endCharacter, position) > 0) return false;
  return block.close === null || compare(block.close.line, block.close.character, position) >= 0;
}

export function blocksAt(outline: Outline, position: Position): Block[] {
  const chain: Block[] = [];
  let candidates = outline.blocks;
  for (;;) {
    const inner = candidates.find((b) => insideBlock(b, position));
    if (inner === undefined) break;
    chain.unshift(inner);
    candidates = inner.children;
  }
  return chain;
}

export function statementAt(block: Block | null, outline: Outline, line: number): Statement | null {
  const statements = block === null ? outline.topStatements : block.statements;
  const found = statements.find((s) => s.tokens[0] !== undefined && s.tokens[0].line <= line && s.tokens[s.tokens.length - 1]!.endLine >= line);
  if (found !== undefined) return found;
  const children = block === null ? outline.blocks : block.children;
  const header = children.find((b) => b.header.length > 0 && b.header[0]!.line === line);
  return header === undefined ? null : { tokens: header.header, block: header };
}

export function cursorAt(outline: Outline, position: Position): Cursor {
  const blocks = blocksAt(outline, position);
  const scenarioBlock = blocks[blocks.length - 1];
  const scenario = scenarioBlock === undefined ? null : (outline.scenarios.find((s) => s.block === scenarioBlock) ?? null);
  const statement = statementAt(blocks[0] ?? null, outline, position.line);
  // Tokens typed before the cursor on this line, after the last `{` (one-line blocks). Collected
  // backwards and reversed once: unshift per token was quadratic, 3.9 s on a 1 MB line.
  const before: Token[] = [];
  const lastIndex = lastTokenIndexAtOrBefore(outline.code, position);
  for (let i = lastIndex; i >= 0; i--) {
    const t = outline.code[i]!;
    if (t.endLine !== position.line && t.line !== position.line) break;
    if (t.kind === 'punct' && (t.text === '{' || t.text === '}')) break;
    // Only tokens that end at or before the cursor were typed "before" it.
    if (t.endLine > position.line || (t.endLine === position.line && t.endCharacter > position.character)) continue;
    before.push(t);
  }
  before.reverse();
  return { blocks, scenario, statement, before, token: tokenAt(outline.tokens, position) };
}
