// What each fault line did in a run, in words, for hover: "crash n1 at 2 s; n3 became leader
// (term 2) at 2.31 s". Read from the run's trace: the fault event that carries the line, and
// the first change of leader (primary, lock holder) after it, in the protocol's own words.

import type { Report } from '../core/types/report.ts';
import type { TraceEvent } from '../core/types/trace.ts';
import { formatMicros } from '../core/explain/units.ts';
import { authorityWords, type AuthorityWords } from '../core/explain/authority.ts';
import { leaderIntervals, leadershipChanges, type LeaderInterval } from '../core/check/trace/leadership.ts';

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

/**
 * Who took authority first after `t` ("n3 became leader of term 2 at 2.31 s"), from the same
 * leadership changes as `faultline run`'s `leaders` line. A state event that merely repeats a
 * standing leader's role (a commit index moving, say) is not a change of leader.
 */
function nextTakeover(changes: ReadonlyArray<LeaderInterval>, t: number, words: AuthorityWords): string | undefined {
  const next = changes.find((c) => c.from >= t);
  if (next === undefined) return undefined;
  return `${next.node} ${words.took}${next.term === null ? '' : ` (${words.term} ${next.term})`} at ${formatMicros(next.from)}`;
}

/** One note per fault event that points at a line (a random fault line may get several). */
export function faultNotes(report: Report, maxPerLine = 3): FaultNote[] {
  const notes: FaultNote[] = [];
  const perLine = new Map<number, number>();
  const words = authorityWords(report.config.protocol.name);
  const changes = words === null ? [] : leadershipChanges(leaderIntervals(report.trace, report.config.runForUs));
  for (const event of report.trace) {
    if (!('line' in event) || event.line === undefined) continue;
    const what = describeFault(event);
    if (what === undefined) continue;
    const count = perLine.get(event.line) ?? 0;
    if (count >= maxPerLine) continue;
    perLine.set(event.line, count + 1);
    const leader = words === null ? undefined : nextTakeover(changes, event.t, words);
    notes.push({ line: event.line, text: leader === undefined ? what : `${what}; ${leader}` });
  }
  return notes;
}
