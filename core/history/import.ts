// Reads a history in whichever format it is in: the project's JSON, Jepsen's old log lines or
// Jepsen EDN. Never throws on bad input: the error names the line that could not be read.
//
// Each format also fixes what a failed operation means (docs/check.md):
//  - Jepsen EDN: a :fail did not happen and constrains nothing (Jepsen's own meaning);
//  - Faultline's own exports (JSON, or EDN carrying FAULTLINE_EDN_HEADER) and Jepsen's old log
//    lines (Porcupine's etcd logs): a failed compare-and-set without an error is a comparison
//    that failed, so it also proves the value differed from the expected one at that moment.

import type { History } from '../types/history.ts';
import { ByteWindow, HistoryBytes, readEdnEventBytes, WINDOW_BYTES } from './edn-bytes.ts';
import { asciiString } from './edn.ts';
import { FAULTLINE_EDN_HEADER, finishEdnEvents, freshReadState, ImportOptions, isFaultlineEdn, parseEdnHistory, readEdnEvents } from './edn-history.ts';
import type { HistoryImportError } from './import-error.ts';
import { looksLikeJepsenLog, parseJepsenLog } from './jepsen-log.ts';
import { parseJsonHistory } from './json-history.ts';
import { OperationJoiner } from './operation-joiner.ts';
import { hasTimes, Operation, toOperations } from './operations.ts';

export type HistoryFormat = 'json' | 'jepsen-log' | 'edn';

/**
 * `did-not-happen`: a failed operation constrains nothing. `comparison`: a failed
 * compare-and-set without an error says the register did not hold the expected value.
 */
export type FailReading = 'did-not-happen' | 'comparison';

export type HistoryImport =
  | { ok: true; format: HistoryFormat; history: History; failReading: FailReading }
  | { ok: false; format: HistoryFormat; error: HistoryImportError; timedOut?: true };

export type { HistoryBytes, ImportOptions };

export function detectHistoryFormat(text: string): HistoryFormat {
  const start = text.trimStart();
  // JSON keys are quoted strings; EDN keys are keywords, so `{"` or `[{"` / `[]` means JSON.
  if (/^(\{\s*"|\[\s*(\{\s*"|\]))/.test(start)) return 'json';
  if (looksLikeJepsenLog(text)) return 'jepsen-log';
  return 'edn';
}

/** What a failed operation means in a history of this format (see the file comment). */
export function failReadingOf(format: HistoryFormat, text: string): FailReading {
  return format === 'edn' && !isFaultlineEdn(text) ? 'did-not-happen' : 'comparison';
}

/** One sentence for verdicts: which reading of failed operations a check used. */
export function describeFailReading(reading: FailReading): string {
  return reading === 'did-not-happen'
    ? 'failed operations did not happen (Jepsen)'
    : 'a failed compare-and-set without an error is a comparison that failed';
}

export function importHistory(text: string, format: HistoryFormat = detectHistoryFormat(text), options: ImportOptions = {}): HistoryImport {
  const result =
    format === 'json' ? parseJsonHistory(text) : format === 'jepsen-log' ? parseJepsenLog(text, options) : parseEdnHistory(text, options);
  if ('error' in result) {
    const failed: HistoryImport = { ok: false, format, error: result.error };
    if ('timedOut' in result && result.timedOut === true) failed.timedOut = true;
    return failed;
  }
  return { ok: true, format, history: result.history, failReading: failReadingOf(format, text) };
}

export type OperationsImport =
  | { ok: true; format: HistoryFormat; ops: Operation[]; failReading: FailReading; timed: boolean }
  | { ok: false; format: HistoryFormat; error: HistoryImportError; timedOut?: true };

/**
 * What a check needs of a history: its operations (toOperations of the imported history) and
 * whether it carries times (hasTimes). Jepsen EDN is joined into operations as it is read, never
 * holding millions of event objects: for a long history that is a third of the reading time and
 * of the memory.
 */
export function importOperations(text: string, format: HistoryFormat = detectHistoryFormat(text), options: ImportOptions = {}): OperationsImport {
  if (format === 'edn') {
    const joiner = new OperationJoiner();
    const failed = readEdnEvents(text, options, joiner);
    if (failed !== null) {
      const result: OperationsImport = { ok: false, format, error: failed.error };
      if (failed.timedOut === true) result.timedOut = true;
      return result;
    }
    return { ok: true, format, ops: joiner.ops, failReading: failReadingOf(format, text), timed: joiner.timed };
  }
  const imported = importHistory(text, format, options);
  if (!imported.ok) return imported;
  return { ok: true, format, ops: toOperations(imported.history), failReading: imported.failReading, timed: hasTimes(imported.history) };
}

/**
 * importOperations for a file read as bytes (`faultline check`): the same result as
 * importOperations(source.text()), but a Jepsen EDN history is read from its bytes (edn-bytes.ts)
 * as far as it is plain ASCII operation maps, and decoded to text only if a form needs the
 * general reader. `windowBytes` is for tests (maps cut at every place).
 */
export function importOperationsFromBytes(source: HistoryBytes, options: ImportOptions & { windowBytes?: number } = {}): OperationsImport {
  if (options.generalReaderOnly === true) return importOperations(source.text(), undefined, options);
  const window = new ByteWindow(source, new Uint8Array(options.windowBytes ?? WINDOW_BYTES));
  window.refill(0);
  const head = ednHead(window);
  if (head === null) return importOperations(source.text(), undefined, options);
  const format: HistoryFormat = 'edn';
  const failReading: FailReading = head.startsWith(FAULTLINE_EDN_HEADER) ? 'comparison' : 'did-not-happen';
  const joiner = new OperationJoiner();
  const state = freshReadState();
  const read = readEdnEventBytes(window, options, joiner, state);
  let failed;
  if (read === 'done') failed = state.unpaired.message === null ? null : finishEdnEvents(source.text(), state);
  else if (read === 'hand over') failed = readEdnEvents(source.text(), options, joiner, state);
  else failed = read;
  if (failed !== null) {
    const result: OperationsImport = { ok: false, format, error: failed.error };
    if (failed.timedOut === true) result.timedOut = true;
    return result;
  }
  return { ok: true, format, ops: joiner.ops, failReading, timed: joiner.timed };
}

/**
 * The file's start, through its first line that is neither blank nor a comment, when it is
 * ASCII and that line opens an EDN operation map (`{:`, `[{:` or `({:`), else null. On such a
 * start detectHistoryFormat and isFaultlineEdn answer for the whole text as for this part:
 * JSON needs a `"` where the map has its `:`, and a Jepsen log is told by the first non-blank
 * line, which is in it.
 */
function ednHead(window: ByteWindow): string | null {
  const b = window.bytes;
  let lineStart = 0;
  while (lineStart < window.end) {
    let p = lineStart;
    let content = -1;
    for (; p < window.end && b[p] !== 10; p++) {
      const c = b[p]!;
      if (c >= 128) return null;
      // Blank to String.prototype.trim: tab, newline, vertical tab, form feed, return, space.
      if (content < 0 && !(c === 32 || (c >= 9 && c <= 13))) content = p;
    }
    if (p === window.end && !window.eof) return null; // a first line longer than the window
    if (content >= 0 && b[content] !== 59 /* ; */) {
      const head = asciiString(b, 0, Math.min(p + 1, window.end));
      return detectHistoryFormat(head) === 'edn' && OPENS_MAP.test(head) ? head : null;
    }
    lineStart = p + 1;
  }
  return null;
}

/** Blank and comment lines, then a map opening with a keyword (alone, or first in a vector or list). */
const OPENS_MAP = /^(?:[ \t\n\v\f\r,]*;[^\n]*\n)*[ \t\n\v\f\r,]*[[(]?[ \t\v\f\r,]*\{[ \t\v\f\r,]*:/;
