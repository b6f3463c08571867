// What caused what, read from a trace. The engine handles one event at a time (a delivery, a timer,
// a client's operation, a fault) and records it first, then the effects its handler returned, in
// order: the sends (with a drop or a duplicate right behind a send the network lost or copied at
// once), the state changes, the applied operations, the notes. So a trace splits into handled
// events, each a head followed by its effects — what the debugger's stack (cli/dap/event-frames.ts)
// and the playground's message inspector (message-inspection.ts) both walk:
// - a delivery's send is the latest `send` of its message id before it;
// - a send was caused by the head of the handled event it belongs to (what the sender handled).
//
// Pure and bounded: a run's trace can be a million events long, so every walk has a limit.

import { formatMicros } from '../sim/format-micros.ts';
import type { SimConfig } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';

/** Random access to a trace: an array of events, or the playground's packed columns. */
export type TraceReader = { readonly length: number; at(index: number): TraceEvent };

/** Trace events a handled event's effects may span at most (a handler sends one message per peer). */
export const MAX_HANDLER_EVENTS = 10_000;
/** How far back a send is looked for (trace events): bounded, the trace can be a million long. */
export const MAX_SEND_SEARCH = 200_000;

const EFFECT_KINDS = new Set<TraceEvent['kind']>(['state', 'apply', 'note']);

export function arrayReader(trace: readonly TraceEvent[]): TraceReader {
  return { length: trace.length, at: (index) => trace[index]! };
}

/**
 * Whether trace event `index` is the head of a handled event (what was handled) rather than one of
 * the effects of the event before it. A drop or a duplicate right behind its own send is the
 * network's verdict on that send; a client's completion right behind the delivery of its reply is
 * that delivery's effect. Checked against the time-travel run's exact event boundaries in
 * test/unit/debug/causal-events.test.ts.
 */
export function beginsEvent(trace: TraceReader, index: number): boolean {
  const event = trace.at(index);
  if (index === 0) return event.kind !== 'send' && !EFFECT_KINDS.has(event.kind);
  const before = trace.at(index - 1);
  // Everything one handled event records happens at one instant (the engine's clock stands still
  // while a handler runs): a new time is a new event, whatever it recorded first.
  if (before.t !== event.t) return true;
  if (event.kind === 'send') {
    // A send by someone other than the one acting just before begins an event of its own: a
    // client's retry, which its own timer decides without a trace event of its own.
    const actor = actorOf(before);
    return actor !== undefined && actor !== event.from;
  }
  if (EFFECT_KINDS.has(event.kind)) return false;
  if ((event.kind === 'drop' || event.kind === 'duplicate') && before.kind === 'send' && before.msg === event.msg && before.t === event.t) return false;
  if (event.kind === 'duplicate' && before.kind === 'duplicate' && before.msg === event.msg && before.t === event.t) return false;
  if (event.kind === 'client' && event.phase !== 'invoke' && before.kind === 'deliver' && before.to === event.client && before.t === event.t) return false;
  return true;
}

/** The node or client acting in a trace event (undefined for the network-wide ones). */
function actorOf(event: TraceEvent): string | undefined {
  switch (event.kind) {
    case 'deliver':
      return event.to;
    case 'send':
    case 'drop':
    case 'duplicate':
      return event.from;
    case 'client':
      return event.client;
    case 'partition':
    case 'heal':
    case 'link-window':
      return undefined;
    default:
      return event.node;
  }
}

/** The effects of the event headed by trace event `head`: [head + 1, end), at most MAX_HANDLER_EVENTS. */
export function effectsEnd(trace: TraceReader, head: number, limit = trace.length): number {
  const end = Math.min(limit, trace.length, head + 1 + MAX_HANDLER_EVENTS);
  let i = head + 1;
  while (i < end && !beginsEvent(trace, i)) i++;
  return i;
}

/** The head of the handled event trace event `index` belongs to; -1 when none is found within bounds (the run's start). */
export function headBefore(trace: TraceReader, index: number): number {
  const stop = Math.max(0, index - MAX_HANDLER_EVENTS);
  for (let i = index; i >= stop; i--) if (beginsEvent(trace, i)) return i;
  return -1;
}

/** The one trace event that says what an event was (a delivery, a timer, a fault, ...). */
export function headOf(events: readonly TraceEvent[]): TraceEvent | undefined {
  const reader = arrayReader(events);
  for (let i = 0; i < events.length; i++) if (beginsEvent(reader, i)) return events[i];
  return events[0];
}

/** The send of message `msg`: the latest `send` with its id before trace index `before`; -1 when not within MAX_SEND_SEARCH. */
export function findSendIndex(trace: TraceReader, msg: number, before: number): number {
  for (let i = before - 1; i >= 0 && i >= before - MAX_SEND_SEARCH; i--) {
    const candidate = trace.at(i);
    if (candidate.kind === 'send' && candidate.msg === msg) return i;
  }
  return -1;
}

/**
 * The trace index of message `msg`'s event of this kind at time `t` (the trace is in time order:
 * a binary search, then the events of that instant, bounded); -1 when there is none.
 */
export function findMessageEvent(trace: TraceReader, kind: 'send' | 'deliver' | 'drop', msg: number, t: number): number {
  let low = 0;
  let high = trace.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (trace.at(mid).t < t) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < trace.length && i < low + MAX_SEND_SEARCH; i++) {
    const event = trace.at(i);
    if (event.t !== t) break;
    if (event.kind === kind && event.msg === msg) return i;
  }
  return -1;
}

/** A handled event in the debugger's words: `n2 handles AppendEntries from n1 @ 1.2s`. */
export function describeEvent(events: readonly TraceEvent[], config: SimConfig): { name: string; actor: string | undefined; line: number | undefined } {
  const head = headOf(events);
  if (head === undefined) return { name: 'nothing happened (a timer that was re-armed or cancelled)', actor: undefined, line: undefined };
  return describeHead(head, config);
}

/** What one head event was, in words, with the node or client it happened at and its scenario line. */
export function describeHead(head: TraceEvent, config: SimConfig): { name: string; actor: string | undefined; line: number | undefined } {
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
