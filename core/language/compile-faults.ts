// Faults as the simulator reads them. A window (`from 1s to 4s crash n1`) becomes two actions
// (crash, then restart), so both the timeline checks in validate/ and the compiler see one flat,
// time-ordered list. Each entry keeps the syntax node it came from, for diagnostics.

import type { Duration, Fault, FaultAction as AstAction, Identifier, Percent, RandomFault } from './ast.ts';
import type { FaultAction, Micros, PartitionMember, RandomFaultSpec, RoleTarget, ScheduledFault } from '../types/sim-config.ts';
import { compilePartition, type CompiledPartition } from './partitions.ts';
import { directedPairs } from './link-pairs.ts';
import { REST_WORD, roleOf, roleTarget } from './fault-targets.ts';

export type TimelineEntry = {
  scheduled: ScheduledFault;
  source: Fault;
  /** For partitions: the compiled cut, with the nodes left out of a symmetric partition. */
  partition?: CompiledPartition;
};

const lineOf = (fault: Fault): number => fault.range.start.line + 1;

/**
 * Turns a role word into the role it names (`crash leader`), or undefined for a node. A declared
 * node always wins; the validator has already rejected role words where they cannot stand.
 */
type RoleLookup = (name: string) => RoleTarget | undefined;

export function expandFaults(
  faults: readonly Fault[],
  nodes: readonly string[],
  protocol?: string,
): { timeline: TimelineEntry[]; random: RandomFaultSpec[] } {
  const timeline: TimelineEntry[] = [];
  const random: RandomFaultSpec[] = [];
  const isNode = (name: string) => nodes.includes(name);
  const roleNamed: RoleLookup = (name) => {
    const role = roleOf(name, protocol, isNode);
    return role === undefined ? undefined : roleTarget(role);
  };
  for (const fault of faults) {
    const timing = fault.timing;
    const action = fault.action;
    if (action.kind === 'Random') {
      if (timing.kind === 'Every') random.push(compileRandom(action, timing.every, lineOf(fault), roleNamed));
      continue;
    }
    if (timing.kind === 'At') {
      const atUs = timing.at.kind === 'Duration' ? timing.at.us : timing.at.min.us;
      const atMaxUs = timing.at.kind === 'DurationRange' ? timing.at.max.us : undefined;
      const role = roleAction(action, roleNamed, nodes, null);
      for (const entry of role !== undefined ? [{ action: role }] : momentActions(action, nodes, null)) {
        const scheduled = { ...entry.action, atUs, line: lineOf(fault) } as ScheduledFault;
        if (atMaxUs !== undefined) scheduled.atMaxUs = atMaxUs;
        timeline.push(withPartition({ scheduled, source: fault }, entry.partition));
      }
    } else if (timing.kind === 'Window') {
      const role = roleAction(action, roleNamed, nodes, timing.to.us - timing.from.us);
      if (role === undefined) {
        for (const entry of windowActions(action, nodes, fault, timing.from.us, timing.to.us)) timeline.push(entry);
      } else {
        const line = lineOf(fault);
        timeline.push({ scheduled: { ...role, atUs: timing.from.us, line } as ScheduledFault, source: fault });
        // The partition is healed like any other; a crash, pause or jump undoes itself on the node it hit.
        if (role.type === 'role-partition') timeline.push({ scheduled: { type: 'heal', atUs: timing.to.us, line }, source: fault });
      }
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
    case 'Message': {
      const message: Extract<FaultAction, { type: 'message' }> = { type: 'message', effect: action.effect, messageType: action.messageType.name, from: action.from.name, to: action.to.name };
      if (action.delay !== undefined) message.delayUs = action.delay.us;
      if (action.sentAt !== undefined) message.sentAtUs = action.sentAt.us;
      return [{ action: message }];
    }
    case 'Random':
      return [];
  }
}

/**
 * The action of a fault that names a role, or undefined when it names only nodes. `windowUs`: the
 * window's length (`from 2s to 4s crash leader` restarts that node 2s later), null for a moment.
 */
function roleAction(action: AstAction, roleNamed: RoleLookup, nodes: readonly string[], windowUs: Micros | null): FaultAction | undefined {
  switch (action.kind) {
    case 'Crash': {
      const target = roleNamed(action.node.name);
      if (target === undefined) return undefined;
      return windowUs === null ? { type: 'role-crash', target } : { type: 'role-crash', target, restartAfterUs: windowUs };
    }
    case 'Pause': {
      const target = roleNamed(action.node.name);
      return target && { type: 'role-pause', target, durationUs: windowUs ?? action.duration?.us ?? 0 };
    }
    case 'Skew': {
      const target = roleNamed(action.node.name);
      if (target === undefined) return undefined;
      const jump: FaultAction = { type: 'role-clock-jump', target, deltaUs: action.delta.us };
      if (windowUs !== null) jump.jumpBackAfterUs = windowUs;
      return jump;
    }
    case 'Partition': {
      const shape = action.shape;
      if (shape.kind !== 'Groups' && shape.kind !== 'OneWay' && shape.kind !== 'BothWays') return undefined;
      const written = shape.kind === 'Groups' ? shape.groups : [shape.from, shape.to];
      if (!written.some((group) => group.some((name) => roleNamed(name.name) !== undefined))) return undefined;
      const member = (name: string): PartitionMember => {
        const target = roleNamed(name);
        if (target !== undefined) return { role: target };
        return name === REST_WORD && !nodes.includes(REST_WORD) ? { rest: true } : { node: name };
      };
      const groups = written.map((group) => group.map((name) => member(name.name)));
      const separator = shape.kind === 'Groups' ? ' | ' : shape.kind === 'BothWays' ? ' <-> ' : ' -> ';
      const label = written.map((group) => group.map((name) => name.name).join(', ')).join(separator);
      if (shape.kind === 'BothWays') return { type: 'role-partition', groups, oneWay: false, bothWays: true, label };
      return { type: 'role-partition', groups, oneWay: shape.kind === 'OneWay', label };
    }
    default:
      return undefined;
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

function compileRandom(action: RandomFault, every: Duration | { min: Duration; max: Duration; kind: 'DurationRange' }, line: number, roleNamed: RoleLookup): RandomFaultSpec {
  const span = (value: typeof every | undefined) =>
    value === undefined ? { min: 0, max: 0 } : value.kind === 'Duration' ? { min: value.us, max: value.us } : { min: value.min.us, max: value.max.us };
  const kind = action.what === 'skew' ? 'clock-jump' : action.what;
  let magnitude = 0;
  if (action.magnitude !== undefined) magnitude = action.magnitude.kind === 'Percent' ? action.magnitude.percent / 100 : action.magnitude.us;
  // `on leader, n3`: the roles are resolved at each occurrence, the nodes are fixed.
  const nodes: string[] = [];
  const roles: RoleTarget[] = [];
  for (const name of action.nodes) {
    const target = roleNamed(name.name);
    if (target === undefined) nodes.push(name.name);
    else roles.push(target);
  }
  const spec: RandomFaultSpec = { kind, everyUs: span(every), durationUs: span(action.duration), nodes, magnitude, line };
  if (roles.length > 0) spec.roles = roles;
  return spec;
}
