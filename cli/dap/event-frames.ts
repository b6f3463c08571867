// The stack when the debugger stops: the event being handled and its causal chain. A delivery was
// caused by the send of that message, which happened while its sender handled an earlier event,
// which was itself a delivery, a timer, a client's operation or a fault... Each frame names the
// event in its protocol's own words (the message types the protocol sends) and points at the
// scenario line behind it where there is one (a fault line, a client's operation line).

import type { TimeTravelRun } from '../../core/sim/time-travel.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { arrayReader, describeEvent, findSendIndex, headOf } from '../../core/debug/causal-events.ts';

// The walk itself lives in core (causal-events.ts): the playground's message inspector reads the
// same causes from the same trace.
export { describeEvent, headOf };

/** Frames shown at most: a chain of replies and requests can be as long as the run. */
export const MAX_FRAMES = 24;

export type EventFrame = {
  event: number;
  name: string;
  /** The node or client the event happened at. */
  actor: string | undefined;
  line: number | undefined;
  /** The trace events of that event. */
  traceEvents: readonly TraceEvent[];
};

/** The chain from the event at the cursor back through the sends that caused it. */
export function causalChain(run: TimeTravelRun, config: SimConfig, clientLine: (client: string, op: number) => number | undefined): EventFrame[] {
  const frames: EventFrame[] = [];
  const trace = run.traceSoFar;
  let event = run.cursor;
  while (frames.length < MAX_FRAMES) {
    const { start, end } = run.traceRangeOf(event);
    const events = trace.slice(start, end);
    const described = describeEvent(events, config);
    const head = headOf(events);
    let line = described.line;
    if (head?.kind === 'client') line = clientLine(head.client, head.op) ?? line;
    frames.push({ event, name: described.name, actor: described.actor, line, traceEvents: events });
    if (head === undefined || head.kind !== 'deliver' || event === 0) break;
    // The send of this message: the latest 'send' with its id before this event.
    const sendIndex = findSendIndex(arrayReader(trace), head.msg, start);
    if (sendIndex < 0) break;
    event = run.eventOfTraceIndex(sendIndex);
  }
  return frames;
}
