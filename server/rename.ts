// Rename nodes, clients and scenarios everywhere they are used (including `extends "..."` and
// the children that inherit a parent's nodes). Names from `nodes 5` have no text to rename;
// the server says so instead of doing something surprising.

import { ResponseError, ErrorCodes, type PrepareRenameParams, type Range, type RenameParams, type WorkspaceEdit, type TextEdit } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { occurrenceAt, occurrencesOf } from './navigation.ts';
import { tokenRange } from './model/positions.ts';
import { keywordConcepts } from '../core/explain/keywords.ts';
import { faultConcepts } from '../core/explain/faults.ts';

/** Words that read as keywords; a node or client named like one would make statements ambiguous. */
const RESERVED = new Set([...Object.keys(keywordConcepts), ...Object.keys(faultConcepts)].filter((k) => !k.includes(' ')));

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function prepareRename(state: DocumentState, params: PrepareRenameParams): { range: Range; placeholder: string } | ResponseError<void> | null {
  const occurrence = occurrenceAt(state, params.position);
  if (occurrence === undefined) return null;
  if (occurrence.implicit)
    return new ResponseError(ErrorCodes.InvalidRequest, `${occurrence.name} comes from a node count; list the names (nodes n1, n2, ...) to rename one`);
  const range = tokenRange(occurrence.token);
  if (occurrence.kind === 'scenario') {
    // Rename the text inside the quotes only.
    return { range: { start: { line: range.start.line, character: range.start.character + 1 }, end: { line: range.end.line, character: range.end.character - 1 } }, placeholder: occurrence.name };
  }
  return { range, placeholder: occurrence.name };
}

export function provideRename(state: DocumentState, params: RenameParams): WorkspaceEdit | ResponseError<void> | null {
  const occurrence = occurrenceAt(state, params.position);
  if (occurrence === undefined) return null;
  const newName = params.newName.trim();
  if (occurrence.implicit) return new ResponseError(ErrorCodes.InvalidRequest, `${occurrence.name} comes from a node count and cannot be renamed`);
  if (occurrence.kind === 'scenario') {
    if (newName.length === 0 || /["\\\n]/.test(newName)) return new ResponseError(ErrorCodes.InvalidParams, 'A scenario name cannot be empty or contain quotes, backslashes or line breaks');
  } else if (!IDENTIFIER.test(newName) || RESERVED.has(newName)) {
    return new ResponseError(ErrorCodes.InvalidParams, `"${newName}" is not a valid ${occurrence.kind} name: use letters, digits and _, starting with a letter, and not a keyword`);
  }
  const occurrences = occurrencesOf(state, occurrence.key);
  if (occurrences.some((o) => o.implicit)) return new ResponseError(ErrorCodes.InvalidRequest, `${occurrence.name} is also used where it comes from a node count; list the names first`);
  const seen = new Set<number>();
  const edits: TextEdit[] = [];
  for (const o of occurrences) {
    if (seen.has(o.token.offset)) continue;
    seen.add(o.token.offset);
    edits.push({ range: tokenRange(o.token), newText: o.kind === 'scenario' ? `"${newName}"` : newName });
  }
  return { changes: { [state.uri]: edits } };
}
