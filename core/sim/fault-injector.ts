// Faults are data (ARCHITECTURE.md): the scenario's scheduled faults and random-fault lines become
// events in the engine's queue, and this file turns each into what it does — node faults go to the
// engine (which owns node state), partitions and link windows to the network. Partition and heal
// events in the trace always state the whole current cut, so a reader never has to replay them.

import type { FaultAction, Micros, PartitionSpec, RoleTarget, ScheduledFault, SimConfig } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';
import type { MessageFaultAction } from './message-faults.ts';
import type { Network } from './network.ts';
import { streamFor, type Rng } from './prng.ts';
import { drawRandomFault } from './random-faults.ts';
import { resolveRolePartition } from './role-partition.ts';
import type { ClientPlacement } from './client-placement.ts';
import type { Timeline } from './timeline.ts';
import type { TraceLog } from './trace-log.ts';

/** A fault event in the engine's queue. */
export type FaultEvent =
  | { kind: 'scheduled'; fault: ScheduledFault }
  | { kind: 'random'; spec: number }
  | { kind: 'resume'; node: number; generation: number }
  | { kind: 'restart-after'; node: number; crashGeneration: number }
  | { kind: 'end-partition'; id: number }
  | { kind: 'end-window'; id: number }
  | { kind: 'jump-back'; node: number; deltaUs: Micros }
  /** A message a drop line took (message-faults.ts), at the time it would have arrived. */
  | { kind: 'message-lost'; record: number; line: number | undefined; reason: string }
  /** Where a message stood before a delay or deliver line moved it: nothing happens. */
  | { kind: 'message-moved' };

/** What the injector needs from the engine. Node indexes are positions in `nodes`. */
export interface FaultHost {
  readonly now: Micros;
  readonly nodes: readonly string[];
  readonly trace: TraceLog;
  readonly timeline: Timeline;
  /** The node's index, or -1 when the name is not a node. */
  nodeIndex(name: string): number;
  /** Endpoints a name stands for in links: a node, a client instance, or a whole client group. */
  endpointsOf(name: string): readonly number[];
  isUp(node: number): boolean;
  isPaused(node: number): boolean;
  crashGeneration(node: number): number;
  /** The node holding a role now (see Engine.roleHolder), or -1 when none does. */
  roleHolder(stateRole: string): number;
  /**
   * Each returns false (and notes why) when it does not apply: crashing a node that is down...
   * `role`: the role the fault line named, recorded in the trace beside the node it resolved to.
   */
  crashNode(node: number, line: number | undefined, role?: string): boolean;
  restartNode(node: number, line: number | undefined): void;
  pauseNode(node: number, durationUs: Micros, line: number | undefined, role?: string): boolean;
  resumeNode(node: number, generation: number): void;
  jumpClock(node: number, deltaUs: Micros, line: number | undefined, role?: string): void;
  scheduleFault(atUs: Micros, event: FaultEvent): void;
  /** A message fault line fires (message-faults.ts). */
  messageFault(action: MessageFaultAction, line: number | undefined): void;
  /** The message a drop line took does not arrive; `reason` is traced with the drop. */
  loseMessage(record: number, line: number | undefined, reason: string): void;
  note(text: string, node?: string, line?: number): void;
}

export class FaultInjector {
  private readonly faultRng: Rng;
  private readonly randomRngs: Rng[];
  /** Active partitions by network id, as declared (for the trace). */
  private readonly partitions = new Map<number, { label: string; blocked: Array<[string, string]>; declared: string | undefined }>();

  constructor(
    private readonly config: SimConfig,
    private readonly host: FaultHost,
    private readonly network: Network,
    private readonly placement?: ClientPlacement,
  ) {
    this.faultRng = streamFor(config.seed, 'faults');
    this.randomRngs = config.randomFaults.map((_, index) => streamFor(config.seed, `faults:random:${index}`));
  }

  /** Queues every scheduled fault and the first occurrence of every random-fault line. */
  start(): void {
    for (const fault of this.config.faults) {
      // `at 2s..4s crash n1`: the time is drawn per seed, from the faults stream in file order.
      const at = fault.atMaxUs !== undefined ? this.faultRng.int(fault.atUs, fault.atMaxUs) : fault.atUs;
      this.host.scheduleFault(at, { kind: 'scheduled', fault });
    }
    this.config.randomFaults.forEach((spec, index) => {
      // At least 1µs apart: `every 0s` must not pile infinitely many faults on one instant.
      const first = Math.max(1, this.randomRngs[index]!.int(spec.everyUs.min, spec.everyUs.max));
      this.host.scheduleFault(first, { kind: 'random', spec: index });
    });
  }

  apply(event: FaultEvent): void {
    const host = this.host;
    switch (event.kind) {
      case 'scheduled':
        this.applyAction(event.fault, event.fault.line);
        return;
      case 'random':
        this.applyRandom(event.spec);
        return;
      case 'resume':
        host.resumeNode(event.node, event.generation);
        return;
      case 'restart-after':
        // Only undo the crash this event belongs to (a scheduled restart may have come first).
        if (!host.isUp(event.node) && host.crashGeneration(event.node) === event.crashGeneration) host.restartNode(event.node, undefined);
        return;
      case 'end-partition':
        if (this.network.removePartition(event.id)) {
          this.partitions.delete(event.id);
          this.traceCut(undefined);
        }
        return;
      case 'end-window':
        this.network.removeWindow(event.id);
        return;
      case 'jump-back':
        host.jumpClock(event.node, event.deltaUs, undefined);
        return;
      case 'message-lost':
        host.loseMessage(event.record, event.line, event.reason);
        return;
      case 'message-moved':
        return;
    }
  }

  private applyAction(action: FaultAction, line: number | undefined): void {
    const host = this.host;
    switch (action.type) {
      case 'crash':
      case 'restart':
      case 'pause':
      case 'clock-jump': {
        const node = host.nodeIndex(action.node);
        if (node < 0) {
          host.note(`${action.type} of unknown node '${action.node}' ignored`);
          return;
        }
        if (action.type === 'crash') host.crashNode(node, line);
        else if (action.type === 'restart') host.restartNode(node, line);
        else if (action.type === 'pause') host.pauseNode(node, action.durationUs, line);
        else host.jumpClock(node, action.deltaUs, line);
        return;
      }
      case 'role-crash': {
        const node = this.holderOf(action.target, 'crash', line);
        if (node < 0 || !host.crashNode(node, line, action.target.role)) return;
        if (action.restartAfterUs !== undefined) {
          host.scheduleFault(host.now + action.restartAfterUs, { kind: 'restart-after', node, crashGeneration: host.crashGeneration(node) });
        }
        return;
      }
      case 'role-pause': {
        const node = this.holderOf(action.target, 'pause', line);
        if (node >= 0) host.pauseNode(node, action.durationUs, line, action.target.role);
        return;
      }
      case 'role-clock-jump': {
        const node = this.holderOf(action.target, 'skew', line);
        if (node < 0) return;
        host.jumpClock(node, action.deltaUs, line, action.target.role);
        if (action.jumpBackAfterUs !== undefined) host.scheduleFault(host.now + action.jumpBackAfterUs, { kind: 'jump-back', node, deltaUs: -action.deltaUs });
        return;
      }
      case 'role-partition': {
        const spec = resolveRolePartition(action, host.nodes, (target) => host.roleHolder(target.stateRole));
        if (typeof spec === 'string') {
          host.note(`partition ${action.label}: ${spec}, so nothing was cut`, undefined, line);
          return;
        }
        this.partition(spec, line, action.label);
        return;
      }
      case 'partition':
        this.partition(action.partition, line);
        return;
      case 'heal':
        this.network.healAll();
        this.partitions.clear();
        this.traceCut(line);
        return;
      case 'message':
        host.messageFault(action, line);
        return;
      case 'link-window': {
        const id = this.network.addWindow(this.resolveLinks(action.links), action.untilUs, action.drop ?? 0, action.extraLatencyUs ?? 0, action.duplicate ?? 0);
        host.scheduleFault(Math.max(host.now, action.untilUs), { kind: 'end-window', id });
        host.timeline.push({ kind: 'link-window', t: host.now });
        if (host.trace.on) {
          const event: TraceEvent = { kind: 'link-window', t: host.now, untilUs: action.untilUs, links: action.links.map(([a, b]) => [a, b]) };
          if (line !== undefined) event.line = line;
          host.trace.add(event);
        }
        return;
      }
    }
  }

  private resolveLinks(pairs: ReadonlyArray<readonly [string, string]>): Array<[number, number]> {
    const links: Array<[number, number]> = [];
    for (const [from, to] of pairs) {
      for (const a of this.host.endpointsOf(from)) for (const b of this.host.endpointsOf(to)) links.push([a, b]);
    }
    // Clients placed beside a node lose (or suffer on) the links their node does.
    this.placement?.addClientLinks(links);
    return links;
  }

  /**
   * The node holding the role a fault names, or -1 — then the fault does nothing and the trace
   * says so (`crash leader at 2s: no node is leader`).
   */
  private holderOf(target: RoleTarget, what: string, line: number | undefined): number {
    const node = this.host.roleHolder(target.stateRole);
    if (node < 0) this.host.note(`${what} ${target.role}: no node is ${target.role} now, so nothing happened`, undefined, line);
    return node;
  }

  /** `declared`: the partition as written, when it named a role (the trace shows both). */
  private partition(spec: PartitionSpec, line: number | undefined, declared?: string): number {
    const id = this.network.addPartition(this.resolveLinks(spec.blocked));
    this.partitions.set(id, { label: spec.label, blocked: spec.blocked.map(([a, b]) => [a, b]), declared });
    this.traceCut(line);
    return id;
  }

  /** Records the whole current cut after a change: a `partition` event, or `heal` when none is left. */
  private traceCut(line: number | undefined): void {
    const { trace, timeline, now } = this.host;
    if (this.partitions.size === 0) {
      timeline.push({ kind: 'heal', t: now });
      if (trace.on) trace.add(line === undefined ? { kind: 'heal', t: now } : { kind: 'heal', t: now, line });
      return;
    }
    const blocked: Array<[string, string]> = [];
    const labels: string[] = [];
    const declared: string[] = [];
    for (const { label, blocked: pairs, declared: written } of this.partitions.values()) {
      labels.push(label);
      declared.push(written ?? label);
      // A loop, not push(...pairs): a cut among 1,000 nodes blocks up to a million pairs,
      // more than a call takes arguments.
      for (const pair of pairs) blocked.push(pair);
    }
    timeline.push({ kind: 'partition', t: now, blocked });
    if (!trace.on) return;
    const event: TraceEvent = { kind: 'partition', t: now, blocked, label: labels.join(' + ') };
    if (line !== undefined) event.line = line;
    // Only when some active partition named a role: traces of other runs keep their shape.
    const written = declared.join(' + ');
    if (written !== event.label) event.declared = written;
    trace.add(event);
  }

  /** `on leader, n3`: the named nodes and whoever holds each role now (a role nobody holds adds no one). */
  private randomCandidates(nodes: readonly string[], roles: readonly RoleTarget[]): string[] {
    const host = this.host;
    const picked = new Set(nodes.filter((name) => host.nodeIndex(name) >= 0));
    for (const target of roles) {
      const holder = host.roleHolder(target.stateRole);
      if (holder >= 0) picked.add(host.nodes[holder]!);
    }
    // In declaration order, so a draw depends on who the candidates are, not on how they were named.
    return host.nodes.filter((name) => picked.has(name));
  }

  private applyRandom(specIndex: number): void {
    const host = this.host;
    const spec = this.config.randomFaults[specIndex]!;
    const rng = this.randomRngs[specIndex]!;
    const candidates = spec.roles === undefined ? (spec.nodes.length === 0 ? host.nodes : spec.nodes.filter((name) => host.nodeIndex(name) >= 0)) : this.randomCandidates(spec.nodes, spec.roles);
    const plan = drawRandomFault(spec, candidates, host.nodes, rng, (name) => {
      const node = host.nodeIndex(name);
      return { up: host.isUp(node), paused: host.isPaused(node) };
    });
    const next = host.now + Math.max(1, rng.int(spec.everyUs.min, spec.everyUs.max));
    if (next <= this.config.runForUs) host.scheduleFault(next, { kind: 'random', spec: specIndex });
    if (plan === null) return;
    const until = host.now + plan.durationUs;
    const line = spec.line;
    switch (plan.kind) {
      case 'crash': {
        const node = host.nodeIndex(plan.node);
        if (host.crashNode(node, line)) host.scheduleFault(until, { kind: 'restart-after', node, crashGeneration: host.crashGeneration(node) });
        return;
      }
      case 'pause':
        host.pauseNode(host.nodeIndex(plan.node), plan.durationUs, line);
        return;
      case 'clock-jump': {
        const node = host.nodeIndex(plan.node);
        host.jumpClock(node, plan.deltaUs, line);
        host.scheduleFault(until, { kind: 'jump-back', node, deltaUs: -plan.deltaUs });
        return;
      }
      case 'partition': {
        const id = this.partition(plan.partition, line);
        host.scheduleFault(until, { kind: 'end-partition', id });
        return;
      }
      case 'drop':
        this.applyAction({ type: 'link-window', links: plan.links, untilUs: until, drop: plan.drop }, line);
        return;
    }
  }
}
