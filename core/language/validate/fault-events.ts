// A light view of the fault schedule for validation: when each crash, restart, partition, heal,
// pause and message line happens, without compiling link lists (the compiler does that once, for
// one scenario; validation runs for every scenario of a file and only needs to know who is down
// and whether a partition is active).

import type { Fault, FaultTiming, PartitionShape } from '../ast.ts';
import { REST_WORD } from '../fault-targets.ts';

export type FaultEvent = {
  atUs: number;
  /** Set for a time drawn from a range (`at 5s..7s`): its latest; atUs is then its earliest. */
  latestUs?: number;
  type: 'crash' | 'restart' | 'partition' | 'heal' | 'pause' | 'message';
  node?: string;
  shape?: PartitionShape;
  source: Fault;
};

export function faultEvents(faults: readonly Fault[]): FaultEvent[] {
  const events: FaultEvent[] = [];
  for (const fault of faults) {
    const { timing, action } = fault;
    if (timing.kind === 'At') {
      const atUs = earliestStartUs(timing);
      const before = events.length;
      if (action.kind === 'Crash') events.push({ atUs, type: 'crash', node: action.node.name, source: fault });
      else if (action.kind === 'Restart') events.push({ atUs, type: 'restart', node: action.node.name, source: fault });
      else if (action.kind === 'Partition') events.push({ atUs, type: 'partition', shape: action.shape, source: fault });
      else if (action.kind === 'Heal') events.push({ atUs, type: 'heal', source: fault });
      else if (action.kind === 'Pause') events.push({ atUs, type: 'pause', node: action.node.name, source: fault });
      else if (action.kind === 'Message') events.push({ atUs, type: 'message', source: fault });
      if (timing.at.kind === 'DurationRange' && events.length > before) events[before]!.latestUs = timing.at.max.us;
    } else if (timing.kind === 'Window') {
      const from = earliestStartUs(timing);
      const to = timing.to.us;
      if (action.kind === 'Crash') {
        events.push({ atUs: from, type: 'crash', node: action.node.name, source: fault });
        events.push({ atUs: to, type: 'restart', node: action.node.name, source: fault });
      } else if (action.kind === 'Partition') {
        events.push({ atUs: from, type: 'partition', shape: action.shape, source: fault });
        events.push({ atUs: to, type: 'heal', source: fault });
      } else if (action.kind === 'Pause') {
        events.push({ atUs: from, type: 'pause', node: action.node.name, source: fault });
      }
    }
  }
  // Stable: same-time events keep the order they were written in.
  return events.sort((a, b) => a.atUs - b.atUs);
}

/** The earliest moment a fault line can act: its time, the start of its window, or its first draw. */
export function earliestStartUs(timing: FaultTiming): number {
  switch (timing.kind) {
    case 'At':
      return timing.at.kind === 'Duration' ? timing.at.us : timing.at.min.us;
    case 'Window':
      return timing.from.us;
    case 'Every':
      // The simulator draws the first occurrence from this range, and never before 1µs.
      return Math.max(1, timing.every.kind === 'Duration' ? timing.every.us : timing.every.min.us);
  }
}

/** What a partition does to these nodes, worked out from its shape (see partitions.ts). */
export function partitionEffect(
  shape: PartitionShape,
  nodes: readonly string[],
  clients: ReadonlySet<string> = new Set(),
): { separates: boolean; unlisted: string[]; namesRole?: boolean } {
  switch (shape.kind) {
    case 'Groups': {
      const listed = new Set<string>();
      let nonEmpty = 0;
      // `rest` (when no node has that name) takes the unlisted nodes into its group.
      let rest = false;
      for (const group of shape.groups) {
        if (group.length > 0) nonEmpty++;
        for (const node of group) {
          if (node.name === REST_WORD && !nodes.includes(REST_WORD)) rest = true;
          else listed.add(node.name);
        }
      }
      const unlisted = rest ? [] : nodes.filter((n) => !listed.has(n));
      if (unlisted.length > 0) nonEmpty++;
      // A name that is neither a node nor a client is a role (unknown names are reported
      // elsewhere): the unlisted nodes then include whoever holds it, so a message must not list
      // them as its other side.
      const namesRole = [...listed].some((name) => !nodes.includes(name) && !clients.has(name));
      return { separates: nonEmpty >= 2 && (rest || listed.size + unlisted.length >= 2), unlisted, namesRole };
    }
    case 'OneWay':
    case 'BothWays':
      return { separates: shape.from.some((f) => shape.to.some((t) => t.name !== f.name)), unlisted: [] };
    case 'MajoritiesRing': {
      const n = nodes.length;
      const reach = Math.ceil(Math.floor(n / 2) / 2);
      return { separates: Math.floor(n / 2) > reach, unlisted: [] };
    }
    case 'Bridge':
      return { separates: nodes.filter((n) => n !== shape.node.name).length >= 2, unlisted: [] };
  }
}
