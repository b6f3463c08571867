// Diagnostics: the language's own (syntax, names, values) plus the lints, converted to LSP.
// Lint quick fixes travel in `data`, so the code-action request gets them back with the
// diagnostic and never recomputes anything.

import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic as CoreDiagnostic, Severity } from '../core/language/index.ts';
import type { LintDiagnostic, LintFix } from '../core/language/lints/index.ts';
import type { DocumentState } from './document-state.ts';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for code actions. */
export type DiagnosticData = { fixes: LintFix[] };

function toLsp(uri: string, d: CoreDiagnostic | LintDiagnostic): LspDiagnostic {
  const lsp: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'faultline',
    message: d.message,
  };
  if (d.related !== undefined && d.related.length > 0)
    lsp.relatedInformation = d.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
  if ('fixes' in d && d.fixes.length > 0) lsp.data = { fixes: d.fixes } satisfies DiagnosticData;
  return lsp;
}

export function computeDiagnostics(state: DocumentState, extra: LspDiagnostic[] = []): LspDiagnostic[] {
  const diagnostics = state.diagnostics.map((d) => toLsp(state.uri, d));
  // Lints read the recovered tree too, so they keep working in a file with an unrelated typo.
  for (const d of state.lints) diagnostics.push(toLsp(state.uri, d));
  return [...diagnostics, ...extra];
}

/**
 * Debounces diagnostics per document: a burst of keystrokes produces one computation, after
 * `delayMs` of quiet. The next edit cancels a pending run, so a slow analysis never piles up.
 */
export class DiagnosticsScheduler {
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly delayMs: () => number,
    private readonly run: (uri: string) => void,
  ) {}

  schedule(uri: string): void {
    this.cancel(uri);
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.run(uri);
      }, this.delayMs()),
    );
  }

  cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(uri);
  }
}
