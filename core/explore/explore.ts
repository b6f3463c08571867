// Bounded exhaustive exploration: breadth-first over every schedule of a small model of the
// scenario (world.ts), checking the safety properties (properties.ts) in every state reached.
// Breadth-first, so the first state that breaks a property is reached by a shortest schedule.
//
// Memory: each distinct state costs a 64-bit fingerprint in an open-addressed table
// (fingerprint-set.ts) plus its parent's number and the index of the action that made it, in
// typed arrays; a counterexample's schedule is rebuilt from those by replaying the actions from
// the initial state. Only the current and the next level of the search are kept as live states.

import { getProtocol } from '../protocols/registry.ts';
import type { AnyProtocol } from '../sim/engine.ts';
import type { Effect } from '../sim/protocol.ts';
import type { SimConfig } from '../types/sim-config.ts';
import { enabledActions, type Action, type FaultBudget } from './actions.ts';
import { fingerprint, type Fingerprint } from './fingerprint.ts';
import { FingerprintSet } from './fingerprint-set.ts';
import { planProperties, type Property } from './properties.ts';
import { applyActionInto, makeNode, Successor, withStartEffects } from './step.ts';
import { ExploreLimitError } from './limit-error.ts';
import { SharedSeen, type SharedSearch } from './shared-search.ts';
import { buildCounterexample, type Counterexample } from './counterexample.ts';
import type { ClientPlan, Setting, World } from './world.ts';

export const EXPLORE_FORMAT = 'faultline.explore/1';

export type ExploreOptions = {
  /** Longest schedule explored, in actions. */
  depth: number;
  /** Stop after this many distinct states. */
  maxStates: number;
  crashes: number;
  drops: number;
  partitions: number;
  /** Messages a node may have in flight on one link before its timers wait (see FaultBudget). */
  inFlightPerLink: number;
  /** Operations each client issues (its declared operations in order, cycling). */
  opsPerClient: number;
  /** Explore this implementation instead of the registered one (tests: a deliberately broken protocol). */
  protocol?: AnyProtocol;
  /** Explore only part i of n of the search (split where a level first has ≥ 4n states). */
  shard?: { index: number; count: number };
  /**
   * The shards of one search run in threads that share their seen states (shared-search.ts):
   * a state is expanded by one shard only, and the shards' counts add up to one search's.
   * Only with `shard`; each shard must run in its own thread (the search blocks at each level).
   */
  sharedSearch?: SharedSearch;
  /** Called about every `progressEvery` states (the host adds the clock). */
  onProgress?: (progress: ExploreProgress) => void;
  progressEvery?: number;
  /** Asked about every thousand states; true stops the search (the host's timeout). */
  shouldStop?: () => boolean;
};

export const DEFAULT_EXPLORE_OPTIONS: ExploreOptions = {
  depth: 12,
  maxStates: 1_000_000,
  crashes: 1,
  drops: 0,
  partitions: 0,
  inFlightPerLink: 1,
  opsPerClient: 1,
};

/** Caps on the options themselves, so a typo cannot ask for a search that never ends. */
export const EXPLORE_LIMITS = { depth: 1_000, maxStates: 100_000_000, faults: 16, opsPerClient: 8, clients: 8, nodes: 16 };

export type ExploreProgress = { states: number; distinct: number; frontier: number; depth: number };

export type ExploreResult = {
  format: typeof EXPLORE_FORMAT;
  scenario: string;
  /** Successor states computed (with repeats). */
  states: number;
  /** Distinct states (by fingerprint). */
  distinct: number;
  /** Every schedule of at most this many actions was explored (or up to the violation). */
  depth: number;
  /** True when no new state was left: the whole bounded space (faults, workload) was seen. */
  exhausted: boolean;
  /** What stopped the search short of exhausting the space. */
  stoppedBy: 'depth' | 'max-states' | 'timeout' | 'violation' | 'limit' | null;
  /** A model limit that was hit (too many messages in flight, a state too large), in words. */
  limit?: string;
  properties: string[];
  notCheckable: Array<{ text: string; reason: string }>;
  violations: Counterexample[];
  /** Bytes held per distinct state by the fingerprint table, parent and action arrays. */
  bytesPerState: number;
  /** Largest level kept as live states (the breadth of the search). */
  peakFrontier: number;
};

export function explore(config: SimConfig, options: ExploreOptions): ExploreResult {
  const shared = options.sharedSearch !== undefined && options.shard !== undefined ? new SharedSeen(options.sharedSearch) : null;
  try {
    return search(config, options, shared);
  } finally {
    // Whatever ended this shard (an error included), the others must not wait for it.
    shared?.leave(true);
  }
}

function search(config: SimConfig, options: ExploreOptions, shared: SharedSeen | null): ExploreResult {
  const protocol = options.protocol ?? getProtocol(config.protocol.name);
  if (protocol === undefined) throw new Error(`protocol ${config.protocol.name} has no implementation to explore`);
  const plan = planProperties(config, options);
  const setting = makeSetting(config, protocol, options, plan.properties);
  const budget: FaultBudget = { crashes: options.crashes, drops: options.drops, partitions: options.partitions, inFlightPerLink: options.inFlightPerLink };
  const root = initialWorld(setting);

  const seen = new FingerprintSet();
  let parents = new Int32Array(1024);
  let actionIndexes = new Uint16Array(1024);
  const print: Fingerprint = { hi: 0, lo: 0 };
  fingerprint(root, print);
  seen.add(print.hi, print.lo);
  parents[0] = -1;
  let distinct = 1;
  let states = 1;
  // Shared shards: the first levels (before the split) are explored by every shard alike and
  // counted by shard 0 only, so that the shards' counts add up to one search's.
  let uncounted = { states: 0, distinct: 0 };
  let peakFrontier = 1;
  const result = (fields: Partial<ExploreResult>): ExploreResult => ({
    format: EXPLORE_FORMAT,
    scenario: config.scenario,
    states: states - uncounted.states,
    distinct: distinct - uncounted.distinct,
    depth: 0,
    exhausted: false,
    stoppedBy: null,
    properties: plan.properties.map((p) => p.text),
    notCheckable: plan.notCheckable,
    violations: [],
    bytesPerState: distinct === 0 ? 0 : ((shared === null ? seen.bytes : shared.bytes / options.shard!.count) + parents.byteLength + actionIndexes.byteLength) / distinct,
    peakFrontier,
    ...fields,
  });

  if (config.nodes.length > EXPLORE_LIMITS.nodes) {
    const limit = `${config.nodes.length} nodes is too many to explore every schedule (at most ${EXPLORE_LIMITS.nodes}): model the question with fewer`;
    return result({ stoppedBy: 'limit', limit });
  }
  const rootViolations = checkAll(plan.properties, root, root);
  if (rootViolations.length > 0) {
    return result({ stoppedBy: 'violation', violations: rootViolations.map((v) => buildCounterexample(config, setting, budget, [], v)) });
  }

  // A level as two parallel lists (a state and its number): no pair object per state.
  let frontier: Array<World | null> = [root];
  let frontierIds: number[] = [0];
  const shard = options.shard;
  let sharded = shard === undefined || shard.count <= 1;
  // Shared shards after the split: the shared table, and whether any shard has a next level.
  let useShared = false;
  let more = true;
  const progressEvery = Math.max(1, options.progressEvery ?? 10_000);
  let nextProgress = progressEvery;
  let nextStopCheck = 1024;
  let depth = 0;
  const found: Array<{ id: number; property: Property; summary: string }> = [];
  const scratch = new Successor(setting);
  const actionList: Action[] = [];

  try {
    while ((useShared ? more : frontier.length > 0) && depth < options.depth) {
      if (!sharded && frontier.length >= 4 * shard!.count) {
        frontier = frontier.filter((_, i) => i % shard!.count === shard!.index);
        frontierIds = frontierIds.filter((_, i) => i % shard!.count === shard!.index);
        sharded = true;
        if (shared !== null) {
          // Every state so far goes in the shared table before any shard goes on, so no shard
          // takes one of them for new.
          seen.forEach((hi, lo) => shared.add(hi, lo));
          if (shard!.index !== 0) uncounted = { states, distinct };
          shared.endLevel(true, false);
          useShared = true;
        }
      }
      const next: Array<World | null> = [];
      const nextIds: number[] = [];
      for (let f = 0; f < frontier.length; f++) {
        const world = frontier[f]!;
        // Expanded states are not needed again: let the collector have them during the level, so
        // the heap holds about one level of states rather than two.
        frontier[f] = null;
        const id = frontierIds[f]!;
        const actions = enabledActions(world, setting, budget, actionList);
        for (let a = 0; a < actions.length; a++) {
          // Built in the scratch successor; made a World only when it is new (most are not).
          fingerprint(applyActionInto(scratch, world, actions[a]!), print);
          states++;
          if (!(useShared ? shared!.add(print.hi, print.lo) : seen.add(print.hi, print.lo))) continue;
          const child = scratch.build();
          if (distinct >= parents.length) {
            parents = grown(parents);
            actionIndexes = grown(actionIndexes);
          }
          const childId = distinct++;
          parents[childId] = id;
          actionIndexes[childId] = a;
          const broken = checkAll(plan.properties, child, world);
          if (broken.length > 0) {
            for (const b of broken) if (!found.some((f) => f.property === b.property)) found.push({ id: childId, ...b });
          } else {
            next.push(child);
            nextIds.push(childId);
          }
          if (states >= nextProgress) {
            nextProgress = states + progressEvery;
            options.onProgress?.({ states, distinct, frontier: frontier.length + next.length, depth: depth + 1 });
          }
          if (states >= nextStopCheck) {
            nextStopCheck = states + 1024;
            if (options.shouldStop?.() === true) return finish('timeout', depth);
            // Another shard ran out of its budget or time (or failed): this one stops too.
            if (shared?.stopped === true) return finish('max-states', depth);
          }
          // Shared shards: --max-states bounds the states of all of them together.
          if ((useShared ? shared!.total : distinct) >= options.maxStates) return finish('max-states', depth);
        }
      }
      depth++;
      if (useShared) {
        // Breadth-first across shards: nobody starts the next level before all finished this one.
        const level = shared!.endLevel(next.length > 0, found.length > 0);
        if (level.found) return finish('violation', depth);
        more = level.more;
      } else if (found.length > 0) return finish('violation', depth);
      frontier = next;
      frontierIds = nextIds;
      peakFrontier = Math.max(peakFrontier, frontier.length);
    }
  } catch (error) {
    if (error instanceof ExploreLimitError) {
      shared?.leave(true);
      return result({ depth, stoppedBy: 'limit', limit: error.message });
    }
    throw error;
  }
  return finish((useShared ? !more : frontier.length === 0) ? null : 'depth', depth);

  function finish(stoppedBy: ExploreResult['stoppedBy'], reached: number): ExploreResult {
    // Before the counterexamples are built (which takes a while): the other shards stop now.
    shared?.leave(stoppedBy === 'max-states' || stoppedBy === 'timeout');
    const built = found.map((f) => buildCounterexample(config, setting, budget, pathTo(f.id), { property: f.property, summary: f.summary }));
    // Those whose scenario replays first: hosts that open "the" counterexample open one that does.
    const violations = [...built.filter((v) => v.replays), ...built.filter((v) => !v.replays)];
    return result({ depth: reached, exhausted: stoppedBy === null, stoppedBy, violations });
  }

  function pathTo(id: number): number[] {
    const path: number[] = [];
    for (let at = id; at > 0; at = parents[at]!) path.push(actionIndexes[at]!);
    return path.reverse();
  }
}

function grown<T extends Int32Array | Uint16Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

const NOTHING_BROKEN: Array<{ property: Property; summary: string }> = [];

/** The properties `child` breaks; those reading only the ghost are skipped when it did not change. */
function checkAll(properties: readonly Property[], child: World, parent: World): Array<{ property: Property; summary: string }> {
  // Allocated only when something breaks: this runs for every new state.
  let broken = NOTHING_BROKEN;
  const ghostChanged = child === parent || child.history !== parent.history || child.trace !== parent.trace;
  for (const property of properties) {
    if (property.onlyWhenGhostChanges && !ghostChanged) continue;
    const summary = property.check(child);
    if (summary === null) continue;
    if (broken === NOTHING_BROKEN) broken = [];
    broken.push({ property, summary });
  }
  return broken;
}

/** The workload the explorer drives: each client's first `opsPerClient` operations, one key each. */
function clientPlans(config: SimConfig, opsPerClient: number): ClientPlan[] {
  return config.clients.slice(0, EXPLORE_LIMITS.clients).map((client) => {
    const ops: Array<{ f: string; key: string }> = [];
    for (let i = 0; i < opsPerClient && client.ops.length > 0; i++) {
      const spec = client.ops[i % client.ops.length]!;
      ops.push({ f: spec.op, key: spec.keys[Math.floor(i / client.ops.length) % Math.max(1, spec.keys.length)] ?? 'x' });
    }
    return { name: client.name, ops, timesOut: client.timeoutUs !== null };
  });
}

function makeSetting(config: SimConfig, protocol: AnyProtocol, options: ExploreOptions, properties: readonly Property[]): Setting {
  const nodes = config.nodes.slice();
  return {
    protocol,
    nodes,
    options: config.protocol.options,
    clients: clientPlans(config, options.opsPerClient),
    horizonUs: config.runForUs,
    shared: new Set<unknown>([nodes, config.protocol.options]),
    keepGhost: properties.some((p) => p.readsGhost),
    slots: new Map(),
    messages: new Map(),
    requests: new Map(),
    nodeLists: new Map(),
  };
}

/** Every node started (its `init`), nothing in flight yet but what the inits sent, clients idle. */
export function initialWorld(setting: Setting): World {
  const nodeCount = setting.nodes.length;
  let world: World = {
    now: 0,
    depth: 0,
    nodes: [],
    messages: [],
    clients: setting.clients.map(() => ({ issued: 0, pending: null })),
    nextOpId: 1,
    nextAttempt: 1,
    crashes: 0,
    drops: 0,
    partitions: 0,
    isolated: 0,
    history: [],
    trace: [],
    leaders: [],
    secondLeader: null,
  };
  const nodes = [];
  const pending: Array<{ node: number; out: Effect<unknown>[] }> = [];
  for (let i = 0; i < nodeCount; i++) {
    const out: Effect<unknown>[] = [];
    const ctx = { self: setting.nodes[i]!, nodes: setting.nodes, options: setting.options, now: 0, recording: setting.keepGhost };
    const state = setting.protocol.init(ctx, out) as Record<string, unknown>;
    // What every state of this node shares by reference: settings and prebuilt effects.
    for (const key of ['settings', 'timers']) {
      const value = state[key];
      if (typeof value === 'object' && value !== null) setting.shared.add(value);
    }
    nodes.push(makeNode(setting, i, true, state, undefined, [], undefined));
    pending.push({ node: i, out });
  }
  world = { ...world, nodes };
  // The inits' effects (timers, first messages) are applied as any handler's are.
  for (const { node, out } of pending) world = withStartEffects(world, setting, node, out);
  return world;
}
