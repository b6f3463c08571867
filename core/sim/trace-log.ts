// The trace, with a memory cap: a long run can produce millions of events, and a report that
// tries to keep them all runs out of memory. Past the cap the trace stops growing and says so in
// a note; the run itself (and the history, stats and expectations) goes on unaffected.

import type { TraceEvent } from '../types/trace.ts';

export const DEFAULT_MAX_TRACE_EVENTS = 200_000;

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
  truncated = false;

  constructor(
    enabled: boolean,
    private readonly cap: number,
    keepMessages = true,
  ) {
    this.on = enabled && cap > 0;
    this.messages = this.on && keepMessages;
  }

  add(event: TraceEvent): void {
    if (!this.on) return;
    if (this.events.length >= this.cap) {
      this.on = false;
      this.messages = false;
      this.truncated = true;
      this.events.push({
        kind: 'note',
        t: event.t,
        text: `trace truncated: only the first ${this.cap} events are kept (raise the trace cap to keep more)`,
      });
      return;
    }
    this.events.push(event);
  }

  /** Notes that must appear even past the cap (the run stopped early, ...). */
  force(event: TraceEvent): void {
    this.events.push(event);
  }
}
