// Go to definition: a node to its `nodes` line, a client to its first declaration along the
// `extends` chain, an `extends "x"` to scenario x.

import type { DefinitionParams, Location } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import { declarationOf, occurrenceAt } from './navigation.ts';
import { tokenRange } from './model/positions.ts';

export function provideDefinition(state: DocumentView, params: DefinitionParams): Location | null {
  const occurrence = occurrenceAt(state, params.position);
  if (occurrence === undefined) return null;
  const declaration = declarationOf(state, occurrence);
  return declaration === undefined ? null : { uri: state.uri, range: tokenRange(declaration.token) };
}
