// The replicated log, 1-based like the paper: index 0 is the empty prefix whose term is 0, so
// "the entry before the first one" needs no special case in the consistency check.

import { objectList } from '../../sim/object-list.ts';
import type { LogEntry, RaftLog } from './types.ts';

export function emptyLog(): RaftLog {
  // An array of objects from the start (see objectList): appending stays one case for V8.
  return { entries: objectList(), truncations: 0, lastTruncatedTo: 0 };
}

export function lastLogIndex(log: RaftLog): number {
  return log.entries.length;
}

export function lastLogTerm(log: RaftLog): number {
  const n = log.entries.length;
  return n === 0 ? 0 : log.entries[n - 1]!.term;
}

/** Term of the entry at `index`; 0 for index 0; -1 when the log does not reach that far. */
export function termAt(log: RaftLog, index: number): number {
  if (index === 0) return 0;
  const entry = log.entries[index - 1];
  return entry === undefined ? -1 : entry.term;
}

export function entryAt(log: RaftLog, index: number): LogEntry | undefined {
  return log.entries[index - 1];
}

/** Appends one entry and returns its index. */
export function append(log: RaftLog, entry: LogEntry): number {
  log.entries.push(entry);
  return log.entries.length;
}

/** Keeps entries 1..keep and drops the rest (§5.3: a conflicting entry and all that follow it). */
export function truncateAfter(log: RaftLog, keep: number): void {
  if (keep >= log.entries.length) return;
  log.entries.length = keep;
  log.truncations++;
  log.lastTruncatedTo = keep;
}

/**
 * §5.4.1, the election restriction: a voter grants its vote only if the candidate's log is at
 * least as up-to-date as its own — a later last term wins; with equal last terms, the longer log.
 * This is what guarantees that a new leader already holds every committed entry.
 */
export function candidateLogIsUpToDate(log: RaftLog, candidateLastIndex: number, candidateLastTerm: number): boolean {
  const myLastTerm = lastLogTerm(log);
  if (candidateLastTerm !== myLastTerm) return candidateLastTerm > myLastTerm;
  return candidateLastIndex >= lastLogIndex(log);
}

/** First index holding `term`, searching back from `from` (for the conflict hint of §5.3). */
export function firstIndexOfTerm(log: RaftLog, term: number, from: number): number {
  let index = from;
  while (index > 1 && log.entries[index - 2]!.term === term) index--;
  return index;
}

/** Last index holding `term`, or 0 when the log has no entry of that term. */
export function lastIndexOfTerm(log: RaftLog, term: number): number {
  for (let index = log.entries.length; index >= 1; index--) {
    const t = log.entries[index - 1]!.term;
    if (t === term) return index;
    if (t < term) return 0; // terms only grow along a log, so it cannot appear earlier
  }
  return 0;
}
