// Two-phase commit's blocking, read from the trace: a participant that voted yes (prepared) may
// neither commit nor abort on its own, so while no coordinator it can reach is running it holds
// its locks and waits. Those stretches are what "2PC blocks" means; a participant that is
// prepared for a round trip while its coordinator is up is just in the middle of a commit.

import type { Micros } from '../../types/sim-config.ts';
import type { TraceEvent } from '../../types/trace.ts';

export type BlockedStretch = { participant: string; from: Micros; to: Micros };

/** Every stretch in which a prepared participant could reach no running coordinator, in time order. */
export function blockedParticipants(trace: ReadonlyArray<TraceEvent>, endUs: Micros): BlockedStretch[] {
  const coordinators = new Set<string>();
  const away = new Set<string>(); // crashed or paused nodes
  let cut = new Set<string>(); // "a\0b": a message from a to b is dropped
  const prepared = new Set<string>();
  const open = new Map<string, Micros>();
  const out: BlockedStretch[] = [];

  const reachesCoordinator = (participant: string): boolean => {
    for (const c of coordinators) {
      if (away.has(c)) continue;
      // A decision needs the participant's vote to reach the coordinator and the outcome to come back.
      if (!cut.has(`${participant}\u0000${c}`) && !cut.has(`${c}\u0000${participant}`)) return true;
    }
    return false;
  };
  const settle = (t: Micros) => {
    for (const p of prepared) {
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
        if (role === 'coordinator') coordinators.add(e.node);
        else if (role === 'participant') {
          if (e.state['blocked'] === true) prepared.add(e.node);
          else prepared.delete(e.node);
        }
        break;
      }
      case 'crash':
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
