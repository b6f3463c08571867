// The name under the cursor and every place with the same meaning: shared by go-to-definition,
// find-references, rename and document highlight. Names are scoped per scenario and follow
// `extends`: a child that does not redeclare its nodes uses its parent's.

import type { Position } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import type { Occurrence } from './model/outline.ts';
import { tokenAt } from './model/positions.ts';

export function occurrenceAt(state: DocumentView, position: Position): Occurrence | undefined {
  const token = tokenAt(state.outline.tokens, position);
  if (token === null) return undefined;
  return state.outline.occurrences.find((o) => o.token === token);
}

export function occurrencesOf(state: DocumentView, key: string): Occurrence[] {
  return state.outline.occurrences.filter((o) => o.key === key);
}

export function declarationOf(state: DocumentView, occurrence: Occurrence): Occurrence | undefined {
  return occurrencesOf(state, occurrence.key).find((o) => o.isDeclaration);
}
