// Everything the features know about one version of one document, computed lazily and cached
// per version: an edit makes a new state, and every request against the same version (hover,
// completion, inlay hints, semantic tokens...) shares one outline and one analysis.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LintDiagnostic } from '../core/language/lints/index.ts';
import type { Diagnostic as CoreDiagnostic } from '../core/language/index.ts';
import { IncrementalAnalyzer, type AnalysisResult } from './incremental-analysis.ts';
import { buildOutline, type Outline, type ScenarioInfo } from './model/outline.ts';

export class DocumentState {
  private cachedOutline: Outline | null = null;
  private cachedAnalysis: AnalysisResult | null = null;
  private cachedLines: string[] | null = null;
  private cachedScenarios: Map<string, ScenarioInfo> | null = null;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    private readonly analyzer: IncrementalAnalyzer = new IncrementalAnalyzer(),
  ) {}

  get outline(): Outline {
    this.cachedOutline ??= buildOutline(this.text);
    return this.cachedOutline;
  }

  private get analysis(): AnalysisResult {
    this.cachedAnalysis ??= this.analyzer.run(this.text);
    return this.cachedAnalysis;
  }

  /** The language's own diagnostics (syntax, names, values). */
  get diagnostics(): CoreDiagnostic[] {
    return this.analysis.diagnostics;
  }

  /** Lint findings (FL2xx) with their quick fixes. */
  get lints(): LintDiagnostic[] {
    return this.analysis.lints;
  }

  get lines(): string[] {
    this.cachedLines ??= this.text.split(/\r?\n/);
    return this.cachedLines;
  }

  /** Scenarios by name; the first of duplicate names wins, as in the language. */
  get scenariosByName(): Map<string, ScenarioInfo> {
    if (this.cachedScenarios === null) {
      this.cachedScenarios = new Map();
      for (const s of this.outline.scenarios) if (!this.cachedScenarios.has(s.name)) this.cachedScenarios.set(s.name, s);
    }
    return this.cachedScenarios;
  }
}

/** One state per open document, replaced when the version changes. */
export class DocumentStates {
  private readonly states = new Map<string, DocumentState>();
  /** One analyzer per document, so its per-scenario cache survives from version to version. */
  private readonly analyzers = new Map<string, IncrementalAnalyzer>();

  get(document: TextDocument): DocumentState {
    const existing = this.states.get(document.uri);
    if (existing !== undefined && existing.version === document.version) return existing;
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
