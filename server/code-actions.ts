// Code actions: the lints' quick fixes (carried in the diagnostic's data, or found again by
// code and range for clients that drop `data`), and "did you mean" corrections suggested by
// the language's own diagnostics.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import type { DiagnosticData } from './diagnostics.ts';
import type { LintFix } from '../core/language/lints/index.ts';

const DID_YOU_MEAN = /[Dd]id you mean `([^`]+)`\?/;

function sameRange(a: Diagnostic['range'], b: Diagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function fixesFor(state: DocumentState, diagnostic: Diagnostic): LintFix[] {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (data !== undefined && Array.isArray(data.fixes)) return data.fixes;
  if (typeof diagnostic.code !== 'string' || !diagnostic.code.startsWith('FL2')) return [];
  return state.lints.find((l) => l.code === diagnostic.code && sameRange(l.range, diagnostic.range))?.fixes ?? [];
}

export function provideCodeActions(state: DocumentState, params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    fixesFor(state, diagnostic).forEach((fix, index) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0,
        edit: { changes: { [state.uri]: fix.edits } },
      });
    });
    const suggestion = DID_YOU_MEAN.exec(diagnostic.message)?.[1];
    if (suggestion !== undefined) {
      actions.push({
        title: `Change to \`${suggestion}\``,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [state.uri]: [{ range: diagnostic.range, newText: suggestion }] } },
      });
    }
  }
  return actions;
}
