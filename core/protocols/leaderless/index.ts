// Leaderless replication in the style of Amazon's Dynamo (DeCandia et al., SOSP 2007) and its
// descendants (Riak, Cassandra): N home replicas per key on a ring, a coordinator per request,
// read and write quorums R and W, version vectors on every value, conflict resolution by
// last-write-wins, siblings or a counter CRDT, read repair, and an optional sloppy quorum with
// hinted handoff.

import type { NodeContext, Protocol } from '../../sim/protocol.ts';
import { classifyLeaderless } from './classify.ts';
import { onClientRequest, onGetReply, onPutAck } from './coordinator.ts';
import { entryOps, entryValue } from './entry.ts';
import { PlacementCache, placeKey } from './preference-list.ts';
import { describeEntry, hintCount, keepHint, readLocal, storeVersions } from './replica.ts';
import { readSettings } from './settings.ts';
import { armTick, onTick, TICK_TIMER } from './tick.ts';
import type { LeaderlessDurable, LeaderlessMessage, LeaderlessState } from './types.ts';

export type { LeaderlessDurable, LeaderlessMessage, LeaderlessState } from './types.ts';

type Msg = LeaderlessMessage;

export const leaderless: Protocol<LeaderlessState, LeaderlessDurable, Msg> = {
  name: 'leaderless',

  init(ctx, _out) {
    return fromDurable({ store: new Map(), hints: new Map(), applied: new Map(), coordinated: new Map() }, ctx);
  },

  onMessage(state, from, message, ctx, out) {
    switch (message.kind) {
      case 'Put':
        if (message.hintFor !== undefined && message.hintFor !== ctx.self) keepHint(state, message.hintFor, message.key, message.entry, out);
        else storeVersions(state, message.key, message.entry, out);
        out.push({ kind: 'send', to: from, type: 'PutAck', message: { kind: 'PutAck', id: message.id } });
        if (message.hintFor !== undefined && state.settings.hintedHandoff) armTick(state, out);
        break;
      case 'PutAck':
        onPutAck(state, from, message.id, out);
        break;
      case 'Get':
        out.push({ kind: 'send', to: from, type: 'GetReply', message: { kind: 'GetReply', id: message.id, entry: readLocal(state, message.key) } });
        break;
      case 'GetReply':
        onGetReply(state, from, message.id, message.entry, ctx, out);
        break;
      case 'Repair':
        storeVersions(state, message.key, message.entry, out);
        break;
      case 'Handoff':
        for (const [key, entry] of message.items) storeVersions(state, key, entry, out);
        out.push({ kind: 'send', to: from, type: 'HandoffAck', message: { kind: 'HandoffAck', seq: message.seq } });
        break;
      case 'HandoffAck': {
        // Hints that changed after this offer went out stay, and are offered again.
        const hints = state.hints.get(from);
        if (hints !== undefined && hints.seq === message.seq) {
          state.hints.delete(from);
          out.push({ kind: 'state', state: { hints: hintCount(state) } });
        }
        break;
      }
    }
  },

  onTimer(state, timer, ctx, out) {
    if (timer === TICK_TIMER) onTick(state, ctx, out);
  },

  onClientRequest(state, request, ctx, out) {
    onClientRequest(state, request, ctx, out);
  },

  // The store, the hints and the applied-operations log are on disk; open requests are not
  // (their clients time out).
  durable(state) {
    return { store: state.store, hints: state.hints, applied: state.applied, coordinated: state.coordinated };
  },

  restart(durable, ctx, out) {
    const state = fromDurable(durable, ctx);
    // The data is still there after the restart: say so, so checkers counting what each node's
    // current life holds see it (this is the replica reloading its files, not a second effect).
    for (const [key, entry] of state.store) {
      const value = entryValue(entry);
      for (const opId of state.applied.get(key) ?? entryOps(entry)) out.push({ kind: 'apply', opId, key, value });
      out.push({ kind: 'state', state: { [`key ${key}`]: describeEntry(entry) } });
    }
    if (state.settings.hintedHandoff && state.hints.size > 0) armTick(state, out);
    return state;
  },

  classify: classifyLeaderless,
  // A key lives on its N home nodes; stand-ins only hold it for a while.
  replicasOf: (key, nodes, options) => placeKey(key, nodes, readSettings(options, nodes.length).n).homes,
};

function fromDurable(durable: LeaderlessDurable, ctx: NodeContext): LeaderlessState {
  const settings = readSettings(ctx.options, ctx.nodes.length);
  return {
    settings,
    placements: new PlacementCache(ctx.nodes, settings.n),
    store: durable.store,
    hints: durable.hints,
    applied: durable.applied,
    coordinated: durable.coordinated,
    pending: new Map(),
    stateFields: new Map(),
    tickArmed: false,
    causallyLaterDropped: 0,
  };
}
