// Two-phase commit's blocking, read from the trace: a participant that voted yes (prepared) may
// neither commit nor abort on its own, so while no coordinator it can reach is running it holds
// its locks and waits. Those stretches are what "2PC blocks" means; a participant that is
// prepared for a round trip while its coordinator is up is just in the middle of a commit.
// A coordinator that restarted without recovery is running but cannot decide what its earlier
// lives began (it says so: `forgotEarlierLives`): a participant waiting on such a transaction is
// still blocked while it runs.

import { incarnationOfTxn } from '../../protocols/two_phase_commit/types.ts';
import type { Micros } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';

/** What the trace says of a coordinator's current life: which transactions it can decide. */
type CoordinatorLife = { incarnation: number; forgotEarlierLives: boolean };

export type BlockedStretch = { participant: string; from: Micros; to: Micros };

/** Every stretch in which a prepared participant could reach no running coordinator, in time order. */
export function blockedParticipants(trace: ReadonlyArray<TraceEvent>, endUs: Micros): BlockedStretch[] {
  const coordinators = new Map<string, CoordinatorLife>();
  const away = new Set<string>(); // crashed or paused nodes
  let cut = new Set<string>(); // "a\0b": a message from a to b is dropped
  /** Prepared (blocked) participants → the transactions they wait on. */
  const prepared = new Map<string, readonly string[]>();
  const open = new Map<string, Micros>();
  const out: BlockedStretch[] = [];

  const canDecide = (life: CoordinatorLife, txn: string) => !life.forgotEarlierLives || incarnationOfTxn(txn) === life.incarnation;
  // Every transaction the participant waits on has a running coordinator it can reach that can decide it.
  const reachesCoordinator = (participant: string): boolean => {
    const reachable = [...coordinators].filter(
      // A decision needs the participant's vote to reach the coordinator and the outcome to come back.
      ([c]) => !away.has(c) && !cut.has(`${participant}\u0000${c}`) && !cut.has(`${c}\u0000${participant}`),
    );
    if (reachable.length === 0) return false;
    return (prepared.get(participant) ?? []).every((txn) => reachable.some(([, life]) => canDecide(life, txn)));
  };
  const settle = (t: Micros) => {
    for (const p of prepared.keys()) {
      const blocked = !away.has(p) && !reachesCoordinator(p);
      const since = open.get(p);
      if (blocked && since === undefined) open.set(p, t);
      if (!blocked && since !== undefined) {
        open.delete(p);
        if (t > since) out.push({ participant: p, from: since, to: t });
      }
    }
    for (const [p, since] of open) {
      if (prepared.has(p)) continue;
      open.delete(p);
      if (t > since) out.push({ participant: p, from: since, to: t });
    }
  };

  for (const e of trace) {
    switch (e.kind) {
      case 'state': {
        const role = e.state['role'];
        if (role === 'coordinator') {
          const incarnation = e.state['incarnation'];
          coordinators.set(e.node, { incarnation: typeof incarnation === 'number' ? incarnation : 0, forgotEarlierLives: e.state['forgotEarlierLives'] === true });
        } else if (role === 'participant') {
          const txns = e.state['waitingOn'];
          if (e.state['blocked'] === true) prepared.set(e.node, Array.isArray(txns) ? txns.filter((t): t is string => typeof t === 'string') : []);
          else prepared.delete(e.node);
        }
        break;
      }
      case 'crash':
        // What it can decide after a restart, it says in its first state event of the new life.
        coordinators.delete(e.node);
        away.add(e.node);
        break;
      case 'pause':
        away.add(e.node);
        break;
      case 'restart':
      case 'resume':
        away.delete(e.node);
        break;
      case 'partition':
        cut = new Set(e.blocked.map(([a, b]) => `${a}\u0000${b}`));
        break;
      case 'heal':
        cut = new Set();
        break;
      default:
        continue;
    }
    settle(e.t);
  }
  for (const [p, since] of open) if (endUs > since) out.push({ participant: p, from: since, to: endUs });
  return out.sort((a, b) => a.from - b.from || (a.participant < b.participant ? -1 : 1));
}
