// Where "Save as scenario" puts the child scenario the playground wrote (core/debug/scenario-
// fork.ts made its text in the play worker): at the end of the file the run was made from, when
// the file still holds that very text; otherwise in a new file holding the text as it was run plus
// the child. The fault lines' times belong to the run as it was, and a child scenario appended to
// an edited parent could replay another run, so an edited file is not written into.

export type SaveRequest = { scenarioText: string; fileText: string; ranText: string };

export type SaveDecision =
  /** Insert `text` at the end of the document (a blank line, then the scenario). */
  | { kind: 'append'; text: string }
  /** Offer `text` as a new, untitled file, because of `reason`. */
  | { kind: 'new-file'; text: string; reason: string };

export function decideSave(current: string, request: SaveRequest): SaveDecision {
  const consistent = request.fileText.startsWith(request.ranText) && request.fileText.endsWith(request.scenarioText);
  if (consistent && current === request.ranText) return { kind: 'append', text: request.fileText.slice(current.length) };
  return {
    kind: 'new-file',
    text: request.fileText,
    reason: consistent ? 'the file changed since this run, so the saved scenario goes into a new file made from the text that was run' : 'the saved text does not continue the file that was run',
  };
}
