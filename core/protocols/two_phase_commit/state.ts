// The `state` effects of two-phase commit. A participant shows its phase, the keys it holds
// locked and whether it is blocked (prepared, waiting on a decision it cannot make alone), so
// the timeline shows the lock-holding stretch while a coordinator is down. The coordinator shows
// its running transactions and its log.

import type { Out } from '../../sim/protocol.ts';
import type { TwoPhaseCommitMessage, TwoPhaseCommitState } from './types.ts';

export function reportState(state: TwoPhaseCommitState, out: Out<TwoPhaseCommitMessage>): void {
  if (state.kind === 'participant') {
    const locks = [...state.locks.keys()].sort();
    const blocked = state.prepared.size > 0;
    const phase = blocked ? 'prepared' : state.lastOutcome === 'commit' ? 'committed' : state.lastOutcome === 'abort' ? 'aborted' : 'idle';
    const key = `${phase}|${locks.join(',')}|${state.commits}|${state.aborts}`;
    if (key === state.reported) return;
    state.reported = key;
    out.push({
      kind: 'state',
      state: { role: 'participant', phase, locks, blocked, waitingOn: [...state.prepared.keys()], commits: state.commits, aborts: state.aborts },
    });
    return;
  }
  if (state.kind === 'coordinator') {
    const key = `${state.active.size}|${state.commits}|${state.aborts}|${state.logWrites}`;
    if (key === state.reported) return;
    state.reported = key;
    out.push({
      kind: 'state',
      state: {
        role: 'coordinator',
        incarnation: state.incarnation,
        running: state.active.size,
        commits: state.commits,
        aborts: state.aborts,
        logWrites: state.logWrites,
        // Restarted without recovery: it cannot decide what an earlier life began (blocked
        // participants waiting on those stay blocked while it runs).
        ...(state.remembersEarlierIncarnations ? {} : { forgotEarlierLives: true }),
      },
    });
    return;
  }
  if (state.reported === '') {
    state.reported = 'bystander';
    out.push({ kind: 'state', state: { role: 'bystander' } });
  }
}
