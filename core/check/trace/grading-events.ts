// The part of a trace that grading reads: states, applies, faults and notes. Message and timer
// events are most of a trace (a service run: 138,000 of 167,000 events) and no check looks at
// them, yet every check used to walk past them; filtered once, each check walks a fraction of it.
// A sweep records only these events in the first place (TraceLog.messages off).

import type { TraceEvent } from '../../types/trace.ts';

export function gradingEvents(trace: ReadonlyArray<TraceEvent>): ReadonlyArray<TraceEvent> {
  const kept: TraceEvent[] = [];
  for (let i = 0; i < trace.length; i++) {
    const e = trace[i]!;
    switch (e.kind) {
      case 'send':
      case 'deliver':
      case 'drop':
      case 'duplicate':
      case 'timer':
      case 'client':
        break;
      default:
        kept.push(e);
    }
  }
  return kept;
}
