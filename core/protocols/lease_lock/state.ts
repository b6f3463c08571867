// The `state` effects of the lease lock. A holder shows itself as `leader` of its token while it
// believes it holds the lock, so the split-brain detector sees two believers at once; the
// service shows who holds the lock and the storage's counts.

import type { Out } from '../../sim/protocol.ts';
import type { LeaseLockMessage, LeaseLockState } from './types.ts';

export function reportState(state: LeaseLockState, out: Out<LeaseLockMessage>): void {
  if (state.kind === 'holder') {
    const key = `${state.holding}|${state.token}`;
    if (key === state.reported) return;
    state.reported = key;
    out.push({ kind: 'state', state: { role: state.holding ? 'leader' : 'follower', term: state.token, leader: state.holding ? state.self : null, holding: state.holding } });
    return;
  }
  if (state.kind === 'service') {
    const key = `${state.holder}|${state.token}|${state.accepted}|${state.rejected}|${state.staleAccepted}`;
    if (key === state.reported) return;
    state.reported = key;
    out.push({
      kind: 'state',
      state: {
        role: 'lock service',
        holder: state.holder,
        token: state.token,
        accepted: state.accepted,
        rejected: state.rejected,
        staleAccepted: state.staleAccepted,
      },
    });
    return;
  }
  if (state.reported === '') {
    state.reported = 'bystander';
    out.push({ kind: 'state', state: { role: 'bystander' } });
  }
}
