// Every message between the extension host and the sweep results view, in one place. The page is
// the extension's own, but whatever it sends is still checked before the host acts on it: a seed
// must be one of the table's rows and a line one the table shows, so the page can only ask for
// what it was given (the house style of webview/messages.ts). The page's inline script checks
// what the host sends it the same way (client/sweep-view-html.ts).

import type { SweepViewModel } from './sweep-view-model.ts';

export type SweepAction = 'open' | 'replay' | 'shrink';

/**
 * Every message from the page carries `sweep`, the number of the sweep its page shows: a click on
 * a page that a newer sweep is replacing must not act on the new sweep's seeds.
 */
export type SweepViewToHost = { sweep: number } & (
  /** Reveal this 1-based line of the swept file (a verdict's or tally's line link). */
  | { type: 'reveal-line'; line: number }
  /** Open: show this seed's run in the playground. */
  | { type: 'open'; seed: number }
  /** Replay: run this seed again in the run worker and say whether the verdicts reproduce. */
  | { type: 'replay'; seed: number }
  /** Shrink the row's `failure`-th broken expectation (an index into the row's failures). */
  | { type: 'shrink'; seed: number; failure: number }
);

export type HostToSweepView =
  /** What became of a row's action: under way (buttons of that action disabled), done or failed. */
  { type: 'row-status'; seed: number; action: SweepAction; state: 'busy' | 'done' | 'failed'; text: string };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isIndex = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

/** The host's gate: true only for a well-formed message about something the view shows. */
export function isSweepViewMessage(value: unknown, model: SweepViewModel, sweep: number): value is SweepViewToHost {
  if (!isObject(value) || value.sweep !== sweep) return false;
  const row = isIndex(value.seed) ? model.rows.find((r) => r.seed === value.seed) : undefined;
  switch (value.type) {
    case 'reveal-line':
      return isIndex(value.line) && (model.tallies.some((t) => t.line === value.line) || model.rows.some((r) => r.failures.some((f) => f.line === value.line)));
    case 'open':
    case 'replay':
      return row !== undefined;
    case 'shrink':
      return row !== undefined && isIndex(value.failure) && value.failure < row.failures.length;
    default:
      return false;
  }
}
