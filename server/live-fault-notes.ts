// What each fault line did in a run, in words, for hover: "crash n1 at 2 s; n3 became leader
// of term 2 at 2.31 s". Read from the run's trace: the fault event that carries the line, and
// the first leadership change after it.

import type { Report } from '../core/types/report.ts';
import type { TraceEvent } from '../core/types/trace.ts';
import { formatMicros } from '../core/explain/units.ts';

export type FaultNote = { line: number; text: string };

function describeFault(event: TraceEvent): string | undefined {
  switch (event.kind) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return `${event.kind} ${event.role === undefined ? event.node : `${event.role} → ${event.node}`} at ${formatMicros(event.t)}`;
    case 'partition':
      return `partition (${event.declared === undefined ? event.label : `${event.declared} → ${event.label}`}) at ${formatMicros(event.t)}`;
    case 'note':
      return `${event.text} (at ${formatMicros(event.t)})`;
    case 'heal':
      return `heal at ${formatMicros(event.t)}`;
    case 'link-window':
      return `link window ${formatMicros(event.t)}–${formatMicros(event.untilUs)} on ${event.links.length} link${event.links.length === 1 ? '' : 's'}`;
    case 'clock-jump':
      return `clock of ${event.node} jumped ${event.deltaUs >= 0 ? '+' : '−'}${formatMicros(Math.abs(event.deltaUs))} at ${formatMicros(event.t)}`;
    default:
      return undefined;
  }
}

function nextLeader(trace: TraceEvent[], from: number): string | undefined {
  for (let i = from + 1; i < trace.length; i++) {
    const e = trace[i]!;
    if (e.kind === 'state' && e.state['role'] === 'leader') return `${e.node} became leader${typeof e.state['term'] === 'number' ? ` of term ${e.state['term']}` : ''} at ${formatMicros(e.t)}`;
  }
  return undefined;
}

/** One note per fault event that points at a line (a random fault line may get several). */
export function faultNotes(report: Report, maxPerLine = 3): FaultNote[] {
  const notes: FaultNote[] = [];
  const perLine = new Map<number, number>();
  report.trace.forEach((event, index) => {
    if (!('line' in event) || event.line === undefined) return;
    const what = describeFault(event);
    if (what === undefined) return;
    const count = perLine.get(event.line) ?? 0;
    if (count >= maxPerLine) return;
    perLine.set(event.line, count + 1);
    const leader = nextLeader(report.trace, index);
    notes.push({ line: event.line, text: leader === undefined ? what : `${what}; ${leader}` });
  });
  return notes;
}
