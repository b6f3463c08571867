// PACELC's "else" half as evidence from the trace: when an acknowledged operation was answered,
// had the answering node waited for another replica? The simulator runs each handler at one
// instant, and the trace lists a handler's sends right after the delivery or timer that ran it,
// so the event that caused a reply to a client is the last delivery or timer on the answering
// node before that reply's send. A reply sent while handling a message from another node waited
// for a replica (a quorum ack, a backup's ack, a forwarded answer); a reply sent while handling
// the client's own request, or a local timer, was answered by that node alone.
// A node that holds none of the data (the service model's load balancer and instances, which the
// protocol names as relays) only passes answers on: a message from it carries the cause of its
// own send, so a balancer passing on an instance's cache hit did not wait, and one passing on
// the database's answer did.

import type { TraceEvent } from '../../types/trace.ts';

export type ReplyCause = { waited: boolean; from: string };

/**
 * For every completion seen in the trace (`client` events with phase 'ok', keyed by the history
 * index of the completion), what caused the reply the client received. Linear in the trace; the
 * maps hold one entry per node, per client and per reply message still in flight.
 */
export function replyCauses(trace: ReadonlyArray<TraceEvent>, nodes: readonly string[], relays: ReadonlySet<string> = new Set()): Map<number, ReplyCause> {
  const isNode = new Set(nodes);
  const lastCause = new Map<string, ReplyCause>();
  const replyCause = new Map<number, ReplyCause>();
  // The cause of each message a relay (a node holding no data) sent to another node, until it arrives.
  const relayed = new Map<number, ReplyCause>();
  const lastReply = new Map<string, ReplyCause>();
  const causes = new Map<number, ReplyCause>();
  for (const e of trace) {
    switch (e.kind) {
      case 'deliver':
        if (isNode.has(e.to)) {
          const fromNode = isNode.has(e.from) && e.from !== e.to;
          const passedOn = fromNode && relays.has(e.from) ? relayed.get(e.msg) : undefined;
          relayed.delete(e.msg);
          lastCause.set(e.to, passedOn ?? { waited: fromNode, from: e.from });
        } else if (isNode.has(e.from)) {
          const cause = replyCause.get(e.msg);
          if (cause !== undefined) lastReply.set(e.to, cause);
          replyCause.delete(e.msg);
        }
        break;
      case 'timer':
        lastCause.set(e.node, { waited: false, from: e.node });
        break;
      case 'send':
        if (isNode.has(e.from) && !isNode.has(e.to)) {
          const cause = lastCause.get(e.from);
          if (cause !== undefined) replyCause.set(e.msg, cause);
        } else if (relays.has(e.from)) {
          const cause = lastCause.get(e.from);
          if (cause !== undefined) relayed.set(e.msg, cause);
        }
        break;
      case 'drop':
        // A dropped message is never delivered: forget it so the maps stay bounded by messages in flight.
        replyCause.delete(e.msg);
        relayed.delete(e.msg);
        break;
      case 'client':
        if (e.phase === 'ok') {
          const cause = lastReply.get(e.client);
          if (cause !== undefined) causes.set(e.op, cause);
          lastReply.delete(e.client);
        }
        break;
    }
  }
  return causes;
}
