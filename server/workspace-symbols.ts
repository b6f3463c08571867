// Workspace symbols: scenarios, nodes and clients declared in every open `.fault` document,
// filtered by the query (case-insensitive substring).

import { SymbolKind, type SymbolInformation, type WorkspaceSymbolParams } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { tokenRange } from './model/positions.ts';

const KIND = { scenario: SymbolKind.Namespace, node: SymbolKind.Variable, client: SymbolKind.Object } as const;

/** Symbols in one answer: a query of one letter over 10,000 node names is not a list anyone reads. */
export const WORKSPACE_SYMBOL_LIMIT = 500;

export function provideWorkspaceSymbols(states: DocumentState[], params: WorkspaceSymbolParams, limit = WORKSPACE_SYMBOL_LIMIT): SymbolInformation[] {
  const query = params.query.toLowerCase();
  const found: SymbolInformation[] = [];
  for (const state of states) {
    for (const o of state.outline.occurrences) {
      if (!o.isDeclaration || o.implicit || !o.name.toLowerCase().includes(query)) continue;
      const container = o.kind === 'scenario' ? undefined : o.scenario?.name;
      found.push({ name: o.name, kind: KIND[o.kind], location: { uri: state.uri, range: tokenRange(o.token) }, ...(container !== undefined ? { containerName: container } : {}) });
      if (found.length >= limit) return found;
    }
  }
  return found;
}
