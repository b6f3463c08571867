// Quoting for commands printed for the user to paste (replay lines): plain words stay bare.
export function shellQuote(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
