// The trace, with a memory cap: a long run can produce millions of events, and a report that
// tries to keep them all runs out of memory. The run itself (history, stats, expectations) never
// depends on the cap.
//
// Two caps, because a trace has two readers. The timeline draws every message, and messages are
// most of a trace: past `cap` events the trace stops keeping message, timer and client events and
// says so in a note at that moment (`trimmed`). Grading reads only states, applies, faults and
// notes, and a verdict read from a partial record would be a guess: those are kept past `cap`, up
// to GRADING_EVENT_CAP, a bound only a runaway scenario reaches. Past that the trace stops
// altogether and says so (`truncated`), and verdicts read from the trace are left undecided.

import type { TraceEvent } from '../types/trace.ts';

export const DEFAULT_MAX_TRACE_EVENTS = 200_000;
/** How the notes a capped trace carries begin; readers find them with `capNote`. */
export const TRACE_TRIMMED = 'trace trimmed';
export const TRACE_TRUNCATED = 'trace truncated';
/** How many events the trace may hold in all, the grading events kept past `cap` included. */
export const GRADING_EVENT_CAP = 1_000_000;

export class TraceLog {
  readonly events: TraceEvent[] = [];
  /** True while events are being kept: check it before building an event object. */
  on: boolean;
  /**
   * True while message and timer events are kept too (check it before building a send, deliver,
   * drop, duplicate or timer event). They are three quarters of a Raft trace, and grading never
   * reads them, so a sweep that grades every seed records the trace without them.
   */
  messages: boolean;
  /** Past `cap`: message, timer and client events are no longer kept (grading events still are). */
  trimmed = false;
  /** Past the grading cap: nothing more is kept. */
  truncated = false;
  private readonly hardCap: number;

  constructor(
    enabled: boolean,
    private readonly cap: number,
    keepMessages = true,
    gradingCap = GRADING_EVENT_CAP,
  ) {
    this.on = enabled && cap > 0;
    this.messages = this.on && keepMessages;
    this.hardCap = Math.max(cap, gradingCap);
  }

  add(event: TraceEvent): void {
    if (!this.on) return;
    if (this.events.length >= this.cap) {
      if (!this.trimmed) {
        this.trimmed = true;
        this.messages = false;
        this.events.push({
          kind: 'note',
          t: event.t,
          text: `${TRACE_TRIMMED}: message, timer and client events after the first ${this.cap} events are not kept; states, applies and faults still are`,
        });
      }
      if (isTimelineOnly(event)) return;
      if (this.events.length >= this.hardCap) {
        this.on = false;
        this.truncated = true;
        this.events.push({
          kind: 'note',
          t: event.t,
          text: `${TRACE_TRUNCATED}: the run outgrew the trace's ${this.hardCap} events; nothing after this is kept`,
        });
        return;
      }
    }
    this.events.push(event);
  }

  /** Notes that must appear even past the cap (the run stopped early, ...). */
  force(event: TraceEvent): void {
    this.events.push(event);
  }
}

/** Events only the timeline draws; grading never reads them. */
export function isTimelineOnly(event: TraceEvent): boolean {
  switch (event.kind) {
    case 'send':
    case 'deliver':
    case 'drop':
    case 'duplicate':
    case 'timer':
    case 'client':
      return true;
    default:
      return false;
  }
}

/** The note where a capped trace was trimmed or truncated (its time is the moment), if it was. */
export function capNote(trace: ReadonlyArray<TraceEvent>, which: typeof TRACE_TRIMMED | typeof TRACE_TRUNCATED): TraceEvent | undefined {
  return trace.find((e) => e.kind === 'note' && e.text.startsWith(which));
}
