// Document highlight: the other places the name under the cursor appears; the declaration is
// marked as a write, uses as reads.

import { DocumentHighlightKind, type DocumentHighlight, type DocumentHighlightParams } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import { occurrenceAt, occurrencesOf } from './navigation.ts';
import { tokenRange } from './model/positions.ts';

export function provideDocumentHighlights(state: DocumentView, params: DocumentHighlightParams): DocumentHighlight[] {
  const occurrence = occurrenceAt(state, params.position);
  if (occurrence === undefined) return [];
  const seen = new Set<number>();
  const highlights: DocumentHighlight[] = [];
  for (const o of occurrencesOf(state, occurrence.key)) {
    if (seen.has(o.token.offset)) continue;
    seen.add(o.token.offset);
    highlights.push({ range: tokenRange(o.token), kind: o.isDeclaration ? DocumentHighlightKind.Write : DocumentHighlightKind.Read });
  }
  return highlights;
}
