// Reads a history in whichever format it is in: the project's JSON, Jepsen's old log lines or
// Jepsen EDN. Never throws on bad input: the error names the line that could not be read.

import type { History } from '../types/history.ts';
import { parseEdnHistory } from './edn-history.ts';
import type { HistoryImportError } from './import-error.ts';
import { looksLikeJepsenLog, parseJepsenLog } from './jepsen-log.ts';
import { parseJsonHistory } from './json-history.ts';

export type HistoryFormat = 'json' | 'jepsen-log' | 'edn';

export type HistoryImport =
  | { ok: true; format: HistoryFormat; history: History }
  | { ok: false; format: HistoryFormat; error: HistoryImportError };

export function detectHistoryFormat(text: string): HistoryFormat {
  const start = text.trimStart();
  // JSON keys are quoted strings; EDN keys are keywords, so `{"` or `[{"` / `[]` means JSON.
  if (/^(\{\s*"|\[\s*(\{\s*"|\]))/.test(start)) return 'json';
  if (looksLikeJepsenLog(text)) return 'jepsen-log';
  return 'edn';
}

export function importHistory(text: string, format: HistoryFormat = detectHistoryFormat(text)): HistoryImport {
  const result =
    format === 'json' ? parseJsonHistory(text) : format === 'jepsen-log' ? parseJepsenLog(text) : parseEdnHistory(text);
  if ('error' in result) return { ok: false, format, error: result.error };
  return { ok: true, format, history: result.history };
}
