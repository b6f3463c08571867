// What the sweep results view keeps across a window reload: the sweep itself (the file it swept,
// that file's text at the time, the scenario and the result), saved as the page's webview state
// and handed back to the serializer (client/sweep-view.ts) when VS Code restores the tab.
//
// The results are kept rather than swept again on restore: a sweep runs a hundred seeds or more
// (minutes for a long scenario), a reload should not start that at window start, and the file
// may have been edited since, so a new sweep could show other seeds than the ones being looked
// into. Replay and Shrink act on the swept text, which is why the text is kept too.
// Pure (no vscode), so the check of a restored state is tested without an editor.

import type { SweepResult } from './sweep.ts';

/** The version of the saved shape; a state of another version is not restored. */
export const SWEEP_STATE_VERSION = 1;
/** A swept file larger than this is not kept in the state (webview state is held in memory and on disk). */
export const MAX_SAVED_TEXT = 1_000_000;
/** More rows or expectations than any sweep keeps (core/sweep keeps 20 failing seeds): a state past it is not one of ours. */
const MAX_ITEMS = 1_000;
const MAX_STRING = 10_000;

export type SavedSweep = { v: typeof SWEEP_STATE_VERSION; documentUri: string; fileName: string; text: string; scenario?: string; result: SweepResult };

/** The state to save for a sweep, or null when its file is too large to keep. */
export function savedSweep(swept: { documentUri: string; fileName: string; text: string; scenario?: string; result: SweepResult }): SavedSweep | null {
  if (swept.text.length > MAX_SAVED_TEXT) return null;
  return { v: SWEEP_STATE_VERSION, documentUri: swept.documentUri, fileName: swept.fileName, text: swept.text, ...(swept.scenario === undefined ? {} : { scenario: swept.scenario }), result: swept.result };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isText = (value: unknown, max = MAX_STRING): value is string => typeof value === 'string' && value.length <= max;
const isListOf = <T>(value: unknown, item: (v: unknown) => v is T): value is T[] => Array.isArray(value) && value.length <= MAX_ITEMS && value.every(item);

function isTally(value: unknown): boolean {
  if (!isObject(value)) return false;
  const example = value['undecidedExample'];
  return (
    isText(value['text']) && isCount(value['line']) && isCount(value['held']) && isCount(value['broke']) && isCount(value['undecided']) &&
    isListOf(value['breakingSeeds'], isCount) &&
    (example === undefined || (isObject(example) && isCount(example['seed']) && isText(example['reason'])))
  );
}

function isFailure(value: unknown): boolean {
  return isObject(value) && isText(value['expectation']) && isCount(value['line']) && isText(value['summary']);
}

function isFailingSeed(value: unknown): boolean {
  return isObject(value) && isCount(value['seed']) && isText(value['verdicts']) && isListOf(value['failures'], (f): f is unknown => isFailure(f)) && isListOf(value['faults'], (f): f is string => isText(f));
}

/**
 * The sweep a restored page's state holds, checked field by field (it comes back from disk and
 * was written by a page: nothing in it is trusted); null when it is not a sweep this build saved.
 */
export function restoredSweep(value: unknown): SavedSweep | null {
  if (!isObject(value) || value['v'] !== SWEEP_STATE_VERSION) return null;
  const result = value['result'];
  const scenario = value['scenario'];
  if (!isText(value['documentUri']) || !isText(value['fileName']) || !isText(value['text'], MAX_SAVED_TEXT)) return null;
  if (scenario !== undefined && !isText(scenario)) return null;
  if (!isObject(result)) return null;
  if (!isText(result['scenario']) || !isCount(result['firstSeed']) || !isCount(result['runs']) || !isCount(result['stoppedByBudget']) || !isCount(result['failingSeeds'])) return null;
  if (!isListOf(result['expectations'], (t): t is unknown => isTally(t)) || !isListOf(result['failing'], (s): s is unknown => isFailingSeed(s))) return null;
  return value as SavedSweep;
}
