// The one error shape every history reader returns: which line could not be read, and why.

export type HistoryImportError = {
  /** 1-based line number in the input. */
  line: number;
  /** The text of that line (trimmed to a readable length). */
  text: string;
  message: string;
};

export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function lineText(text: string, line: number): string {
  const l = text.split('\n')[line - 1] ?? '';
  return l.length > 200 ? l.slice(0, 200) + '…' : l;
}

export function importError(text: string, line: number, message: string): HistoryImportError {
  return { line, text: lineText(text, line), message };
}
