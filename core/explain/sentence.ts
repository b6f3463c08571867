// Verdict summaries are whole sentences, most already ending in a stop ("… (42 and 8)."). Text
// that appends more after one must not add a second stop ("(42 and 8).. Replay:").

/** The text as one finished sentence: exactly one closing stop, whatever it came with. */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd();
  if (trimmed === '') return trimmed;
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
