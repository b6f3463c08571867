// Everything the features know about one version of one document, computed lazily and cached
// per version: an edit makes a new state, and every request against the same version (hover,
// completion, inlay hints, semantic tokens...) shares one outline and one analysis.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type AnalyzedDocument } from '../core/language/index.ts';
import { lint, type LintDiagnostic } from '../core/language/lints/index.ts';
import { buildOutline, type Outline, type ScenarioInfo } from './model/outline.ts';

export class DocumentState {
  private cachedOutline: Outline | null = null;
  private cachedAnalysis: AnalyzedDocument | null = null;
  private cachedLines: string[] | null = null;
  private cachedScenarios: Map<string, ScenarioInfo> | null = null;
  private cachedLints: LintDiagnostic[] | null = null;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
  ) {}

  get outline(): Outline {
    this.cachedOutline ??= buildOutline(this.text);
    return this.cachedOutline;
  }

  get analysis(): AnalyzedDocument {
    this.cachedAnalysis ??= analyze(this.text);
    return this.cachedAnalysis;
  }

  get lints(): LintDiagnostic[] {
    this.cachedLints ??= lint(this.analysis.ast, this.text);
    return this.cachedLints;
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

  get(document: TextDocument): DocumentState {
    const existing = this.states.get(document.uri);
    if (existing !== undefined && existing.version === document.version) return existing;
    const state = new DocumentState(document.uri, document.version, document.getText());
    this.states.set(document.uri, state);
    return state;
  }

  forget(uri: string): void {
    this.states.delete(uri);
  }

  all(): DocumentState[] {
    return [...this.states.values()];
  }
}
