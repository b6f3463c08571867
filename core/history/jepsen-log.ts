// Jepsen's older log format, one event per line:
//   INFO  jepsen.util - 3	:invoke	:cas	[1 4]
// (process, type, f, value). A keyword value on a completion (`:info :cas :timed-out`) is the
// error, not a value: the operation keeps the value it was invoked with.

import type { History, HistoryEventType } from '../types/history.ts';
import { EdnError, Keyword, parseEdn } from './edn.ts';
import { ednToPlain, type ImportOptions, type ParsedHistory } from './edn-history.ts';
import { importError } from './import-error.ts';
import { pairEvents } from './pairing.ts';

const LINE = /^\s*(?:\S+\s+)?jepsen\.util\s+-\s+(\S+)\s+:(\w+)\s+:([\w\-?!*+.]+)\s*(.*?)\s*$/;

export function looksLikeJepsenLog(text: string): boolean {
  // Only the first non-empty line decides: no need to split a long history into lines.
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end);
    if (line.trim() !== '') return LINE.test(line);
    if (end < 0) break;
    start = end + 1;
  }
  return false;
}

type Raw = { process: string | number; type: HistoryEventType; f: string; value: unknown; error?: string };

export function parseJepsenLog(text: string, options: ImportOptions = {}): ParsedHistory {
  const lines = text.split('\n');
  const raws: Raw[] = [];
  const lineNumbers: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if ((i & 4095) === 4095 && options.expired?.() === true) {
      return { error: importError(text, i + 1, 'ran out of time while reading the history'), timedOut: true };
    }
    const m = LINE.exec(line);
    if (m === null) return { error: importError(text, i + 1, 'not a Jepsen log line (expected `INFO jepsen.util - PROCESS :TYPE :F VALUE`)') };
    const [, proc, type, f, rest] = m as unknown as [string, string, string, string, string];
    if (proc.startsWith(':')) continue; // :nemesis and friends are not clients
    if (type !== 'invoke' && type !== 'ok' && type !== 'fail' && type !== 'info') {
      return { error: importError(text, i + 1, `unknown event type :${type}`) };
    }
    let value: unknown = null;
    let error: string | undefined;
    if (rest !== '') {
      try {
        const v = parseEdn(rest);
        if (v instanceof Keyword && type !== 'invoke') error = v.name;
        else value = ednToPlain(v);
      } catch (e) {
        if (e instanceof EdnError) return { error: importError(text, i + 1, `value is not readable: ${e.message}`) };
        throw e;
      }
    }
    const process = /^-?\d+$/.test(proc) ? Number(proc) : proc;
    const raw: Raw = { process, type, f, value };
    if (error !== undefined) raw.error = error;
    raws.push(raw);
    lineNumbers.push(i + 1);
  }
  const paired = pairEvents(raws);
  if ('error' in paired) return { error: importError(text, lineNumbers[paired.error.position]!, paired.error.message) };
  // A completion that only names an error (`:timed-out`) keeps its invocation's value.
  const invokeValue = new Map<number, unknown>();
  const history: History = raws.map((r, i) => {
    const opId = paired.opIds[i]!;
    if (r.type === 'invoke') invokeValue.set(opId, r.value);
    const value = r.error !== undefined && r.type !== 'invoke' ? (r.f === 'read' ? null : invokeValue.get(opId) ?? null) : r.value;
    const ev = { index: i, process: r.process, type: r.type, f: r.f, value, time: 0, opId };
    return r.error !== undefined ? { ...ev, error: r.error } : ev;
  });
  return { history };
}
