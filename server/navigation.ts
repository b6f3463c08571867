// The name under the cursor and every place with the same meaning: shared by go-to-definition,
// find-references, rename and document highlight. Names are scoped per scenario and follow
// `extends`: a child that does not redeclare its nodes uses its parent's.

import type { Position } from 'vscode-languageserver';
import type { DocumentView } from './document-state.ts';
import type { Occurrence, Outline } from './model/outline.ts';
import type { Token } from './model/tokens.ts';
import { tokenAt } from './model/positions.ts';

type OccurrenceIndex = { byToken: Map<Token, Occurrence>; byKey: Map<string, Occurrence[]> };

/**
 * Occurrences by token and by key, built once per outline: a 1 MB node list has 150,000
 * occurrences, and a search through them on every hover, highlight and reference was a walk
 * of the whole document per request.
 */
const indexes = new WeakMap<Outline, OccurrenceIndex>();

function indexOf(outline: Outline): OccurrenceIndex {
  let index = indexes.get(outline);
  if (index !== undefined) return index;
  index = { byToken: new Map(), byKey: new Map() };
  for (const o of outline.occurrences) {
    // The first wins, as `find` did: `nodes 5` makes five occurrences of one token.
    if (!index.byToken.has(o.token)) index.byToken.set(o.token, o);
    const same = index.byKey.get(o.key);
    if (same === undefined) index.byKey.set(o.key, [o]);
    else same.push(o);
  }
  indexes.set(outline, index);
  return index;
}

/** The occurrence whose token is `token`, if the token is a name. */
export function occurrenceOfToken(state: DocumentView, token: Token): Occurrence | undefined {
  return indexOf(state.outline).byToken.get(token);
}

export function occurrenceAt(state: DocumentView, position: Position): Occurrence | undefined {
  const token = tokenAt(state.outline.tokens, position);
  if (token === null) return undefined;
  return occurrenceOfToken(state, token);
}

export function occurrencesOf(state: DocumentView, key: string): Occurrence[] {
  return [...(indexOf(state.outline).byKey.get(key) ?? [])];
}

export function declarationOf(state: DocumentView, occurrence: Occurrence): Occurrence | undefined {
  return occurrencesOf(state, occurrence.key).find((o) => o.isDeclaration);
}
