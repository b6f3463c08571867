// `extends`: a child scenario starts from its parent's statements and replaces or merges the
// pieces it writes again (rules at the end of docs/language.md). The result has the same shape
// as a written scenario, so validation and compilation never think about inheritance.

import type { Client, Cluster, LinkSetting, Network, Protocol, ProtocolOption, Region, Scenario, Workload, Clock, Document } from './ast.ts';
import type { DiagnosticSink } from './diagnostic.ts';
import { didYouMean } from './suggest.ts';
import { MAX_EXTENDS_DEPTH, MAX_SCENARIOS } from './limits.ts';

export type ResolvedScenario = {
  /** The merged scenario: what the child means once its parents are filled in. */
  scenario: Scenario;
  /** The scenario as written. */
  source: Scenario;
  /** Parents, nearest first (empty when the scenario extends nothing or the chain is broken). */
  ancestors: Scenario[];
  /**
   * The scenario extends something that could not be resolved (a missing parent anywhere up the
   * chain, a loop, a chain too deep: FL030, FL031, FL032, FL036). What it would inherit is
   * unknown, so nothing is reported missing from it: the broken `extends` is the one error.
   */
  brokenChain: boolean;
};

export function resolveScenarios(document: Document, sink: DiagnosticSink): ResolvedScenario[] {
  const byName = new Map<string, Scenario>();
  const beyond = document.scenarios[MAX_SCENARIOS];
  if (beyond !== undefined) {
    sink.error('FL037', beyond.name.range, `A file holds at most ${MAX_SCENARIOS} scenarios; this one is scenario ${MAX_SCENARIOS + 1} of ${document.scenarios.length}. Split the file.`);
  }
  for (const scenario of document.scenarios) {
    const previous = byName.get(scenario.name.value);
    if (previous !== undefined) {
      sink.error('FL021', scenario.name.range, `There is already a scenario named "${scenario.name.value}" in this file.`, [
        { range: previous.name.range, message: 'first declared here' },
      ]);
      continue;
    }
    byName.set(scenario.name.value, scenario);
  }
  // Each scenario is merged once and reused by its children, so a long chain of extends
  // costs one merge per scenario instead of one per ancestor. A loop, not recursion: the
  // chain's length is the user's to choose (within MAX_EXTENDS_DEPTH).
  const merged = new Map<Scenario, Scenario>();
  const mergedOf = (scenario: Scenario, ancestors: readonly Scenario[]): Scenario => {
    const cached = merged.get(scenario);
    if (cached !== undefined) return cached;
    // From the nearest ancestor already merged (or the root) down to the scenario itself.
    let from = ancestors.findIndex((a) => merged.has(a));
    if (from < 0) from = ancestors.length;
    let result: Scenario | undefined = from < ancestors.length ? merged.get(ancestors[from]!) : undefined;
    for (let i = from - 1; i >= -1; i--) {
      const next = i >= 0 ? ancestors[i]! : scenario;
      result = result === undefined ? next : mergeScenario(result, next);
      merged.set(next, result);
    }
    return result!;
  };
  return document.scenarios.map((scenario) => {
    const ancestors = ancestorsOf(scenario, byName, sink);
    const brokenChain = ancestors === BROKEN;
    const chain = brokenChain ? [] : ancestors;
    return { scenario: mergedOf(scenario, chain), source: scenario, ancestors: chain, brokenChain };
  });
}

/** What ancestorsOf answers for a chain it cannot follow (compared by identity). */
const BROKEN: Scenario[] = [];

/**
 * The chain of parents; BROKEN (with a diagnostic on the scenario whose own `extends` is wrong)
 * when it names itself, a stranger, loops or goes too deep.
 */
function ancestorsOf(scenario: Scenario, byName: Map<string, Scenario>, sink: DiagnosticSink): Scenario[] {
  const chain: Scenario[] = [];
  const visited = new Set<Scenario>([scenario]);
  let current = scenario;
  while (current.extends !== undefined) {
    const parentName = current.extends.value;
    // Checked before the parent is looked up, so a chain cut to its last MAX_EXTENDS_DEPTH
    // scenarios (as the language server analyses a big file) gets the same answer.
    if (chain.length === MAX_EXTENDS_DEPTH) {
      sink.error('FL036', scenario.extends!.range, `Scenario "${scenario.name.value}" extends a chain more than ${MAX_EXTENDS_DEPTH} scenarios deep; at most ${MAX_EXTENDS_DEPTH} are allowed above a scenario.`);
      return BROKEN;
    }
    if (current === scenario && parentName === scenario.name.value) {
      sink.error('FL031', current.extends.range, `Scenario "${parentName}" cannot extend itself.`);
      return BROKEN;
    }
    const parent = byName.get(parentName);
    if (parent === undefined) {
      if (current === scenario) {
        sink.error(
          'FL030',
          current.extends.range,
          `There is no scenario named "${parentName}" in this file.${didYouMean(parentName, byName.keys())}`,
        );
      }
      return BROKEN;
    }
    if (visited.has(parent)) {
      sink.error('FL032', scenario.extends!.range, `Scenario "${scenario.name.value}" extends a chain that loops back on itself (through "${parentName}").`);
      return BROKEN;
    }
    visited.add(parent);
    chain.push(parent);
    current = parent;
  }
  return chain;
}

function mergeScenario(parent: Scenario, child: Scenario): Scenario {
  const merged: Scenario = { ...parent, kind: 'Scenario', name: child.name, range: child.range, clocks: mergeClocks(parent.clocks, child.clocks) };
  if (child.extends !== undefined) merged.extends = child.extends;
  else delete merged.extends;
  if (child.seed !== undefined) merged.seed = child.seed;
  if (child.runFor !== undefined) merged.runFor = child.runFor;
  const cluster = mergeCluster(parent.cluster, child.cluster);
  if (cluster !== undefined) merged.cluster = cluster;
  const network = mergeNetwork(parent.network, child.network);
  if (network !== undefined) merged.network = network;
  const workload = mergeWorkload(parent.workload, child.workload);
  if (workload !== undefined) merged.workload = workload;
  if (child.faults !== undefined) merged.faults = child.faults;
  if (child.expect !== undefined) merged.expect = child.expect;
  return merged;
}

function mergeClocks(parent: Clock[], child: Clock[]): Clock[] {
  const replaced = new Set(child.map((c) => c.node.name));
  return [...parent.filter((c) => !replaced.has(c.node.name)), ...child];
}

function mergeCluster(parent: Cluster | undefined, child: Cluster | undefined): Cluster | undefined {
  if (parent === undefined || child === undefined) return child ?? parent;
  const merged: Cluster = { ...parent, range: child.range };
  if (child.nodes !== undefined) merged.nodes = child.nodes;
  const protocol = mergeProtocol(parent.protocol, child.protocol);
  if (protocol !== undefined) merged.protocol = protocol;
  return merged;
}

function mergeProtocol(parent: Protocol | undefined, child: Protocol | undefined): Protocol | undefined {
  if (parent === undefined || child === undefined) return child ?? parent;
  if (parent.name.name !== child.name.name) return child;
  // Options merge one by one; for a repeatable option (saga `step`) the child's lines replace
  // all of the parent's, since steps only make sense as a whole sequence.
  const written = new Set(child.options.map((o) => o.name));
  const kept: ProtocolOption[] = parent.options.filter((o) => !written.has(o.name));
  return { ...child, options: [...kept, ...child.options] };
}

function mergeNetwork(parent: Network | undefined, child: Network | undefined): Network | undefined {
  if (parent === undefined || child === undefined) return child ?? parent;
  const replacedKinds = new Set(child.settings.map((s) => s.kind));
  const settings: LinkSetting[] = [...parent.settings.filter((s) => !replacedKinds.has(s.kind)), ...child.settings];
  const replacedRegions = new Set(child.regions.map((r) => r.name.name));
  const regions: Region[] = [...parent.regions.filter((r) => !replacedRegions.has(r.name.name)), ...child.regions];
  return { kind: 'Network', settings, links: [...parent.links, ...child.links], regions, range: child.range };
}

function mergeWorkload(parent: Workload | undefined, child: Workload | undefined): Workload | undefined {
  if (parent === undefined || child === undefined) return child ?? parent;
  const clients: Client[] = parent.clients.map((p) => {
    const c = child.clients.find((x) => x.name.name === p.name.name);
    return c === undefined ? p : mergeClient(p, c);
  });
  for (const c of child.clients) if (!parent.clients.some((p) => p.name.name === c.name.name)) clients.push(c);
  return { kind: 'Workload', clients, range: child.range };
}

function mergeClient(parent: Client, child: Client): Client {
  const merged: Client = { ...parent, ...definedFields(child), ops: child.ops.length > 0 ? child.ops : parent.ops };
  return merged;
}

function definedFields<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  // for...in rather than Object.entries: no [key, value] pair array per field.
  for (const key in value) if (value[key] !== undefined) out[key] = value[key];
  return out;
}
