// Find references: every use of the node, client or scenario under the cursor.

import type { Location, ReferenceParams } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { occurrenceAt, occurrencesOf } from './navigation.ts';
import { tokenRange } from './model/positions.ts';

export function provideReferences(state: DocumentState, params: ReferenceParams): Location[] {
  const occurrence = occurrenceAt(state, params.position);
  if (occurrence === undefined) return [];
  const seen = new Set<string>();
  return occurrencesOf(state, occurrence.key)
    .filter((o) => params.context.includeDeclaration || !o.isDeclaration)
    .filter((o) => {
      const k = `${o.token.offset}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .map((o) => ({ uri: state.uri, range: tokenRange(o.token) }));
}
