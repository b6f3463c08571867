// Raft's three timers. Each is one named engine timer; arming a name again replaces the pending
// one, which is exactly "reset the election timer" in the paper's words.

import type { Effect, Out } from '../../sim/protocol.ts';
import type { RaftSettings } from './settings.ts';
import type { RaftMessage, RaftState, TimerEffects } from './types.ts';

export const ELECTION_TIMER = 'election';
export const HEARTBEAT_TIMER = 'heartbeat';
export const CHECK_QUORUM_TIMER = 'check-quorum';

export function timerEffectsFor(settings: RaftSettings): TimerEffects {
  return {
    // §5.2: the timeout is drawn at random from a range every time it is armed, so two
    // followers rarely time out together and split the vote.
    armElection: { kind: 'set-timer', name: ELECTION_TIMER, delayUs: { min: settings.electionTimeoutUs.min, max: settings.electionTimeoutUs.max } },
    cancelElection: cancelEffect(ELECTION_TIMER),
    armHeartbeat: { kind: 'set-timer', name: HEARTBEAT_TIMER, delayUs: settings.heartbeatUs },
    cancelHeartbeat: cancelEffect(HEARTBEAT_TIMER),
    // Thesis §6.2: a leader checks once per (minimum) election timeout that a majority answered.
    armCheckQuorum: { kind: 'set-timer', name: CHECK_QUORUM_TIMER, delayUs: settings.electionTimeoutUs.min },
    cancelCheckQuorum: cancelEffect(CHECK_QUORUM_TIMER),
  };
}

/**
 * A cancel effect with an unused `delayUs`, so that it has the same hidden class as the set-timer
 * effects. Raft's effects then come in four shapes (send, timer, reply, state), few enough for
 * the engine's loop over effects to stay polymorphic instead of megamorphic.
 */
function cancelEffect(name: string): Effect<RaftMessage> {
  const effect = { kind: 'cancel-timer' as const, name, delayUs: 0 };
  return effect;
}

/** Arms the election timer with a fresh random timeout from now. */
export function armElectionTimer(state: RaftState, out: Out<RaftMessage>): void {
  state.resetsAtArming = state.electionResets;
  out.push(state.timers.armElection);
}

/**
 * §5.2 resets the election timer whenever a follower hears from the leader or grants a vote.
 * Re-arming an engine timer on every AppendEntries would cost an event-queue entry per message,
 * so the reset is only noted here (as etcd counts ticks since the last heartbeat); when the timer
 * fires, `electionTimerStillDue` re-arms it relative to the last reset instead of campaigning.
 */
export function noteElectionReset(state: RaftState, now: number): void {
  state.electionResets++;
  state.electionResetAt = now;
}

/**
 * Called when the election timer fires. Returns true when no reset happened since it was armed,
 * i.e. a whole randomized timeout passed in silence. Otherwise it re-arms the timer to fire a
 * random timeout after the last reset — never sooner than the minimum timeout after it, which is
 * the promise leases rely on — and returns false.
 */
export function electionTimerStillDue(state: RaftState, now: number, out: Out<RaftMessage>): boolean {
  if (state.electionResets === state.resetsAtArming) return true;
  state.resetsAtArming = state.electionResets;
  const { min, max } = state.settings.electionTimeoutUs;
  // The elapsed time is read on the local clock, so a clock jump between the reset and now
  // shifts it (the one place Raft here reads time like a wall clock rather than a timer).
  const untilMax = Math.min(max, state.electionResetAt + max - now);
  if (untilMax < 1) {
    // Only a clock that jumped forward gets here: measure a whole timeout from now instead.
    out.push(state.timers.armElection);
    return false;
  }
  const untilMin = Math.max(1, state.electionResetAt + min - now);
  out.push({ kind: 'set-timer', name: ELECTION_TIMER, delayUs: { min: untilMin, max: untilMax } });
  return false;
}
