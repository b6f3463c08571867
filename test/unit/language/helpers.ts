// Small helpers shared by the language tests.

import { analyze, type Diagnostic } from '../../../core/language/index.ts';
import type { Range } from '../../../core/language/range.ts';

/** `0:2-0:9` (0-based line:character, as in the tree) — keeps snapshots short and readable. */
export function formatRange(range: Range): string {
  return `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;
}

/** A deep copy of a syntax tree with every range written as `l:c-l:c`. */
export function compactTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compactTree);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if ('start' in record && 'end' in record && Object.keys(record).length === 2) return formatRange(record as Range);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) out[key] = compactTree(record[key]);
  return out;
}

export function codesOf(text: string): string[] {
  return analyze(text).diagnostics.map((d) => d.code);
}

export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

export function describe_(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${formatRange(d.range)} ${d.severity} ${d.code} ${d.message}`).join('\n');
}

/** A complete, valid scenario around `body` lines that replace the given block. */
export function scenarioWith(parts: { cluster?: string; network?: string; workload?: string; faults?: string; expect?: string; extra?: string; runFor?: string } = {}): string {
  return [
    'scenario "s" {',
    '  seed 1',
    `  run for ${parts.runFor ?? '10s'}`,
    parts.cluster ?? '  cluster {\n    nodes n1, n2, n3\n    protocol raft\n  }',
    parts.network ?? '',
    parts.workload ?? '',
    parts.faults ?? '',
    parts.expect ?? '',
    parts.extra ?? '',
    '}',
    '',
  ].join('\n');
}
