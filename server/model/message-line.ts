// Where the words of a message fault line stand, for hover, completion and colouring. Two forms
// (docs/language.md, "Faults on one message"): `at 2s drop next AppendEntries n1 -> n2` takes the
// next one of its kind, `at 2s drop AppendEntries n1 -> n2 sent at 1.9s` the one sent then. The
// parser (core/language/build/faults.ts) decides what a line means; this only points at its
// words, so it also reads a line still being typed.

import { MESSAGE_FAULTS } from '../../core/language/build/faults.ts';
import type { Token } from './tokens.ts';

export type MessageLineWords = {
  /** Index of the effect: `drop`, `duplicate`, `delay` or `deliver`. */
  effect: number;
  /** Index of `next`, or -1 when the line names its message by its send time. */
  next: number;
  /** Index of the message type (past the end while it is still to be typed). */
  type: number;
  /** Index of `sent` (of `sent at`), or -1. */
  sent: number;
};

/** The message line's words among `tokens` (a statement, or what precedes the cursor); undefined for any other line. */
export function messageLineWords(tokens: readonly Pick<Token, 'text' | 'kind'>[]): MessageLineWords | undefined {
  if (tokens[0]?.text !== 'at') return undefined;
  // The effect follows the time: `at 2s drop`, or `at 1s..2s drop` (which the parser refuses).
  const effect = tokens[3]?.text === '..' ? 4 : 2;
  if (!(MESSAGE_FAULTS as readonly string[]).includes(tokens[effect]?.text ?? '')) return undefined;
  const after = tokens[effect + 1];
  const sent = tokens.findIndex((t, i) => i > effect + 1 && t.text === 'sent');
  if (after?.text === 'next') return { effect, next: effect + 1, type: effect + 2, sent };
  // Without `next` a word names the message type; `drop 5%` is an amount, a loss window.
  if (after !== undefined && after.kind !== 'word') return undefined;
  return { effect, next: -1, type: effect + 1, sent };
}
