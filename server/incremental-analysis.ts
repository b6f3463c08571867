// Analysis of large documents one scenario at a time, cached by text. A 10,000-line file holds
// hundreds of scenarios; after a one-character edit only the scenario that changed (and the
// scenarios that extend it) is analyzed again, so fresh diagnostics stay within a keystroke's
// budget. Small documents are analyzed whole, which is exact by definition; for large ones a
// scenario is analyzed together with the scenarios it extends (so `extends`, inherited nodes
// and lints see what the whole-file analysis would), and the few checks that span the whole
// file (duplicate scenario names) are made here. test/lsp/incremental.test.ts holds the two
// paths to the same answers.

import { analyze, type Diagnostic as CoreDiagnostic, type Range } from '../core/language/index.ts';
import { lint, type LintDiagnostic } from '../core/language/lints/index.ts';
import { MAX_EXTENDS_DEPTH } from '../core/language/limits.ts';

/** Below this many lines, analyzing the whole document is fast enough and always exact. */
export const WHOLE_DOCUMENT_LINES = 1500;

export type Segment = {
  startLine: number;
  lineCount: number;
  /** The segment's text: whole lines, without the line break that ends the last one. */
  text: string;
  name: string | null;
  nameRange: Range | null;
  extendsName: string | null;
};

export type AnalysisResult = { diagnostics: CoreDiagnostic[]; lints: LintDiagnostic[] };

const HEADER = /^[ \t]*scenario[ \t]+"([^"\n]*)"(?:[ \t]+extends[ \t]+"([^"\n]*)")?/;
const SCENARIO_AT_LINE_START = /[ \t]*scenario\b/y;

/**
 * Cuts the document before every `scenario` keyword that starts a line at brace depth 0.
 * Comments and strings are skipped so a brace inside them does not count. Text before the
 * first scenario belongs to the first segment; text between scenarios to the one before.
 * Works on offsets, so an unchanged segment costs a slice, not a copy of its lines.
 */
export function splitSegments(text: string): Segment[] {
  const cutOffsets: number[] = [0];
  const cutLines: number[] = [0];
  let depth = 0;
  let inBlockComment = false;
  let seenScenario = false;
  let line = 0;
  let atLineStart = true;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    if (atLineStart) {
      atLineStart = false;
      if (depth === 0 && !inBlockComment) {
        SCENARIO_AT_LINE_START.lastIndex = i;
        if (SCENARIO_AT_LINE_START.test(text)) {
          if (seenScenario) {
            cutOffsets.push(i);
            cutLines.push(line);
          }
          seenScenario = true;
        }
      }
    }
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      atLineStart = true;
      continue;
    }
    if (inBlockComment) {
      if (ch === 42 && text.charCodeAt(i + 1) === 47) {
        inBlockComment = false;
        i++;
      }
      continue;
    }
    if (ch === 47) {
      const next = text.charCodeAt(i + 1);
      if (next === 47) {
        // A line comment runs to the end of the line; the newline is handled above.
        while (i + 1 < length && text.charCodeAt(i + 1) !== 10) i++;
      } else if (next === 42) {
        inBlockComment = true;
        i++;
      }
    } else if (ch === 34) {
      // Strings end at the closing quote or, unterminated, at the end of the line.
      while (i + 1 < length && text.charCodeAt(i + 1) !== 34 && text.charCodeAt(i + 1) !== 10) i += text.charCodeAt(i + 1) === 92 && text.charCodeAt(i + 2) !== 10 ? 2 : 1;
      if (text.charCodeAt(i + 1) === 34) i++;
    } else if (ch === 123) depth++;
    else if (ch === 125) depth = Math.max(0, depth - 1);
  }
  const totalLines = line + 1;
  const segments: Segment[] = [];
  for (let c = 0; c < cutOffsets.length; c++) {
    const startOffset = cutOffsets[c]!;
    const nextOffset = cutOffsets[c + 1];
    // Drop the line break before the next segment: a segment is whole lines joined by breaks.
    const segmentText = nextOffset === undefined ? text.slice(startOffset) : text.slice(startOffset, nextOffset - 1);
    const startLine = cutLines[c]!;
    const lineCount = (cutLines[c + 1] ?? totalLines) - startLine;
    let name: string | null = null;
    let nameRange: Range | null = null;
    let extendsName: string | null = null;
    const header = /^[ \t]*scenario\b.*$/m.exec(segmentText);
    const match = header === null ? null : HEADER.exec(header[0]);
    if (header !== null && match !== null) {
      name = match[1]!;
      extendsName = match[2] ?? null;
      const headerLine = startLine + segmentText.slice(0, header.index).split('\n').length - 1;
      const character = header[0].indexOf('"');
      nameRange = { start: { line: headerLine, character }, end: { line: headerLine, character: character + name.length + 2 } };
    }
    segments.push({ startLine, lineCount, text: segmentText, name, nameRange, extendsName });
  }
  return segments;
}

type UnitResult = { diagnostics: CoreDiagnostic[]; lints: LintDiagnostic[] };

/** One part of a unit: where its lines sit in the unit text and in the document. */
type Part = { unitStart: number; docStart: number; length: number };

function mapLine(parts: Part[], line: number): number {
  for (const part of parts) if (line >= part.unitStart && line < part.unitStart + part.length) return line - part.unitStart + part.docStart;
  const last = parts[parts.length - 1]!;
  return line - last.unitStart + last.docStart;
}

function mapRange(parts: Part[], range: Range): Range {
  return {
    start: { line: mapLine(parts, range.start.line), character: range.start.character },
    end: { line: mapLine(parts, range.end.line), character: range.end.character },
  };
}

function inPart(part: Part, range: Range): boolean {
  return range.start.line >= part.unitStart && range.start.line < part.unitStart + part.length;
}

function mapDiagnostic<T extends CoreDiagnostic | LintDiagnostic>(parts: Part[], d: T): T {
  const mapped = { ...d, range: mapRange(parts, d.range) };
  if (d.related !== undefined) mapped.related = d.related.map((r) => ({ ...r, range: mapRange(parts, r.range) }));
  if ('fixes' in d) (mapped as LintDiagnostic).fixes = d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: mapRange(parts, e.range) })) }));
  return mapped;
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0 && lines < WHOLE_DOCUMENT_LINES; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Past this many times the document's lines, units cost more than one whole-document pass. */
const MAX_UNIT_WORK = 4;

export class IncrementalAnalyzer {
  /** Unit text → results in unit coordinates. Entries not used by the latest version are dropped. */
  private cache = new Map<string, UnitResult>();

  run(text: string): AnalysisResult {
    if (countLines(text) < WHOLE_DOCUMENT_LINES) return this.whole(text);
    const segments = splitSegments(text);
    const firstByName = new Map<string, Segment>();
    for (const s of segments) if (s.name !== null && !firstByName.has(s.name)) firstByName.set(s.name, s);

    // Each segment with the scenarios it extends. A chain stops MAX_EXTENDS_DEPTH above its
    // scenario: the analysis reports a deeper one (FL036) without looking further up.
    const chains: Segment[][] = [];
    let unitLines = 0;
    let documentLines = 0;
    for (const segment of segments) {
      const chain: Segment[] = [segment];
      const seen = new Set<Segment>(chain);
      for (let parent = segment.extendsName; parent !== null && chain.length <= MAX_EXTENDS_DEPTH; ) {
        const found = firstByName.get(parent);
        if (found === undefined || seen.has(found)) break;
        chain.push(found);
        seen.add(found);
        parent = found.extendsName;
      }
      chains.push(chain);
      documentLines += segment.lineCount;
      for (const s of chain) unitLines += s.lineCount;
    }
    // Units repeat their parents' text: when most scenarios sit in long chains, analysing them
    // one by one would cost many times the whole document (a 2,000-scenario chain, 32 deep,
    // some 33 times). The whole document in one pass is then cheaper, and exact.
    if (unitLines > MAX_UNIT_WORK * documentLines) return this.whole(text);

    const nextCache = new Map<string, UnitResult>();
    const diagnostics: CoreDiagnostic[] = [];
    const lints: LintDiagnostic[] = [];
    for (let index = 0; index < segments.length; index++) {
      const segment = segments[index]!;
      const chain = chains[index]!;
      chain.sort((a, b) => a.startLine - b.startLine);
      const parts: Part[] = [];
      let unitLine = 0;
      for (const s of chain) {
        parts.push({ unitStart: unitLine, docStart: s.startLine, length: s.lineCount });
        unitLine += s.lineCount;
      }
      const unitText = chain.length === 1 ? segment.text : chain.map((s) => s.text).join('\n');
      let result = nextCache.get(unitText) ?? this.cache.get(unitText);
      if (result === undefined) {
        const analyzed = analyze(unitText);
        result = { diagnostics: analyzed.diagnostics, lints: lint(analyzed.ast, unitText) };
      }
      nextCache.set(unitText, result);
      const own = parts[chain.indexOf(segment)]!;
      for (const d of result.diagnostics) if (inPart(own, d.range)) diagnostics.push(mapDiagnostic(parts, d));
      for (const d of result.lints) if (inPart(own, d.range)) lints.push(mapDiagnostic(parts, d));

      // A scenario name used before in another segment: the whole-file check the units cannot see.
      const first = segment.name === null ? undefined : firstByName.get(segment.name);
      if (first !== undefined && first !== segment && segment.nameRange !== null && first.nameRange !== null)
        diagnostics.push({
          severity: 'error',
          range: segment.nameRange,
          code: 'FL021',
          message: `There is already a scenario named "${segment.name}" in this file.`,
          related: [{ range: first.nameRange, message: 'first declared here' }],
        });
    }
    this.cache = nextCache;
    return { diagnostics, lints };
  }

  private whole(text: string): AnalysisResult {
    const analyzed = analyze(text);
    this.cache.clear();
    return { diagnostics: analyzed.diagnostics, lints: lint(analyzed.ast, text) };
  }
}
