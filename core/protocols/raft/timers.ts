// Raft's three timers. Each is one named engine timer; arming a name again replaces the pending
// one, which is exactly "reset the election timer" in the paper's words.

import type { Out } from '../../sim/protocol.ts';
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
    cancelElection: { kind: 'cancel-timer', name: ELECTION_TIMER },
    armHeartbeat: { kind: 'set-timer', name: HEARTBEAT_TIMER, delayUs: settings.heartbeatUs },
    cancelHeartbeat: { kind: 'cancel-timer', name: HEARTBEAT_TIMER },
    // Thesis §6.2: a leader checks once per (minimum) election timeout that a majority answered.
    armCheckQuorum: { kind: 'set-timer', name: CHECK_QUORUM_TIMER, delayUs: settings.electionTimeoutUs.min },
    cancelCheckQuorum: { kind: 'cancel-timer', name: CHECK_QUORUM_TIMER },
  };
}

export function resetElectionTimer(state: RaftState, out: Out<RaftMessage>): void {
  out.push(state.timers.armElection);
}
