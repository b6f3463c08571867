// The scenario generator of the theorem sweeps: fast-check arbitraries that draw a whole scenario
// (protocol and options, nodes, network, clocks, clients, faults), printed as .fault text by the
// language's own printer and compiled back like any user's file. A generated scenario is
// therefore always one a person could have written, and a failure is reported as that text.
//
// Sizes are chosen so a CI slice of thousands of scenario-seeds stays within minutes: most runs
// last 1–4 simulated seconds with a handful of clients; about one in twenty-five is long (20–40 s
// of a fast writer on Raft), long enough for every node to snapshot (core/protocols/raft/apply.ts
// snapshots every 1024 applied entries) and for restarts to rebuild from a snapshot.

import fc from 'fast-check';
import type { PartitionShape } from '../language/ast.ts';
import { roleTarget, rolesOf } from '../language/fault-targets.ts';
import { compilePartition } from '../language/partitions.ts';
import { messageTypesOf } from '../protocols/message-types.ts';
import type { Range } from '../language/range.ts';
import type {
  ClientConfig,
  ClockConfig,
  LinkProperties,
  MessageEffect,
  Micros,
  Operation,
  OptionValue,
  ProtocolName,
  RandomFaultSpec,
  ReadRouting,
  RoleTarget,
  ScheduledFault,
  SimConfig,
} from '../types/sim-config.ts';

const MS = 1_000;
const S = 1_000_000;

/** What a generated scenario is made of before it becomes text: a SimConfig without expectations. */
export type GeneratedScenario = Omit<SimConfig, 'expectations'>;

type ProtocolPlan = { name: ProtocolName; nodes: string[]; options: Record<string, OptionValue>; operations: OperationChoice[]; reads: ReadRouting[] };
/** An operation a client of this protocol may issue, with the keys it may name. */
type OperationChoice = { op: Operation; keys: string[][] };

const nodeNames = (count: number, prefix = 'n') => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
const ms = (...values: number[]) => fc.constantFrom(...values.map((v) => v * MS));
const range = (min: Micros, max: Micros) => ({ min, max });

const REGISTER_KEYS = [['x'], ['y'], ['x', 'y']];

function raftPlan(): fc.Arbitrary<ProtocolPlan> {
  return fc
    .record({
      nodes: fc.integer({ min: 1, max: 7 }),
      election: fc.constantFrom(range(150 * MS, 300 * MS), range(100 * MS, 200 * MS), range(300 * MS, 600 * MS)),
      heartbeat: ms(20, 50),
      preVote: fc.boolean(),
      checkQuorum: fc.boolean(),
      readMode: fc.constantFrom('log', 'read_index', 'lease', 'local'),
      batch: fc.constantFrom(1, 4, 64),
      counters: fc.constantFrom(false, false, false, true),
    })
    .map((p) => ({
      name: 'raft' as const,
      nodes: nodeNames(p.nodes),
      options: {
        'election timeout': p.election,
        'heartbeat every': p.heartbeat,
        'pre vote': p.preVote,
        'check quorum': p.checkQuorum,
        'read mode': p.readMode,
        'max entries per append': p.batch,
      },
      operations: [
        { op: 'write', keys: REGISTER_KEYS },
        { op: 'read', keys: REGISTER_KEYS },
        { op: 'cas', keys: [['x']] },
        ...(p.counters ? [{ op: 'increment' as const, keys: [['c']] }, { op: 'append' as const, keys: [['l']] }] : []),
      ],
      reads: ['leader', 'any', 'follower'],
    }));
}

function primaryBackupPlan(): fc.Arbitrary<ProtocolPlan> {
  return fc
    .record({
      nodes: fc.integer({ min: 2, max: 5 }),
      replication: fc.constantFrom('sync', 'semi_sync', 'async'),
      failover: fc.constantFrom('manual', 'automatic'),
      detection: ms(300, 1000),
      heartbeat: ms(50, 100),
      readsFrom: fc.constantFrom('primary', 'replicas', 'any'),
      ryw: fc.constantFrom('none', 'position', 'sticky'),
      monotonic: fc.boolean(),
    })
    .map((p) => ({
      name: 'primary_backup' as const,
      nodes: nodeNames(p.nodes),
      options: {
        replication: p.replication,
        failover: p.failover,
        'failure detection timeout': p.detection,
        'heartbeat every': p.heartbeat,
        'reads from': p.readsFrom,
        'read your writes': p.ryw,
        'monotonic reads': p.monotonic,
      },
      operations: [
        { op: 'write', keys: REGISTER_KEYS },
        { op: 'read', keys: REGISTER_KEYS },
      ],
      reads: ['primary', 'replicas', 'any'],
    }));
}

function leaderlessPlan(): fc.Arbitrary<ProtocolPlan> {
  return fc
    .integer({ min: 1, max: 7 })
    .chain((nodes) =>
      fc.integer({ min: 1, max: Math.min(nodes, 5) }).chain((n) =>
        fc.record({
          nodes: fc.constant(nodes),
          n: fc.constant(n),
          r: fc.integer({ min: 1, max: n }),
          w: fc.integer({ min: 1, max: n }),
          sloppy: fc.boolean(),
          hinted: fc.boolean(),
          resolution: fc.constantFrom('lww', 'siblings', 'crdt'),
          repair: fc.boolean(),
        }),
      ),
    )
    .map((p) => ({
      name: 'leaderless' as const,
      nodes: nodeNames(p.nodes),
      options: { n: p.n, r: p.r, w: p.w, 'sloppy quorum': p.sloppy, 'hinted handoff': p.hinted, 'conflict resolution': p.resolution, 'read repair': p.repair },
      // A CRDT store takes increments; registers (lww, siblings) take writes.
      operations: p.resolution === 'crdt' ? [{ op: 'increment', keys: [['c']] }, { op: 'read', keys: [['c']] }] : [{ op: 'write', keys: REGISTER_KEYS }, { op: 'read', keys: REGISTER_KEYS }],
      reads: ['any', 'replicas'],
    }));
}

function twoPhaseCommitPlan(): fc.Arbitrary<ProtocolPlan> {
  return fc
    .record({ participants: fc.integer({ min: 1, max: 4 }), recovery: fc.boolean(), prepareTimeout: ms(300, 1000), presumedAbort: fc.boolean() })
    .map((p) => {
      const participants = nodeNames(p.participants, 'p');
      return {
        name: 'two_phase_commit' as const,
        nodes: ['coord', ...participants],
        options: { coordinator: ['coord'], participants, 'coordinator recovery': p.recovery, 'prepare timeout': p.prepareTimeout, 'presumed abort': p.presumedAbort },
        operations: [
          { op: 'transfer', keys: [['a', 'b'], ['a', 'b', 'c']] },
          { op: 'read', keys: [['a'], ['b']] },
        ],
        reads: ['any'],
      };
    });
}

const SAGA_STEPS = [
  ['create', 'cancel'],
  ['reserve', 'release'],
  ['charge', 'refund'],
  ['ship', 'return'],
  ['notify', 'retract'],
] as const;

function sagaPlan(): fc.Arbitrary<ProtocolPlan> {
  return fc
    .integer({ min: 2, max: 5 })
    .chain((services) => fc.record({ services: fc.constant(services), mode: fc.constantFrom('orchestrated', 'choreographed'), fail: fc.integer({ min: -1, max: services - 1 }), timeout: ms(300, 1000) }))
    .map((p) => {
      const nodes = nodeNames(p.services, 's');
      const steps = nodes.map((node, i) => `${SAGA_STEPS[i]![0]} on ${node} compensate ${SAGA_STEPS[i]![1]}`);
      const options: Record<string, OptionValue> = { mode: p.mode, step: steps, 'step timeout': p.timeout };
      if (p.fail >= 0) options['fail step'] = SAGA_STEPS[p.fail]![0];
      return {
        name: 'saga' as const,
        nodes,
        options,
        operations: [
          { op: 'request', keys: [[]] },
          { op: 'read', keys: [[SAGA_STEPS[0]![0]], [SAGA_STEPS[1]![0]]] },
        ],
        reads: ['any'],
      };
    });
}

function leaseLockPlan(): fc.Arbitrary<ProtocolPlan> {
  return fc
    .record({ holders: fc.integer({ min: 1, max: 3 }), ttl: ms(500, 1000, 2000), fencing: fc.boolean(), storageChecks: fc.boolean() })
    .map((p) => ({
      name: 'lease_lock' as const,
      nodes: nodeNames(p.holders + 1),
      options: { ttl: p.ttl, 'keep alive every': p.ttl / 4, 'fencing tokens': p.fencing, 'storage checks tokens': p.storageChecks },
      operations: [
        { op: 'write', keys: [['x']] },
        { op: 'read', keys: [['x']] },
      ],
      reads: ['any'],
    }));
}

function servicePlan(): fc.Arbitrary<ProtocolPlan> {
  return fc
    .integer({ min: 3, max: 7 })
    .chain((nodes) =>
      fc.record({
        nodes: fc.constant(nodes),
        instances: fc.integer({ min: 1, max: nodes - 2 }),
        capacity: fc.constantFrom(20, 100),
        queue: fc.constantFrom(5, 100),
        timeout: ms(200, 1000),
        cache: fc.boolean(),
        health: fc.constantFrom('none', 'shallow', 'deep'),
      }),
    )
    .map((p) => ({
      name: 'service' as const,
      nodes: nodeNames(p.nodes),
      options: { instances: p.instances, capacity: p.capacity, 'queue limit': p.queue, 'request timeout': p.timeout, cache: p.cache, 'health check': p.health },
      operations: [
        { op: 'request', keys: [[]] },
        { op: 'read', keys: [['hot']] },
      ],
      reads: ['any'],
    }));
}

const PROTOCOL_PLANS: Record<ProtocolName, () => fc.Arbitrary<ProtocolPlan>> = {
  raft: raftPlan,
  primary_backup: primaryBackupPlan,
  leaderless: leaderlessPlan,
  two_phase_commit: twoPhaseCommitPlan,
  saga: sagaPlan,
  lease_lock: leaseLockPlan,
  service: servicePlan,
};

function networkArbitrary(): fc.Arbitrary<LinkProperties> {
  return fc.record({
    latency: fc.constantFrom<LinkProperties['latency']>(
      { kind: 'uniform', minUs: 1 * MS, maxUs: 5 * MS },
      { kind: 'uniform', minUs: 2 * MS, maxUs: 10 * MS },
      { kind: 'fixed', us: 5 * MS },
      { kind: 'exponential', meanUs: 5 * MS },
    ),
    drop: fc.constantFrom(0, 0, 0.01, 0.05),
    duplicate: fc.constantFrom(0, 0, 0.01, 0.05),
    reorder: fc.constantFrom(0, 0, 0.05),
    bandwidthBytesPerSec: fc.constant(0),
  });
}

function clocksArbitrary(nodes: readonly string[]): fc.Arbitrary<ClockConfig[]> {
  return fc.subarray([...nodes], { maxLength: Math.min(2, nodes.length) }).chain((skewed) =>
    fc.tuple(...skewed.map(() => fc.record({ skewUs: ms(-200, -20, 20, 200), driftPpm: fc.constantFrom(0, 100, -100, 1000) }))).map((clocks) =>
      clocks.map((clock, i) => ({ node: skewed[i]!, skewUs: clock.skewUs, driftPpm: clock.driftPpm, line: 0 })),
    ),
  );
}

function clientArbitrary(plan: ProtocolPlan, index: number, runForUs: Micros): fc.Arbitrary<ClientConfig> {
  const op = fc.record({
    choice: fc.constantFrom(...plan.operations),
    keyPick: fc.nat(),
    interval: fc.constantFrom(range(50 * MS, 50 * MS), range(100 * MS, 100 * MS), range(50 * MS, 200 * MS), range(200 * MS, 400 * MS)),
  });
  return fc
    .record({
      ops: fc.array(op, { minLength: 1, maxLength: 2 }),
      closedLoop: fc.boolean(),
      timeout: ms(200, 400, 1000),
      retry: fc.option(
        fc.record({ maxRetries: fc.integer({ min: 1, max: 4 }), backoff: fc.constantFrom('none', 'constant', 'exponential'), jitter: fc.constantFrom('none', 'full', 'equal', 'decorrelated') }),
        { freq: 2 },
      ),
      idempotency: fc.option(ms(200, 60_000), { freq: 2 }),
      readFrom: fc.constantFrom(...plan.reads),
      count: fc.integer({ min: 1, max: 4 }),
      late: fc.boolean(),
    })
    .map((c) => ({
      name: `c${index + 1}`,
      ops: c.ops.map(({ choice, keyPick, interval }) => ({ op: choice.op, keys: choice.keys[keyPick % choice.keys.length]!, intervalUs: c.closedLoop ? range(0, 0) : interval, line: 0 })),
      closedLoop: c.closedLoop,
      timeoutUs: c.timeout,
      retry:
        c.retry === null
          ? null
          : {
              maxRetries: c.retry.maxRetries,
              backoff: c.retry.backoff,
              baseUs: c.retry.backoff === 'none' ? 0 : 50 * MS,
              capUs: c.retry.backoff === 'exponential' ? 400 * MS : c.retry.backoff === 'none' ? 0 : 50 * MS,
              jitter: c.retry.jitter,
              line: 0,
            },
      idempotencyKeyTtlUs: c.idempotency,
      readFrom: c.readFrom,
      startUs: c.late ? Math.floor(runForUs / 4 / MS) * MS : 0,
      stopUs: null,
      count: c.count,
      line: 0,
    }));
}

const placeholder: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const identifier = (name: string) => ({ kind: 'Identifier' as const, name, range: placeholder });

/** A partition shape the language can say: groups, one-way, one link both ways, majorities ring, bridge. */
function partitionArbitrary(nodes: readonly string[]): fc.Arbitrary<ReturnType<typeof compilePartition>> {
  const shapes: Array<fc.Arbitrary<PartitionShape>> = [
    fc.subarray([...nodes], { minLength: 1, maxLength: Math.max(1, nodes.length - 1) }).map((side) => ({
      kind: 'Groups' as const,
      groups: [side, nodes.filter((n) => !side.includes(n))].map((group) => group.map(identifier)),
      range: placeholder,
    })),
    fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...nodes)).filter(([a, b]) => a !== b).map(([a, b]) => ({ kind: 'OneWay' as const, from: [identifier(a)], to: [identifier(b)], range: placeholder })),
    fc.tuple(fc.constantFrom(...nodes), fc.constantFrom(...nodes)).filter(([a, b]) => a !== b).map(([a, b]) => ({ kind: 'BothWays' as const, from: [identifier(a)], to: [identifier(b)], range: placeholder })),
  ];
  if (nodes.length >= 3) {
    shapes.push(fc.constant({ kind: 'MajoritiesRing' as const, range: placeholder }));
    shapes.push(fc.constantFrom(...nodes).map((node) => ({ kind: 'Bridge' as const, node: identifier(node), range: placeholder })));
  }
  // A one-node cluster has no link to cut: its partition arbitrary is never used.
  return fc.oneof(...shapes).map((shape) => compilePartition(shape, nodes));
}

/**
 * One fault story at a time: a crash and its restart, a pause, a partition and its heal, a loss
 * window, a clock jump, or one message fault line (`drop next AppendEntries n1 -> n2`) on a
 * message type of the plan's protocol; and where the protocol has a role, the same faults aimed
 * at whichever node holds it when they fire (`from 2s to 3s crash leader`, `partition leader | rest`).
 */
function faultStoryArbitrary(plan: ProtocolPlan, runForUs: Micros): fc.Arbitrary<ScheduledFault[]> {
  const nodes = plan.nodes;
  const at = fc.integer({ min: 1, max: Math.max(1, Math.floor((runForUs * 0.7) / (10 * MS))) }).map((t) => t * 10 * MS);
  const lasting = fc.integer({ min: 1, max: 100 }).map((t) => t * 10 * MS);
  const node = fc.constantFrom(...nodes);
  const stories: Array<fc.Arbitrary<ScheduledFault[]>> = [
    fc.record({ at, lasting, node, restart: fc.constantFrom(true, true, true, false) }).map(({ at, lasting, node, restart }) => [
      { type: 'crash' as const, node, atUs: at, line: 0 },
      ...(restart ? [{ type: 'restart' as const, node, atUs: at + lasting, line: 0 }] : []),
    ]),
    fc.record({ at, lasting, node }).map(({ at, lasting, node }) => [{ type: 'pause' as const, node, durationUs: lasting, atUs: at, line: 0 }]),
    fc.record({ at, lasting, node, delta: ms(-300, -50, 50, 300) }).map(({ at, node, delta }) => [{ type: 'clock-jump' as const, node, deltaUs: delta, atUs: at, line: 0 }]),
  ];
  if (nodes.length >= 2) {
    stories.push(
      fc.record({ at, lasting, partition: partitionArbitrary(nodes), heal: fc.constantFrom(true, true, true, false) }).map(({ at, lasting, partition, heal }) => [
        { type: 'partition' as const, partition: { blocked: partition.blocked, label: partition.label }, atUs: at, line: 0 },
        ...(heal ? [{ type: 'heal' as const, atUs: at + lasting, line: 0 }] : []),
      ]),
    );
    stories.push(
      fc.record({ at, lasting, effect: fc.constantFrom('drop', 'duplicate', 'delay'), from: node, to: node }).filter(({ from, to }) => from !== to).map(({ at, lasting, effect, from, to }) => [
        {
          type: 'link-window' as const,
          links: [[from, to] as [string, string]],
          untilUs: at + lasting,
          ...(effect === 'drop' ? { drop: 0.5 } : effect === 'duplicate' ? { duplicate: 0.5 } : { extraLatencyUs: 100 * MS }),
          atUs: at,
          line: 0,
        },
      ]),
    );
    stories.push(
      fc
        .record({ at, effect: fc.constantFrom<MessageEffect>('drop', 'duplicate', 'delay', 'deliver'), messageType: fc.constantFrom(...planMessageTypes(plan)), from: node, to: node, delayUs: ms(20, 300, 1500) })
        .filter(({ from, to }) => from !== to)
        .map(({ at, effect, messageType, from, to, delayUs }) => [
          { type: 'message' as const, effect, messageType, from, to, ...(effect === 'delay' ? { delayUs } : {}), atUs: at, line: 0 },
        ]),
    );
  }
  const target = roleTargetOf(plan);
  if (target !== undefined) {
    stories.push(
      fc.record({ at, lasting, restart: fc.constantFrom(true, true, true, false) }).map(({ at, lasting, restart }) => [
        { type: 'role-crash' as const, target, ...(restart ? { restartAfterUs: lasting } : {}), atUs: at, line: 0 },
      ]),
      fc.record({ at, lasting }).map(({ at, lasting }) => [{ type: 'role-pause' as const, target, durationUs: lasting, atUs: at, line: 0 }]),
      fc.record({ at, lasting, delta: ms(-300, -50, 50, 300), back: fc.boolean() }).map(({ at, lasting, delta, back }) => [
        { type: 'role-clock-jump' as const, target, deltaUs: delta, ...(back ? { jumpBackAfterUs: lasting } : {}), atUs: at, line: 0 },
      ]),
    );
    if (nodes.length >= 2) {
      stories.push(
        fc.record({ at, lasting, oneWay: fc.boolean(), heal: fc.constantFrom(true, true, true, false) }).map(({ at, lasting, oneWay, heal }) => [
          { type: 'role-partition' as const, groups: [[{ role: target }], [{ rest: true as const }]], oneWay, label: `${target.role} ${oneWay ? '->' : '|'} rest`, atUs: at, line: 0 },
          ...(heal ? [{ type: 'heal' as const, atUs: at + lasting, line: 0 }] : []),
        ]),
      );
    }
  }
  return fc.oneof(...stories);
}

/** The role fault lines may aim at in this plan (a choreographed saga has no orchestrator). */
function roleTargetOf(plan: ProtocolPlan): RoleTarget | undefined {
  if (plan.name === 'saga' && plan.options['mode'] !== 'orchestrated') return undefined;
  const [role] = rolesOf(plan.name);
  return role === undefined ? undefined : roleTarget(role);
}

/** The message types the plan's cluster puts on the wire (a saga's include its steps' names). */
function planMessageTypes(plan: ProtocolPlan): string[] {
  const steps = plan.options['step'];
  const stepLines = Array.isArray(steps) ? steps.map((line) => line.split(' ')) : [];
  return messageTypesOf(plan.name, stepLines);
}

/** A random fault line; one in three of those that strike a node strikes the plan's role holder (`on leader`). */
function randomFaultArbitrary(plan: ProtocolPlan): fc.Arbitrary<RandomFaultSpec> {
  const nodes = plan.nodes;
  const kinds: Array<RandomFaultSpec['kind']> = nodes.length >= 2 ? ['crash', 'pause', 'partition', 'clock-jump', 'drop'] : ['crash', 'pause', 'clock-jump'];
  const target = roleTargetOf(plan);
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      every: fc.constantFrom(range(500 * MS, 1500 * MS), range(1 * S, 3 * S)),
      lasting: fc.constantFrom(range(100 * MS, 500 * MS), range(300 * MS, 1 * S)),
      onRole: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
    })
    .map((r) => ({
      kind: r.kind,
      everyUs: r.every,
      durationUs: r.lasting,
      nodes: [],
      ...(r.onRole && target !== undefined && r.kind !== 'drop' && r.kind !== 'partition' ? { roles: [target] } : {}),
      magnitude: r.kind === 'drop' ? 0.3 : r.kind === 'clock-jump' ? 200 * MS : 0,
      line: 0,
    }));
}

/** Raft carries the most theorems and leaderless and primary/backup the most options: they are drawn more often. */
const PROTOCOL_WEIGHTS: Record<ProtocolName, number> = { raft: 4, primary_backup: 3, leaderless: 3, two_phase_commit: 1, saga: 1, lease_lock: 1, service: 1 };

/** The scenario generator: one arbitrary for every protocol, or for the ones named. */
export function scenarioArbitrary(protocols: readonly ProtocolName[] = Object.keys(PROTOCOL_PLANS) as ProtocolName[]): fc.Arbitrary<GeneratedScenario> {
  return fc
    .record({
      plan: fc.oneof(...protocols.map((name) => ({ arbitrary: PROTOCOL_PLANS[name](), weight: PROTOCOL_WEIGHTS[name] }))),
      long: fc.integer({ min: 0, max: 24 }),
      seconds: fc.integer({ min: 1, max: 4 }),
      // One scenario in five is quiet (no faults, a reliable network, true clocks): the textbook
      // preconditions of the theorems that hold only when nothing goes wrong.
      quiet: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    })
    .chain(({ plan, long, seconds, quiet }) => {
      // The long runs: a fast writer on Raft for 20–40 s, so every node snapshots and restarts rebuild from one.
      const isLong = long === 0 && plan.name === 'raft';
      const runForUs = isLong ? (20 + (seconds - 1) * 5) * S : seconds * S;
      return fc.record({
        plan: fc.constant(plan),
        runForUs: fc.constant(runForUs),
        network: quiet ? networkArbitrary().map((n) => ({ ...n, drop: 0, duplicate: 0 })) : networkArbitrary(),
        clocks: quiet ? fc.constant<ClockConfig[]>([]) : clocksArbitrary(plan.nodes),
        clients: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }).chain((slots) => fc.tuple(...slots.map((_, i) => clientArbitrary(plan, i, runForUs)))),
        faults: quiet ? fc.constant<ScheduledFault[][]>([]) : fc.array(faultStoryArbitrary(plan, runForUs), { maxLength: isLong ? 4 : 3 }),
        randomFaults: quiet ? fc.constant<RandomFaultSpec[]>([]) : fc.array(randomFaultArbitrary(plan), { maxLength: 1 }),
        fastWriter: fc.constant(isLong),
      });
    })
    .map(({ plan, runForUs, network, clocks, clients, faults, randomFaults, fastWriter }) => ({
      scenario: `generated ${plan.name}`,
      seed: 1,
      runForUs,
      nodes: plan.nodes,
      protocol: { name: plan.name, options: plan.options, line: 0 },
      network: { defaults: network, links: [], regions: {} },
      clocks,
      clients: fastWriter ? [...clients, fastWriterClient()] : clients,
      faults: faults.flat().sort((a, b) => a.atUs - b.atUs),
      randomFaults,
    }));
}

/** 100 writes a second: 2,000–4,000 entries in a long run, past the snapshot threshold of 1024. */
function fastWriterClient(): ClientConfig {
  return { name: 'bulk', ops: [{ op: 'write', keys: ['x'], intervalUs: range(10 * MS, 10 * MS), line: 0 }], closedLoop: false, timeoutUs: 500 * MS, retry: null, idempotencyKeyTtlUs: null, readFrom: 'leader', startUs: 0, stopUs: null, count: 1, line: 0 };
}

/** Scenario number `index` of the stream that `seed` names: the same pair always draws the same scenario. */
export function generateScenario(seed: number, index: number, protocols?: readonly ProtocolName[]): GeneratedScenario {
  const [scenario] = fc.sample(scenarioArbitrary(protocols), { seed: mixSeed(seed, index), numRuns: 1 });
  return scenario!;
}

/** A 32-bit seed per (stream, index), so neighbouring indexes draw unrelated scenarios. */
export function mixSeed(seed: number, index: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) | 0;
}
