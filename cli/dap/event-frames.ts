// The stack when the debugger stops: the event being handled and its causal chain. A delivery was
// caused by the send of that message, which happened while its sender handled an earlier event,
// which was itself a delivery, a timer, a client's operation or a fault... Each frame names the
// event in its protocol's own words (the message types the protocol sends) and points at the
// scenario line behind it where there is one (a fault line, a client's operation line).

import type { TimeTravelRun } from '../../core/sim/time-travel.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { formatMicros } from '../../core/sim/format-micros.ts';

/** Frames shown at most: a chain of replies and requests can be as long as the run. */
export const MAX_FRAMES = 24;
/** How far back a send is looked for (trace events): bounded, the trace can be a million long. */
const MAX_SEND_SEARCH = 200_000;

export type EventFrame = {
  event: number;
  name: string;
  /** The node or client the event happened at. */
  actor: string | undefined;
  line: number | undefined;
  /** The trace events of that event. */
  traceEvents: readonly TraceEvent[];
};

/** The one trace event that says what an event was (a delivery, a timer, a fault, ...). */
export function headOf(events: readonly TraceEvent[]): TraceEvent | undefined {
  return events.find((e) => e.kind !== 'state' && e.kind !== 'apply' && e.kind !== 'note' && e.kind !== 'send') ?? events[0];
}

export function describeEvent(events: readonly TraceEvent[], config: SimConfig): { name: string; actor: string | undefined; line: number | undefined } {
  const head = headOf(events);
  if (head === undefined) return { name: 'nothing happened (a timer that was re-armed or cancelled)', actor: undefined, line: undefined };
  const at = ` @ ${formatMicros(head.t)}`;
  const line = (head as { line?: number }).line;
  switch (head.kind) {
    case 'deliver':
      return { name: `${head.to} handles ${head.type} from ${head.from}${at}`, actor: head.to, line };
    case 'drop':
      return { name: `${head.type} ${head.from} → ${head.to} lost (${head.reason ?? 'dropped'})${at}`, actor: head.to, line };
    case 'timer':
      return { name: `${head.node}: timer '${head.name}' fires${at}`, actor: head.node, line };
    case 'client': {
      const op = config.clients.find((c) => head.client === c.name || head.client.startsWith(c.name));
      return { name: `${head.client}: operation #${head.op} ${head.phase}${at}`, actor: head.client, line: op?.ops[0]?.line };
    }
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
      return { name: `${head.kind} ${head.node}${at}`, actor: head.node, line };
    case 'clock-jump':
      return { name: `${head.node}'s clock jumps ${formatMicros(head.deltaUs)}${at}`, actor: head.node, line };
    case 'partition':
      return { name: `partition ${head.label}${at}`, actor: undefined, line };
    case 'heal':
      return { name: `heal${at}`, actor: undefined, line };
    case 'link-window':
      return { name: `link window until ${formatMicros(head.untilUs)}${at}`, actor: undefined, line };
    case 'state':
      return { name: `${head.node} changes state${at}`, actor: head.node, line };
    default:
      return { name: `${head.kind}${at}`, actor: (head as { node?: string }).node, line };
  }
}

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
    let sendIndex = -1;
    for (let i = start - 1; i >= 0 && i >= start - MAX_SEND_SEARCH; i--) {
      const candidate = trace[i]!;
      if (candidate.kind === 'send' && candidate.msg === head.msg) {
        sendIndex = i;
        break;
      }
    }
    if (sendIndex < 0) break;
    event = run.eventOfTraceIndex(sendIndex);
  }
  return frames;
}
