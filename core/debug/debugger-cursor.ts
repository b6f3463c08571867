// Where the debugger stands, told to whoever shows the same run: the debug adapter sends it as a
// DAP custom event at every stop, and the extension moves the playground's time cursor there when
// the panel shows that very run. One time-travel core, two views of it.

import type { Micros } from '../types/sim-config.ts';

export const DEBUGGER_CURSOR_EVENT = 'faultline.cursor';

export type DebuggerCursor = {
  /** The .fault file being debugged (a file-system path, as launched). */
  program: string;
  scenario: string;
  /** The seed the run uses (the scenario's own, or the launch's override). */
  seed: number;
  /** Simulated time at the cursor, and how many events have been processed. */
  t: Micros;
  event: number;
  /** Actions taken by hand so far: a forked run is no longer the scenario as written. */
  forked: number;
};

export function isDebuggerCursor(value: unknown): value is DebuggerCursor {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const count = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  return typeof v['program'] === 'string' && typeof v['scenario'] === 'string' && count(v['seed']) && count(v['t']) && count(v['event']) && count(v['forked']);
}
