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

  private get segments(): Segment[] {
    this.cachedSegments ??= splitSegments(this.text);
    return this.cachedSegments;
  }

  /** The view for a position on `line`: the whole document, or in a large one its scenario. */
  viewAt(line: number): DocumentView {
    if (!this.isLarge || this.cachedOutline !== null) return this;
    const segments = this.segments;
    let index = 0;
    for (let low = 0, high = segments.length - 1; low <= high; ) {
      const mid = (low + high) >> 1;
      if (segments[mid]!.startLine <= line) {
        index = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    const cached = this.localViews.get(index);
    if (cached !== undefined) return cached;
    const firstByName = new Map<string, Segment>();
    for (const s of segments) if (s.name !== null && !firstByName.has(s.name)) firstByName.set(s.name, s);
    const chain = new Set<Segment>([segments[index]!]);
    for (let parent = segments[index]!.extendsName; parent !== null; ) {
      const found = firstByName.get(parent);
      if (found === undefined || chain.has(found)) break;
      chain.add(found);
      parent = found.extendsName;
    }
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
