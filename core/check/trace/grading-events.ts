// The part of a trace that grading reads: states, applies, faults and notes. Message, timer and
// client events are most of a trace (a service run: 158,000 of 167,000 events) and no check looks
// at them, yet every check used to walk past them; filtered once, each check walks a fraction of
// it. A sweep records only these events in the first place (TraceLog.messages off), and a trace
// past its cap keeps only these (trace-log.ts).

import { isTimelineOnly } from '../../sim/trace-log.ts';
import type { TraceEvent } from '../../types/trace.ts';

export function gradingEvents(trace: ReadonlyArray<TraceEvent>): ReadonlyArray<TraceEvent> {
  const kept: TraceEvent[] = [];
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    if (!isTimelineOnly(e)) kept.push(e);
  }
  return kept;
}
