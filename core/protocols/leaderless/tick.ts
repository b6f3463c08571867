// One periodic timer per node, armed only while there is something to look after: requests
// still waiting for their quorum (ask stand-ins under a sloppy quorum; give up after the request
// timeout) and hints to hand over. Idle nodes have no timer, so a quiet cluster costs nothing.

import type { NodeContext, Out } from '../../sim/protocol.ts';
import { finishRead } from './coordinator.ts';
import type { LeaderlessMessage, LeaderlessState, PendingRequest } from './types.ts';

export const TICK_TIMER = 'tick';

type Msg = LeaderlessMessage;

export function armTick(state: LeaderlessState, out: Out<Msg>): void {
  if (state.tickArmed) return;
  state.tickArmed = true;
  out.push({ kind: 'set-timer', name: TICK_TIMER, delayUs: state.settings.tickUs });
}

export function onTick(state: LeaderlessState, ctx: NodeContext, out: Out<Msg>): void {
  state.tickArmed = false;
  const s = state.settings;
  for (const pending of [...state.pending.values()]) {
    pending.ticks++;
    const waited = pending.ticks * s.tickUs;
    if (waited >= s.requestTimeoutUs) {
      // Give up without answering: some replicas may hold the write, so "failed" would be a lie;
      // the client's own timeout reports it as indeterminate.
      if (pending.kind === 'read' && pending.replied) finishRead(state, pending, ctx, out);
      else state.pending.delete(pending.requestId);
    } else if (s.sloppyQuorum && !pending.standInsAsked && waited >= s.standInAfterUs) {
      askStandIns(state, pending, out);
    }
  }
  if (s.hintedHandoff) handOff(state, out);
  if (state.pending.size > 0 || (s.hintedHandoff && state.hints.size > 0)) armTick(state, out);
}

/**
 * Sloppy quorum: for every home replica that has not answered, the next stand-in on the ring is
 * asked instead. A write sent to a stand-in names the home it is meant for (the hint).
 */
function askStandIns(state: LeaderlessState, pending: PendingRequest, out: Out<Msg>): void {
  pending.standInsAsked = true;
  const { homes, standIns } = state.placements.of(pending.key);
  let next = 0;
  for (const home of homes) {
    if (pending.answered.has(home)) continue;
    const standIn = standIns[next++];
    if (standIn === undefined) return;
    pending.asked++;
    if (pending.kind === 'write') {
      const message: Msg = { kind: 'Put', id: pending.requestId, key: pending.key, entry: pending.entry!, hintFor: home };
      out.push({ kind: 'send', to: standIn, type: 'Put', message });
    } else {
      out.push({ kind: 'send', to: standIn, type: 'Get', message: { kind: 'Get', id: pending.requestId, key: pending.key } });
    }
  }
}

/** Hinted handoff: offer every home replica what is kept for it, until it acknowledges. */
function handOff(state: LeaderlessState, out: Out<Msg>): void {
  for (const [home, hints] of state.hints) {
    const message: Msg = { kind: 'Handoff', seq: hints.seq, items: [...hints.items] };
    out.push({ kind: 'send', to: home, type: 'Handoff', message });
  }
}
