// The message inspector: one message of a run, opened. What it carried (its payload, in the
// protocol's own field names: Raft's term, prevLogIndex, entries, leaderCommit; a primary's epoch;
// a lock's token; a 2PC transaction and vote), what its receiver did while handling it (the
// messages it sent, its state before → after, the operations it applied, the client it answered,
// the timers it armed), and what its sender was handling when it sent it.
//
// Where each part comes from:
// - cause and effects: the trace (causal-events.ts explains its order), so any host that has the
//   trace shows them — the playground page reads its packed copy, the static HTML report too;
// - payload and timers: the trace keeps neither (a 100,000-message run would carry every body),
//   so they are read from a time-travel run (TimeTravelRun.sentBody re-runs the one sending event;
//   armed timers are compared just before and after the delivery). Exact, since the re-run is the run.
//
// Everything returned is plain JSON (it crosses a worker boundary) and bounded: a message with
// 10,000 log entries becomes its first few and a count.

import type { TimeTravelRun } from '../sim/time-travel.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';
import { describeHead, effectsEnd, findMessageEvent, headBefore, type TraceReader } from './causal-events.ts';
import { preview } from './node-state.ts';

/** Payload fields listed at most (a protocol's messages have a handful). */
export const PAYLOAD_FIELDS = 16;
/** Items of a list field shown (log entries, keys...); the rest is a count. */
export const PAYLOAD_ITEMS = 4;
/** Effects of each kind listed at most (a leader's heartbeat sends one message per peer). */
export const EFFECTS_LISTED = 12;
/** State records looked through, back from a delivery, for a field's value before it. */
export const MAX_STATE_LOOKBACK = 1_000_000;

export type PayloadField = {
  name: string;
  value: string;
  /** A list's first items (PAYLOAD_ITEMS at most), each in a line; `more` counts the rest. */
  items?: string[];
  more?: number;
};

export type SentEffect = {
  msg: number;
  type: string;
  to: string;
  /** When the send's time is needed to find the message again (the diagram selects it by it). */
  t: Micros;
  /** Why the network lost it as it was sent, when it did. */
  lost?: string;
  /** To a client: the answer to its request. */
  reply: boolean;
};

export type StateChangeEffect = { field: string; before: string; after: string };

export type MessageEffects = {
  /** Who handled it, and when. */
  node: string;
  t: Micros;
  sent: SentEffect[];
  /** Sends past EFFECTS_LISTED. */
  moreSent: number;
  state: StateChangeEffect[];
  /** Operations applied to the state machine, and clients' operations completed, in words. */
  applied: string[];
  notes: string[];
};

/** What the sender was handling when it sent the message. */
export type MessageCause = {
  text: string;
  /** The message whose delivery it was, when it was one (so a host can select it). */
  message?: { msg: number; type: string; from: string; to: string; deliverT: Micros };
  line?: number;
};

export type TimerChange = { name: string; change: 'armed' | 're-armed' | 'cancelled'; due: Micros | null };

/** What only a time-travel run can tell about a message (trace-derived parts are computed by the host). */
export type RunInspection = {
  payload: PayloadField[] | null;
  /** Why there is no payload, in words, when there is none. */
  payloadNote?: string;
  /** Timers the receiver armed, re-armed or cancelled while handling it (null: not delivered to a node). */
  timers: TimerChange[] | null;
};

export type MessageQuery = { msg: number; sendT: Micros; deliverT?: Micros };

// ---- payload ------------------------------------------------------------------------------------

/** A message body as fields in its protocol's words, bounded. */
export function describePayload(body: unknown): PayloadField[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || body instanceof Map || body instanceof Set) return [{ name: 'value', value: preview(body) }];
  const fields: PayloadField[] = [];
  const record = body as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => key !== 'kind' && typeof record[key] !== 'function' && record[key] !== undefined);
  for (const key of keys.slice(0, PAYLOAD_FIELDS)) fields.push(describeField(key, record[key]));
  if (keys.length > PAYLOAD_FIELDS) fields.push({ name: '…', value: `${keys.length - PAYLOAD_FIELDS} more fields` });
  return fields;
}

function describeField(name: string, value: unknown): PayloadField {
  const list = Array.isArray(value) ? value : value instanceof Set ? [...value] : null;
  if (list !== null) {
    const field: PayloadField = { name, value: list.length === 0 ? 'none' : `${list.length}` };
    if (list.length > 0) field.items = list.slice(0, PAYLOAD_ITEMS).map(describeItem);
    if (list.length > PAYLOAD_ITEMS) field.more = list.length - PAYLOAD_ITEMS;
    return field;
  }
  return { name, value: preview(value) };
}

/** A list item: a log entry as `term 3: put x 5` (or `no-op`), anything else previewed. */
function describeItem(item: unknown): string {
  if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
    const entry = item as Record<string, unknown>;
    const stamp = typeof entry['term'] === 'number' ? `term ${entry['term']}` : typeof entry['epoch'] === 'number' ? `epoch ${entry['epoch']}` : null;
    if (stamp !== null && 'command' in entry) {
      const command = entry['command'] as Record<string, unknown> | null;
      if (command === null || typeof command !== 'object') return `${stamp}: no-op`;
      const words = [command['op'], command['key'], command['value'] === undefined ? undefined : preview(command['value'], 24)].filter((w) => w !== undefined && w !== null).map(String);
      return `${stamp}: ${words.length > 0 ? words.join(' ') : preview(command, 48)}`;
    }
  }
  return preview(item, 64);
}

// ---- effects and cause (from the trace) ---------------------------------------------------------

/** A field's latest values before a trace index, per node (readers that know the trace's layout answer faster). */
export type ValuesBefore = (node: string, index: number, fields: readonly string[]) => Map<string, unknown>;

/** Walks the trace back from `index`: the latest value of each field in the node's state events (bounded). */
export function scanValuesBefore(trace: TraceReader): ValuesBefore {
  return (node, index, fields) => {
    const found = new Map<string, unknown>();
    for (let i = index - 1; i >= 0 && i >= index - MAX_STATE_LOOKBACK && found.size < fields.length; i--) {
      const event = trace.at(i);
      if (event.kind !== 'state' || event.node !== node) continue;
      for (const field of fields) if (!found.has(field) && field in event.state) found.set(field, event.state[field]);
    }
    return found;
  };
}

/**
 * What the receiver did while handling the delivery at trace index `deliverIndex`: the effects
 * the trace records right behind it (causal-events.ts). `isNode`: which endpoints are nodes (the
 * others are clients, whose messages are replies).
 */
export function messageEffects(trace: TraceReader, deliverIndex: number, isNode: (name: string) => boolean, valuesBefore: ValuesBefore = scanValuesBefore(trace)): MessageEffects | null {
  const deliver = trace.at(deliverIndex);
  if (deliver.kind !== 'deliver') return null;
  const end = effectsEnd(trace, deliverIndex);
  const effects: MessageEffects = { node: deliver.to, t: deliver.t, sent: [], moreSent: 0, state: [], applied: [], notes: [] };
  const after = new Map<string, unknown>();
  for (let i = deliverIndex + 1; i < end; i++) {
    const event = trace.at(i);
    switch (event.kind) {
      case 'send': {
        if (effects.sent.length >= EFFECTS_LISTED) {
          effects.moreSent++;
          break;
        }
        const sent: SentEffect = { msg: event.msg, type: event.type, to: event.to, t: event.t, reply: !isNode(event.to) };
        const next = i + 1 < end ? trace.at(i + 1) : undefined;
        if (next?.kind === 'drop' && next.msg === event.msg) sent.lost = next.reason ?? 'dropped';
        effects.sent.push(sent);
        break;
      }
      case 'state':
        if (event.node === deliver.to) for (const [field, value] of Object.entries(event.state)) after.set(field, value);
        break;
      case 'apply':
        if (effects.applied.length < EFFECTS_LISTED) effects.applied.push(`applied ${event.key} = ${preview(event.value, 24)}${event.index === undefined ? '' : ` (log index ${event.index})`}`);
        break;
      case 'client':
        if (effects.applied.length < EFFECTS_LISTED) effects.applied.push(`${event.client}'s operation #${event.op} completes: ${event.phase}`);
        break;
      case 'note':
        if (effects.notes.length < EFFECTS_LISTED) effects.notes.push(event.text);
        break;
      default:
        break;
    }
  }
  if (after.size > 0) {
    const before = valuesBefore(deliver.to, deliverIndex, [...after.keys()]);
    for (const [field, value] of after) {
      const was = before.has(field) ? preview(before.get(field)) : '—';
      const now = preview(value);
      if (was !== now && effects.state.length < EFFECTS_LISTED) effects.state.push({ field, before: was, after: now });
    }
  }
  return effects;
}

/** What the sender was handling when it sent the message at trace index `sendIndex`. */
export function messageCause(trace: TraceReader, sendIndex: number, config: SimConfig, isNode: (name: string) => boolean): MessageCause {
  const send = trace.at(sendIndex);
  if (send.kind !== 'send') return { text: 'unknown' };
  const headIndex = headBefore(trace, sendIndex);
  const head = headIndex < 0 ? undefined : trace.at(headIndex);
  if (!isNode(send.from)) {
    // A client's request: its operation starting, or a retry its own timer decided (not traced).
    if (head?.kind === 'client' && headIndex === sendIndex - 1 && head.client === send.from && head.phase === 'invoke') return withLine({ text: `${send.from} invokes operation #${head.op}` }, describeHead(head, config).line);
    return { text: `${send.from} sends its request again (a retry)` };
  }
  // No head: the nodes' start (its effects come first in a trace, each node's in turn), or an event
  // further back than a handler's effects ever reach.
  if (head === undefined || head.kind === 'send' || head.kind === 'state') return { text: send.t === 0 ? `${send.from} starts (its first act at time 0)` : `${send.from} acted on its own (no traced event caused it)` };
  if (head.kind === 'deliver' && head.to === send.from) {
    return { text: `${send.from} was handling ${head.type} #${head.msg} from ${head.from}`, message: { msg: head.msg, type: head.type, from: head.from, to: head.to, deliverT: head.t } };
  }
  if (head.kind === 'timer') return { text: `${head.node}'s timer '${head.name}' fired` };
  if (head.kind === 'restart' && head.node === send.from) return withLine({ text: `${head.node} restarted` }, head.line);
  if (head.kind === 'resume' && head.node === send.from) return withLine({ text: `${head.node} resumed` }, head.line);
  const described = describeHead(head, config);
  return withLine({ text: described.name }, described.line);
}

function withLine(target: MessageCause, line: number | undefined): MessageCause {
  if (line !== undefined) target.line = line;
  return target;
}

// ---- payload and timers (from a time-travel run) ------------------------------------------------

/**
 * The payload of a message and the timers its delivery changed, read from a time-travel run whose
 * full trace is `trace` (the run's own, same indexes). The cursor comes back where it was.
 */
export function inspectInRun(run: TimeTravelRun, trace: readonly TraceEvent[], query: MessageQuery): RunInspection {
  const reader: TraceReader = { length: trace.length, at: (i) => trace[i]! };
  const sendIndex = findMessageEvent(reader, 'send', query.msg, query.sendT);
  const inspection: RunInspection = { payload: null, timers: null };
  if (sendIndex < 0) {
    inspection.payloadNote = `message #${query.msg} is not in this run's trace`;
    return inspection;
  }
  // One restore to the send, a few events forward to the delivery (most messages arrive within a
  // checkpoint's spacing), one restore back to where the cursor was.
  const back = run.cursor;
  try {
    const sent = run.sentBody(query.msg, run.eventOfTraceIndex(sendIndex));
    if (sent === undefined) inspection.payloadNote = `re-running the send of #${query.msg} did not send it again`;
    else inspection.payload = describePayload(sent.body);
    inspection.timers = timersChangedBy(run, trace, reader, query);
  } finally {
    run.seek(back);
  }
  return inspection;
}

/**
 * Timers the receiver armed, re-armed or cancelled while handling the delivery (moves the cursor).
 * A paused node's backlog is replayed in one event when it resumes: then the change covers every
 * delivery replayed with it.
 */
function timersChangedBy(run: TimeTravelRun, trace: readonly TraceEvent[], reader: TraceReader, query: MessageQuery): TimerChange[] | null {
  if (query.deliverT === undefined) return null;
  const deliverIndex = findMessageEvent(reader, 'deliver', query.msg, query.deliverT);
  if (deliverIndex < 0) return null;
  const deliver = trace[deliverIndex]!;
  if (deliver.kind !== 'deliver') return null;
  const node = run.view.nodeIndex(deliver.to);
  if (node < 0 || node >= run.view.nodes.length) return null;
  const event = run.eventOfTraceIndex(deliverIndex);
  run.seek(event - 1);
  const before = new Map(run.view.armedTimers(node).map((timer) => [timer.name, timer.due]));
  run.seek(event);
  const after = run.view.armedTimers(node);
  const timers: TimerChange[] = [];
  for (const timer of after) {
    const was = before.get(timer.name);
    if (was === undefined) timers.push({ name: timer.name, change: 'armed', due: timer.due });
    else if (was !== timer.due) timers.push({ name: timer.name, change: 're-armed', due: timer.due });
  }
  const armedAfter = new Set(after.map((timer) => timer.name));
  for (const name of before.keys()) if (!armedAfter.has(name)) timers.push({ name, change: 'cancelled', due: null });
  return timers.slice(0, EFFECTS_LISTED);
}
