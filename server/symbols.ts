// Document symbols (the outline view): scenario → cluster (nodes, protocol), network, clocks,
// workload (clients), faults (one per line), expect (one per property).

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { NO_BUDGET, type RequestBudget } from './request-budget.ts';
import type { Block, Statement } from './model/outline.ts';
import type { Token } from './model/tokens.ts';

/**
 * Top-level blocks listed in the outline. An outline of 17,000 scenarios was a 4.5 MB answer
 * that took seconds to send and read (4.9 s at load 26), and no one scrolls 10,000 entries: the
 * list stops here and one last entry says how many were left out (go to a scenario by
 * workspace symbol search instead).
 */
export const MAX_DOCUMENT_SYMBOLS = 2_000;

const BLOCK_KIND: Record<string, SymbolKind> = {
  scenario: SymbolKind.Namespace,
  cluster: SymbolKind.Module,
  protocol: SymbolKind.Class,
  network: SymbolKind.Module,
  workload: SymbolKind.Module,
  client: SymbolKind.Object,
  faults: SymbolKind.Event,
  expect: SymbolKind.Interface,
};

function span(first: Token, last: Token): DocumentSymbol['range'] {
  return { start: { line: first.line, character: first.character }, end: { line: last.endLine, character: last.endCharacter } };
}

function statementSymbol(statement: Statement, kind: SymbolKind): DocumentSymbol | undefined {
  const first = statement.tokens[0];
  const last = statement.tokens[statement.tokens.length - 1];
  if (first === undefined || last === undefined) return undefined;
  const text = statement.tokens.map((t) => t.text).join(' ').replace(/ ,/g, ',');
  return { name: text, kind, range: span(first, last), selectionRange: span(first, last) };
}

function blockName(block: Block): string {
  const header = block.header.map((t) => t.text).join(' ').replace(/ ,/g, ',');
  return header.length > 0 ? header : '{ }';
}

function blockSymbol(block: Block): DocumentSymbol {
  const first = block.header[0] ?? block.open;
  const last = block.close ?? block.statements[block.statements.length - 1]?.tokens.at(-1) ?? block.open;
  const selectionFirst = block.header[1] ?? first;
  const selectionLast = block.header[block.header.length - 1] ?? first;
  const children: DocumentSymbol[] = [];
  for (const statement of block.statements) {
    const keyword = statement.tokens[0]?.text;
    let kind: SymbolKind | undefined;
    if (block.keyword === 'faults') kind = SymbolKind.Event;
    else if (block.keyword === 'expect') kind = SymbolKind.Boolean;
    else if (block.keyword === 'cluster' && keyword === 'nodes') kind = SymbolKind.Array;
    else if (block.keyword === 'protocol') kind = SymbolKind.Property;
    else if (block.keyword === 'scenario' && (keyword === 'clock' || keyword === 'seed' || keyword === 'run')) kind = SymbolKind.Field;
    else if (block.keyword === 'network' && (keyword === 'link' || keyword === 'region')) kind = SymbolKind.Field;
    if (kind === undefined) continue;
    const symbol = statementSymbol(statement, kind);
    if (symbol !== undefined) children.push(symbol);
  }
  for (const child of block.children) children.push(blockSymbol(child));
  children.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const symbol: DocumentSymbol = {
    name: block.keyword === 'scenario' ? (block.header.find((t) => t.kind === 'string')?.text.replace(/^"|"$/g, '') ?? 'scenario') : blockName(block),
    kind: BLOCK_KIND[block.keyword] ?? SymbolKind.Object,
    range: span(first, last),
    selectionRange: span(selectionFirst, selectionLast),
    children,
  };
  if (block.keyword === 'scenario') symbol.detail = block.header.some((t) => t.text === 'extends') ? `scenario · ${blockName(block).replace(/^.*extends /, 'extends ')}` : 'scenario';
  return symbol;
}

/** The entry that ends a capped list: it stands at the first block left out. */
function leftOutSymbol(first: Block, count: number): DocumentSymbol {
  const at = span(first.header[0] ?? first.open, first.header[0] ?? first.open);
  return {
    name: `… ${count.toLocaleString('en-US')} more blocks not listed (the outline lists the first ${MAX_DOCUMENT_SYMBOLS.toLocaleString('en-US')})`,
    kind: SymbolKind.Null,
    range: at,
    selectionRange: at,
  };
}

/** Scenario by scenario: when the budget runs out, the scenarios done so far. */
export function provideDocumentSymbols(state: DocumentState, _params: unknown, budget: RequestBudget = NO_BUDGET): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  const blocks = state.outline.blocks;
  for (const block of blocks.slice(0, MAX_DOCUMENT_SYMBOLS)) {
    if (budget.exhausted()) break;
    symbols.push(blockSymbol(block));
  }
  if (blocks.length > MAX_DOCUMENT_SYMBOLS && !budget.exceeded) symbols.push(leftOutSymbol(blocks[MAX_DOCUMENT_SYMBOLS]!, blocks.length - MAX_DOCUMENT_SYMBOLS));
  return symbols;
}
