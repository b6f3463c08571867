// Reads a history in whichever format it is in: the project's JSON, Jepsen's old log lines or
// Jepsen EDN. Never throws on bad input: the error names the line that could not be read.
//
// Each format also fixes what a failed operation means (docs/check.md):
//  - Jepsen EDN: a :fail did not happen and constrains nothing (Jepsen's own meaning);
//  - Faultline's own exports (JSON, or EDN carrying FAULTLINE_EDN_HEADER) and Jepsen's old log
//    lines (Porcupine's etcd logs): a failed compare-and-set without an error is a comparison
//    that failed, so it also proves the value differed from the expected one at that moment.

import type { History } from '../types/history.ts';
import { ImportOptions, isFaultlineEdn, parseEdnHistory, readEdnEvents } from './edn-history.ts';
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

export type { ImportOptions };

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
