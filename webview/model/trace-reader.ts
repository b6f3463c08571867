// Random access to a packed trace (packed-run.ts) as trace events, for the message inspector's
// walks (core/debug/causal-events.ts, message-inspection.ts). Unpacking a 300,000-event trace into
// objects would cost the page seconds; here one pass over the `stored` column (built on the first
// inspection, 4 bytes per event) says where each event lives, and an event object is made only
// when a walk reads it — a few dozen per inspection.

import type { TraceReader } from '../../core/debug/causal-events.ts';
import { MAX_STATE_LOOKBACK, type ValuesBefore } from '../../core/debug/message-inspection.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { STORED_DELIVER, STORED_DROP, STORED_DUPLICATE, STORED_EVENT, STORED_LATER, STORED_SEND, STORED_STATE, type PackedTrace } from './packed-run.ts';

const MESSAGE_KIND: Record<number, 'send' | 'deliver' | 'drop' | 'duplicate'> = { [STORED_SEND]: 'send', [STORED_DELIVER]: 'deliver', [STORED_DROP]: 'drop', [STORED_DUPLICATE]: 'duplicate' };

export type PackedTraceReader = TraceReader & { valuesBefore: ValuesBefore };

export function packedTraceReader(packed: PackedTrace): PackedTraceReader {
  // Per trace position: its index among the events stored the same way (message columns, whole
  // events, state columns, later events).
  const slot = new Int32Array(packed.count);
  /** Per node: the trace positions of its state changes, in order (for "before" values). */
  const statePositions = new Map<string, number[]>();
  const counters = [0, 0, 0, 0];
  for (let k = 0; k < packed.count; k++) {
    const stored = packed.stored[k]!;
    const category = stored <= STORED_DUPLICATE ? 0 : stored === STORED_EVENT ? 1 : stored === STORED_STATE ? 2 : 3;
    slot[k] = counters[category]!++;
    let node: string | undefined;
    if (stored === STORED_STATE) node = packed.strings[packed.stateNode[slot[k]!]!];
    else if (stored === STORED_EVENT) {
      const event = packed.events[slot[k]!]!;
      if (event.kind === 'state') node = event.node;
    }
    if (node === undefined) continue;
    let positions = statePositions.get(node);
    if (positions === undefined) statePositions.set(node, (positions = []));
    positions.push(k);
  }
  let records: Array<Record<string, unknown>> | null = null;
  let later: TraceEvent[] | null = null;

  const at = (k: number): TraceEvent => {
    const stored = packed.stored[k]!;
    const index = slot[k]!;
    if (stored <= STORED_DUPLICATE) {
      const event: TraceEvent = { kind: MESSAGE_KIND[stored]!, t: packed.t[k]!, msg: packed.msg[index]!, from: packed.strings[packed.from[index]!]!, to: packed.strings[packed.to[index]!]!, type: packed.strings[packed.type[index]!]! };
      const reason = packed.reason[index]!;
      if (reason >= 0) event.reason = packed.strings[reason]!;
      const deliverAt = packed.deliverAt[index]!;
      if (!Number.isNaN(deliverAt)) event.deliverAt = deliverAt;
      if (packed.heartbeat[index] === 1) event.heartbeat = true;
      return event;
    }
    if (stored === STORED_EVENT) return packed.events[index]!;
    if (stored === STORED_STATE) {
      records ??= packed.stateRecords();
      return { kind: 'state', t: packed.t[k]!, node: packed.strings[packed.stateNode[index]!]!, local: packed.stateLocal[index]!, state: records[index]! };
    }
    if (stored === STORED_LATER) {
      later ??= packed.laterEvents();
      return later[index]!;
    }
    throw new Error(`trace event ${k} is stored in an unknown way (${stored})`);
  };

  const valuesBefore: ValuesBefore = (node, index, fields) => {
    const found = new Map<string, unknown>();
    const positions = statePositions.get(node);
    if (positions === undefined) return found;
    // The node's last state change before `index`, then back through its earlier ones (bounded).
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (positions[mid]! < index) low = mid + 1;
      else high = mid;
    }
    for (let p = low - 1; p >= 0 && p >= low - MAX_STATE_LOOKBACK && found.size < fields.length; p--) {
      const event = at(positions[p]!);
      if (event.kind !== 'state') continue;
      for (const field of fields) if (!found.has(field) && field in event.state) found.set(field, event.state[field]);
    }
    return found;
  };

  return { length: packed.count, at, valuesBefore };
}
