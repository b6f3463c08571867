// What a lint rule gets: one scenario's merged view and the file's lines (for quick-fix edits
// that must match the author's indentation), plus small readers for protocol option values.

import type { Ast, Range } from '../index.ts';
import type { EffectiveScenario } from './effective.ts';
import type { TextEdit } from './types.ts';
import type { OptionValue } from '../../types/sim-config.ts';
import { optionDeclaration } from '../../protocols/options-registry.ts';

export type LintContext = { scenario: EffectiveScenario; lines: readonly string[] };

/** The option line as written in the scenario (merged along `extends`), if any. */
export function findOption(ctx: LintContext, name: string): Ast.ProtocolOption | undefined {
  return ctx.scenario.options.get(name);
}

/** The declared default of an option of the scenario's protocol. */
function defaultOf(ctx: LintContext, name: string): OptionValue | null | undefined {
  const protocol = ctx.scenario.protocol?.name.name;
  return protocol === undefined ? undefined : optionDeclaration(protocol, name)?.default;
}

/** An enum or word value (`async`, `semi_sync`), lower-cased; the default when the line is absent. */
export function wordsOf(ctx: LintContext, name: string): string | undefined {
  const option = findOption(ctx, name);
  if (option === undefined) {
    const fallback = defaultOf(ctx, name);
    if (typeof fallback === 'string') return fallback;
    if (typeof fallback === 'boolean') return fallback ? 'on' : 'off';
    return undefined;
  }
  const value = option.value;
  if (value === undefined) return undefined;
  if (value.kind === 'Words') return value.words.map((w) => w.name.toLowerCase()).join(' ');
  if (value.kind === 'Bool') return value.value ? 'on' : 'off';
  return undefined;
}

const TRUE_WORDS = new Set(['on', 'yes', 'true', 'enabled']);
const FALSE_WORDS = new Set(['off', 'no', 'false', 'disabled', 'none']);

/** A switch's value (the default when the line is absent); undefined when unreadable. */
export function switchOf(ctx: LintContext, name: string): boolean | undefined {
  const words = wordsOf(ctx, name);
  if (words === undefined) return undefined;
  if (TRUE_WORDS.has(words)) return true;
  if (FALSE_WORDS.has(words)) return false;
  return undefined;
}

export function intOf(ctx: LintContext, name: string): number | undefined {
  const option = findOption(ctx, name);
  if (option === undefined) {
    const fallback = defaultOf(ctx, name);
    return typeof fallback === 'number' ? fallback : undefined;
  }
  return option.value?.kind === 'Int' ? option.value.value : undefined;
}

export function durationOf(ctx: LintContext, name: string): number | undefined {
  const option = findOption(ctx, name);
  if (option === undefined) {
    const fallback = defaultOf(ctx, name);
    return typeof fallback === 'number' ? fallback : undefined;
  }
  const value = option.value;
  if (value?.kind === 'Duration') return value.us;
  if (value?.kind === 'DurationRange') return value.min.us;
  return undefined;
}

/** The leading whitespace of a line. */
export function indentOf(lines: readonly string[], line: number): string {
  return /^[ \t]*/.exec(lines[line] ?? '')?.[0] ?? '';
}

/**
 * Inserts a statement as a new line at the end of a multi-line block (before its closing brace),
 * indented like the block's statements. Undefined for a one-line block, where a new line would
 * change its layout; the author gets the warning without the automatic fix.
 */
export function insertIntoBlock(lines: readonly string[], block: Range, statement: string): TextEdit | undefined {
  if (block.end.line === block.start.line) return undefined;
  const closingLine = block.end.line;
  const closing = lines[closingLine] ?? '';
  if (closing.trim() !== '}' && !closing.trimStart().startsWith('}')) return undefined;
  const indent = indentOf(lines, block.start.line) + '  ';
  return { range: { start: { line: closingLine, character: 0 }, end: { line: closingLine, character: 0 } }, newText: `${indent}${statement}\n` };
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

export function endInsert(range: Range, text: string): TextEdit {
  return { range: { start: range.end, end: range.end }, newText: text };
}

/** The range of the first occurrence of `word` inside `range` on its first line. */
export function wordRangeIn(lines: readonly string[], range: Range, word: string): Range | undefined {
  const line = lines[range.start.line] ?? '';
  const endCharacter = range.end.line === range.start.line ? range.end.character : line.length;
  const index = line.slice(range.start.character, endCharacter).search(new RegExp(`\\b${word}\\b`));
  if (index < 0) return undefined;
  const start = range.start.character + index;
  return { start: { line: range.start.line, character: start }, end: { line: range.start.line, character: start + word.length } };
}
