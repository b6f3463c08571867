// What the validator tells a person about their scenario. The shape mirrors an LSP diagnostic
// so the language server forwards it without translation; `code` is stable (see codes.ts).

import type { Range } from './range.ts';
import type { DiagnosticCode } from './codes.ts';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type RelatedInformation = { range: Range; message: string };

export type Diagnostic = {
  severity: Severity;
  range: Range;
  code: DiagnosticCode;
  message: string;
  related?: RelatedInformation[];
};

/** Collects diagnostics while a pass walks the tree; passes share one sink per document. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  add(severity: Severity, code: DiagnosticCode, range: Range, message: string, related?: RelatedInformation[]): void {
    const diagnostic: Diagnostic = { severity, range, code, message };
    if (related !== undefined && related.length > 0) diagnostic.related = related;
    this.items.push(diagnostic);
  }

  error(code: DiagnosticCode, range: Range, message: string, related?: RelatedInformation[]): void {
    this.add('error', code, range, message, related);
  }

  warning(code: DiagnosticCode, range: Range, message: string, related?: RelatedInformation[]): void {
    this.add('warning', code, range, message, related);
  }

  info(code: DiagnosticCode, range: Range, message: string, related?: RelatedInformation[]): void {
    this.add('information', code, range, message, related);
  }
}
