// Everything the features know about one version of one document, computed lazily and cached
// per version: an edit makes a new state, and every request against the same version (hover,
// completion, inlay hints, semantic tokens...) shares one outline and one analysis. The
// analysis is computed here on first use, or (in the server) handed in by the analysis worker:
// until it arrives, features see no diagnostics and no lints rather than wait for them.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintDiagnostic } from '../core/language/lints/index.ts';
import type { Diagnostic as CoreDiagnostic } from '../core/language/index.ts';
import { IncrementalAnalyzer, WHOLE_DOCUMENT_LINES, splitSegments, type AnalysisResult, type Segment } from './incremental-analysis.ts';
import { buildOutline, type Outline, type ScenarioInfo } from './model/outline.ts';
import { MAX_EXTENDS_DEPTH } from '../core/language/limits.ts';

/** From this many characters a document counts as large whatever its line count (see `large`). */
export const LARGE_DOCUMENT_CHARACTERS = 100_000;

/** The most text a view of one scenario and its parents may hold to be built on the server's thread. */
export const LOCAL_VIEW_CHARACTERS = 100_000;

/**
 * What position-based features (hover, completion, signature help, definition, highlight,
 * selection ranges) read. The whole DocumentState is one; in a large document `viewAt` gives a
 * lighter one whose outline covers only the scenario at the cursor and the scenarios it
 * extends, built in a fraction of a millisecond right after an edit.
 */
export interface DocumentView {
  readonly uri: string;
  readonly version: number;
  readonly outline: Outline;
  readonly scenariosByName: Map<string, ScenarioInfo>;
  readonly lints: LintDiagnostic[];
  readonly lines: string[];
  /** Every scenario name in the document (for `extends` completion). */
  readonly scenarioNames: string[];
}

const NOT_YET_ANALYZED: AnalysisResult = { diagnostics: [], lints: [] };

function byNameOf(outline: Outline): Map<string, ScenarioInfo> {
  const map = new Map<string, ScenarioInfo>();
  for (const s of outline.scenarios) if (!map.has(s.name)) map.set(s.name, s);
  return map;
}

export class DocumentState implements DocumentView {
  private cachedOutline: Outline | null = null;
  private cachedAnalysis: AnalysisResult | null = null;
  private cachedLines: string[] | null = null;
  private cachedScenarios: Map<string, ScenarioInfo> | null = null;

  /** `analyzer` null: the analysis comes from elsewhere, through `provideAnalysis`. */
  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    private readonly analyzer: IncrementalAnalyzer | null = new IncrementalAnalyzer(),
  ) {}

  get outline(): Outline {
    this.cachedOutline ??= buildOutline(this.text);
    return this.cachedOutline;
  }

  private get analysis(): AnalysisResult {
    if (this.cachedAnalysis === null && this.analyzer !== null) this.cachedAnalysis = this.analyzer.run(this.text);
    return this.cachedAnalysis ?? NOT_YET_ANALYZED;
  }

  /** Whether the diagnostics and lints of this version are known. */
  get analyzed(): boolean {
    return this.cachedAnalysis !== null;
  }

  provideAnalysis(result: AnalysisResult): void {
    this.cachedAnalysis = result;
  }

  /** The language's own diagnostics (syntax, names, values). */
  get diagnostics(): CoreDiagnostic[] {
    return this.analysis.diagnostics;
  }

  /** Lint findings (FL2xx) with their quick fixes. */
  get lints(): LintDiagnostic[] {
    return this.analysis.lints;
  }

  private cachedSegments: Segment[] | null = null;
  private readonly localViews = new Map<number, DocumentView>();

  get scenarioNames(): string[] {
    if (this.cachedOutline === null && this.isLarge) return this.segments.flatMap((s) => (s.name === null ? [] : [s.name]));
    return this.outline.scenarios.filter((s) => s.nameToken !== null).map((s) => s.name);
  }

  private get isLarge(): boolean {
    return this.lines.length >= WHOLE_DOCUMENT_LINES;
  }

  /**
   * Whether this document's whole outline is too costly to build on the server's thread: the
   * line count that makes the analysis go scenario by scenario, or a few long lines that hold
   * as many characters (a 1 MB line took 1 s to outline).
   */
  get large(): boolean {
    return this.isLarge || this.text.length >= LARGE_DOCUMENT_CHARACTERS;
  }

  /**
   * The view for `line` when it can be built cheaply: a small document, or in a large one a
   * scenario whose text and parents' text add up to at most LOCAL_VIEW_CHARACTERS. Null
   * otherwise (one 1 MB scenario): the request goes to the outline worker instead.
   */
  localViewAt(line: number): DocumentView | null {
    if (!this.large || this.cachedOutline !== null) return this;
    if (!this.isLarge) return null;
    const { index, chain } = this.chainAt(line);
    let characters = 0;
    for (const segment of chain) characters += segment.text.length;
    return characters <= LOCAL_VIEW_CHARACTERS ? this.viewOf(index, chain) : null;
  }

  /** The document cut before each top-level `scenario` (a line scan, no outline). */
  get scenarioSegments(): readonly Segment[] {
    return this.segments;
  }

  private get segments(): Segment[] {
    this.cachedSegments ??= splitSegments(this.text);
    return this.cachedSegments;
  }

  private cachedFirstByName: Map<string, Segment> | null = null;

  /** The segment holding `line`, and it with the segments it extends (nearest first, at most MAX_EXTENDS_DEPTH parents as in the language). */
  private chainAt(line: number): { index: number; chain: Set<Segment> } {
    const segments = this.segments;
    let index = 0;
    for (let low = 0, high = segments.length - 1; low <= high; ) {
      const mid = (low + high) >> 1;
      if (segments[mid]!.startLine <= line) {
        index = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    if (this.cachedFirstByName === null) {
      this.cachedFirstByName = new Map<string, Segment>();
      for (const s of segments) if (s.name !== null && !this.cachedFirstByName.has(s.name)) this.cachedFirstByName.set(s.name, s);
    }
    const chain = new Set<Segment>([segments[index]!]);
    // Bounded like the language's own chain (FL036): the last of 17,000 chained scenarios
    // once pulled all 17,000 into its view, a 1 MB outline built on every hover.
    for (let parent = segments[index]!.extendsName; parent !== null && chain.size <= MAX_EXTENDS_DEPTH; ) {
      const found = this.cachedFirstByName.get(parent);
      if (found === undefined || chain.has(found)) break;
      chain.add(found);
      parent = found.extendsName;
    }
    return { index, chain };
  }

  /** The view for a position on `line`: the whole document, or in a large one its scenario. */
  viewAt(line: number): DocumentView {
    if (!this.isLarge || this.cachedOutline !== null) return this;
    const { index, chain } = this.chainAt(line);
    return this.viewOf(index, chain);
  }

  private viewOf(index: number, chain: Set<Segment>): DocumentView {
    const cached = this.localViews.get(index);
    if (cached !== undefined) return cached;
    const segments = this.segments;
    // Other scenarios become blank lines, so every position stays where it is in the document.
    const padded = segments.map((s) => (chain.has(s) ? s.text : '\n'.repeat(s.lineCount - 1))).join('\n');
    const outline = buildOutline(padded);
    const state = this;
    const view: DocumentView = {
      uri: this.uri,
      version: this.version,
      outline,
      scenariosByName: byNameOf(outline),
      get lints() {
        return state.lints;
      },
      lines: this.lines,
      scenarioNames: segments.flatMap((s) => (s.name === null ? [] : [s.name])),
    };
    this.localViews.set(index, view);
    return view;
  }

  get lines(): string[] {
    this.cachedLines ??= this.text.split(/\r?\n/);
    return this.cachedLines;
  }

  /** Scenarios by name; the first of duplicate names wins, as in the language. */
  get scenariosByName(): Map<string, ScenarioInfo> {
    this.cachedScenarios ??= byNameOf(this.outline);
    return this.cachedScenarios;
  }
}

/**
 * One state per open document, replaced when the version changes. With `analyzeHere` false the
 * states wait for their analysis to be provided (the server's analysis worker).
 */
export class DocumentStates {
  constructor(private readonly analyzeHere = true) {}

  private readonly states = new Map<string, DocumentState>();
  /** One analyzer per document, so its per-scenario cache survives from version to version. */
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();

  get(document: TextDocument): DocumentState {
    const existing = this.states.get(document.uri);
    if (existing !== undefined && existing.version === document.version) return existing;
    if (!this.analyzeHere) {
      const state = new DocumentState(document.uri, document.version, document.getText(), null);
      this.states.set(document.uri, state);
      return state;
    }
    let analyzer = this.analyzers.get(document.uri);
    if (analyzer === undefined) {
      analyzer = new IncrementalAnalyzer();
      this.analyzers.set(document.uri, analyzer);
    }
    const state = new DocumentState(document.uri, document.version, document.getText(), analyzer);
    this.states.set(document.uri, state);
    return state;
  }

  forget(uri: string): void {
    this.states.delete(uri);
    this.analyzers.delete(uri);
  }

  all(): DocumentState[] {
    return [...this.states.values()];
  }
}
