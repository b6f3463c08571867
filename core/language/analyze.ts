// The whole front end in one call: lex → balance braces → parse the block structure → build
// the typed tree → resolve `extends` → validate. Never throws: an internal failure becomes a
// diagnostic, because an editor must keep working on any text.

import type { Document, Scenario } from './ast.ts';
import { DiagnosticSink, type Diagnostic } from './diagnostic.ts';
import { lex, UnterminatedString, type LexResult } from './lexer.ts';
import { balanceBraces, endOfTextRange } from './balance.ts';
import { cutRuns, parseRuns, reportParseErrors, type StructureInput } from './parser.ts';
import type { Statement } from './blocks.ts';
import { buildTopLevel } from './build/document.ts';
import { tokenRange } from './token-range.ts';
import { makeRange, type Range } from './range.ts';
import { resolveScenarios, type ResolvedScenario } from './resolve.ts';
import { validateScenario } from './validate/index.ts';

export type AnalyzedDocument = {
  ast: Document;
  diagnostics: Diagnostic[];
  /** Each scenario with its `extends` chain merged in, in file order. */
  resolved: ResolvedScenario[];
  /**
   * A failure of the analysis itself (a bug, reported to the editor as FL007 so it keeps
   * working): command-line hosts exit 4 on it rather than calling the file invalid.
   */
  internalError?: unknown;
};

export function analyze(text: string): AnalyzedDocument {
  const sink = new DiagnosticSink();
  const end = endOfTextRange(text);
  const whole = makeRange(0, 0, end.end.line, end.end.character);
  let ast: Document = { kind: 'Document', scenarios: [], range: whole };
  let resolved: ResolvedScenario[] = [];
  let internalError: unknown;
  try {
    ast = parseDocument(text, sink, end, whole);
    if (ast.scenarios.length === 0 && !sink.items.some((d) => d.severity === 'error')) {
      sink.warning('FL035', makeRange(0, 0, 0, 0), 'This file has no scenario yet. Start one with `scenario "name" { ... }`.');
    }
    resolved = resolveScenarios(ast, sink);
    for (const scenario of resolved) validateScenario(scenario, sink);
  } catch (error) {
    internalError = error;
    sink.error('FL007', makeRange(0, 0, 0, 0), `Internal error while reading this file: ${String(error)}`);
  }
  const result: AnalyzedDocument = { ast, diagnostics: finalize(sink.items, end), resolved };
  if (internalError !== undefined) result.internalError = internalError;
  return result;
}

/**
 * Lex, parse, build. The tree is built one top-level statement at a time while the parser
 * goes, so each part of the file's statements and tokens becomes garbage as soon as its
 * scenario is built (see parseRuns).
 */
function parseDocument(text: string, sink: DiagnosticSink, end: Range, whole: Range): Document {
  const scenarios: Scenario[] = [];
  readStatements(text, sink, end, (statement) => buildTopLevel(statement, sink, scenarios));
  return { kind: 'Document', scenarios, range: whole };
}

function readStatements(text: string, sink: DiagnosticSink, end: Range, onTopLevel: (statement: Statement) => void): void {
  const input = lexAndCut(text, sink, end);
  reportParseErrors(parseRuns(input, onTopLevel).errors, sink);
}

/**
 * The token list lives only in this frame: once it returns, while the tree is built, the
 * garbage collector no longer has to keep (and copy) every token of the file.
 */
function lexAndCut(text: string, sink: DiagnosticSink, end: Range): StructureInput {
  const lexed = lex(text);
  reportLexProblems(text, lexed, sink);
  return cutRuns(balanceBraces(lexed.tokens, text, sink, end), text);
}

function reportLexProblems(text: string, lexed: LexResult, sink: DiagnosticSink): void {
  for (const error of lexed.errors) {
    const char = text.slice(error.offset, error.offset + error.length);
    const shown = /^[\x20-\x7e]+$/.test(char) ? `\`${char}\`` : `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    sink.error(
      'FL001',
      makeRange(error.line - 1, error.column - 1, error.line - 1, error.column - 1 + error.length),
      `The character ${shown} has no meaning here.`,
    );
  }
  for (const token of lexed.problems) {
    const start = tokenRange(token).start;
    sink.error('FL003', makeRange(start.line, start.character, start.line, start.character + 2), 'This comment is never closed: add `*/` where it should end.');
  }
  // An index loop: this function runs once per analysis, so it may never be optimized, and a
  // for...of over the tokens would then allocate an iterator result per token.
  const tokens = lexed.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.tokenType === UnterminatedString) {
      sink.error('FL002', tokenRange(token), 'This string is not closed: add a `"` before the end of the line.');
    }
  }
}

/**
 * Drops exact duplicates (a parent's problem seen again through each child that extends it)
 * and repeats past MAX_PER_CODE of one code (10,000 stray braces are one problem), clamps ranges into the document, and sorts by position so output is stable.
 */
/** Beyond this many of one code, more of the same tell the reader nothing new. */
export const MAX_PER_CODE = 100;

function finalize(items: Diagnostic[], end: Range): Diagnostic[] {
  const seen = new Set<string>();
  const perCode = new Map<string, number>();
  const out: Diagnostic[] = [];
  const last = end.end;
  const clamp = (range: Range): Range => {
    const clampPos = (p: Range['start']) =>
      p.line > last.line || (p.line === last.line && p.character > last.character) ? { ...last } : p;
    return { start: clampPos(range.start), end: clampPos(range.end) };
  };
  for (const item of items) {
    const key = `${item.code}:${item.range.start.line}:${item.range.start.character}:${item.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const count = (perCode.get(item.code) ?? 0) + 1;
    perCode.set(item.code, count);
    if (count > MAX_PER_CODE) continue;
    out.push({ ...item, range: clamp(item.range) });
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}
