// Faults as the simulator reads them. A window (`from 1s to 4s crash n1`) becomes two actions
// (crash, then restart), so both the timeline checks in validate/ and the compiler see one flat,
// time-ordered list. Each entry keeps the syntax node it came from, for diagnostics.

import type { Duration, Fault, FaultAction as AstAction, Identifier, Percent, RandomFault } from './ast.ts';
import type { FaultAction, Micros, RandomFaultSpec, ScheduledFault } from '../types/sim-config.ts';
import { compilePartition, type CompiledPartition } from './partitions.ts';
import { directedPairs } from './link-pairs.ts';

export type TimelineEntry = {
  scheduled: ScheduledFault;
  source: Fault;
  /** For partitions: the compiled cut, with the nodes left out of a symmetric partition. */
  partition?: CompiledPartition;
};

const lineOf = (fault: Fault): number => fault.range.start.line + 1;

export function expandFaults(faults: readonly Fault[], nodes: readonly string[]): { timeline: TimelineEntry[]; random: RandomFaultSpec[] } {
  const timeline: TimelineEntry[] = [];
  const random: RandomFaultSpec[] = [];
  for (const fault of faults) {
    const timing = fault.timing;
    const action = fault.action;
    if (action.kind === 'Random') {
      if (timing.kind === 'Every') random.push(compileRandom(action, timing.every, lineOf(fault)));
      continue;
    }
    if (timing.kind === 'At') {
      const atUs = timing.at.kind === 'Duration' ? timing.at.us : timing.at.min.us;
      const atMaxUs = timing.at.kind === 'DurationRange' ? timing.at.max.us : undefined;
      for (const entry of momentActions(action, nodes, null)) {
        const scheduled = { ...entry.action, atUs, line: lineOf(fault) } as ScheduledFault;
        if (atMaxUs !== undefined) scheduled.atMaxUs = atMaxUs;
        timeline.push(withPartition({ scheduled, source: fault }, entry.partition));
      }
    } else if (timing.kind === 'Window') {
      for (const entry of windowActions(action, nodes, fault, timing.from.us, timing.to.us)) timeline.push(entry);
    }
  }
  // Stable sort: same-time faults keep the order they were written in.
  timeline.sort((a, b) => a.scheduled.atUs - b.scheduled.atUs);
  return { timeline, random };
}

function withPartition(entry: TimelineEntry, partition: CompiledPartition | undefined): TimelineEntry {
  if (partition !== undefined) entry.partition = partition;
  return entry;
}

type MomentAction = { action: FaultAction; partition?: CompiledPartition };

/** The action(s) of an `at` fault; `untilUs` is set for link windows. */
function momentActions(action: AstAction, nodes: readonly string[], untilUs: Micros | null): MomentAction[] {
  switch (action.kind) {
    case 'Crash':
      return [{ action: { type: 'crash', node: action.node.name } }];
    case 'Restart':
      return [{ action: { type: 'restart', node: action.node.name } }];
    case 'Pause':
      return [{ action: { type: 'pause', node: action.node.name, durationUs: action.duration?.us ?? 0 } }];
    case 'Partition': {
      const partition = compilePartition(action.shape, nodes);
      return [{ action: { type: 'partition', partition: { blocked: partition.blocked, label: partition.label } }, partition }];
    }
    case 'Heal':
      return [{ action: { type: 'heal' } }];
    case 'Skew':
      return [{ action: { type: 'clock-jump', node: action.node.name, deltaUs: action.delta.us } }];
    case 'LinkFault': {
      const links = linkPairs(action.from, action.to, action.bidirectional, nodes);
      const window: Extract<FaultAction, { type: 'link-window' }> = { type: 'link-window', links, untilUs: untilUs ?? 0 };
      if (action.effect === 'drop') window.drop = (action.amount as Percent).percent / 100;
      else if (action.effect === 'duplicate') window.duplicate = (action.amount as Percent).percent / 100;
      else window.extraLatencyUs = (action.amount as Duration).us;
      return [{ action: window }];
    }
    case 'Random':
      return [];
  }
}

/** `from A to B X`: X at A, undone at B. */
function windowActions(action: AstAction, nodes: readonly string[], fault: Fault, fromUs: Micros, toUs: Micros): TimelineEntry[] {
  const line = lineOf(fault);
  const at = (a: FaultAction, atUs: Micros, partition?: CompiledPartition): TimelineEntry =>
    withPartition({ scheduled: { ...a, atUs, line } as ScheduledFault, source: fault }, partition);
  switch (action.kind) {
    case 'Crash':
      return [at({ type: 'crash', node: action.node.name }, fromUs), at({ type: 'restart', node: action.node.name }, toUs)];
    case 'Pause':
      return [at({ type: 'pause', node: action.node.name, durationUs: toUs - fromUs }, fromUs)];
    case 'Partition': {
      const [first] = momentActions(action, nodes, null);
      return [at(first!.action, fromUs, first!.partition), at({ type: 'heal' }, toUs)];
    }
    case 'Skew':
      return [
        at({ type: 'clock-jump', node: action.node.name, deltaUs: action.delta.us }, fromUs),
        at({ type: 'clock-jump', node: action.node.name, deltaUs: -action.delta.us }, toUs),
      ];
    case 'LinkFault':
      return momentActions(action, nodes, toUs).map((m) => at(m.action, fromUs));
    default:
      return []; // restart and heal in a window are rejected by the builder.
  }
}

/** Directed pairs; no names at all means every link in the cluster. */
export function linkPairs(from: readonly Identifier[], to: readonly Identifier[], bidirectional: boolean, nodes: readonly string[]): Array<[string, string]> {
  const sources = from.length > 0 ? from.map((n) => n.name) : nodes;
  const targets = to.length > 0 ? to.map((n) => n.name) : nodes;
  return directedPairs(sources, targets, bidirectional);
}

function compileRandom(action: RandomFault, every: Duration | { min: Duration; max: Duration; kind: 'DurationRange' }, line: number): RandomFaultSpec {
  const span = (value: typeof every | undefined) =>
    value === undefined ? { min: 0, max: 0 } : value.kind === 'Duration' ? { min: value.us, max: value.us } : { min: value.min.us, max: value.max.us };
  const kind = action.what === 'skew' ? 'clock-jump' : action.what;
  let magnitude = 0;
  if (action.magnitude !== undefined) magnitude = action.magnitude.kind === 'Percent' ? action.magnitude.percent / 100 : action.magnitude.us;
  return { kind, everyUs: span(every), durationUs: span(action.duration), nodes: action.nodes.map((n) => n.name), magnitude, line };
}
