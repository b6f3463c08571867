// Names: nodes, clients and regions are declared once, and every reference to a node must
// name one the cluster has (with a "did you mean" for typos).

import type { Identifier, Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { didYouMean } from '../suggest.ts';
import { foreignRoleMessage, REST_WORD, roleOf } from '../fault-targets.ts';

/** Returns the set of valid node names, so later checks can skip unknown ones quietly. */
export function checkNames(scenario: Scenario, nodes: readonly string[], sink: DiagnosticSink): Set<string> {
  const known = new Set<string>();
  for (const node of scenario.cluster?.nodes?.names ?? []) {
    if (known.has(node.name)) {
      const first = scenario.cluster!.nodes!.names.find((n) => n.name === node.name)!;
      sink.error('FL021', node.range, `Node \`${node.name}\` is listed twice.`, [{ range: first.range, message: 'first listed here' }]);
    }
    known.add(node.name);
  }
  for (const node of nodes) known.add(node);
  checkDuplicates(scenario.workload?.clients.map((c) => c.name) ?? [], 'client', sink);
  checkDuplicates(scenario.network?.regions.map((r) => r.name) ?? [], 'region', sink);
  checkDuplicates(scenario.clocks.map((c) => c.node), 'clock for node', sink);

  checkClientRegions(scenario, sink);

  // With no nodes declared, the missing-nodes error already says enough.
  if (known.size === 0) return known;
  const refs = nodeReferences(scenario);
  let targets: FaultTargetPositions | undefined;
  const protocol = scenario.cluster?.protocol?.name.name;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (known.has(ref.name)) continue;
    // Only a name that is not a node gets here, so the positions are worked out only then.
    targets ??= faultTargetPositions(scenario);
    if (checkFaultTarget(ref, protocol, known, targets, sink)) continue;
    sink.error('FL020', ref.range, `There is no node \`${ref.name}\` in this cluster.${didYouMean(ref.name, known)} Nodes: ${[...known].slice(0, 10).join(', ')}${known.size > 10 ? ', ...' : ''}.`);
  }
  return known;
}

/** `client bob in eu { ... }` needs a region `eu` in the network block. */
function checkClientRegions(scenario: Scenario, sink: DiagnosticSink): void {
  const regions = scenario.network?.regions.map((region) => region.name.name) ?? [];
  for (const client of scenario.workload?.clients ?? []) {
    const place = client.place;
    if (place?.word !== 'in' || regions.includes(place.target.name)) continue;
    const declared = regions.length === 0 ? ' No region is declared; declare one in the network block: `region eu n1, n2`.' : ` Regions: ${regions.join(', ')}.`;
    sink.error('FL020', place.target.range, `There is no region \`${place.target.name}\`.${didYouMean(place.target.name, regions)}${declared}`);
  }
}

function checkDuplicates(names: readonly Identifier[], what: string, sink: DiagnosticSink): void {
  const first = new Map<string, Identifier>();
  for (const name of names) {
    const previous = first.get(name.name);
    if (previous !== undefined) {
      sink.error('FL021', name.range, `There is already a ${what} \`${name.name}\`.`, [{ range: previous.range, message: 'first declared here' }]);
    } else {
      first.set(name.name, name);
    }
  }
}

/**
 * Every place in a scenario where a node is named (not declared). Plain loops instead of
 * `push(...list)` and `flat()`: this runs for every scenario of a file, and the spread and
 * flat forms allocate a temporary array per fault.
 */
export function nodeReferences(scenario: Scenario): Identifier[] {
  const refs: Identifier[] = [];
  for (const clock of scenario.clocks) refs.push(clock.node);
  for (const client of scenario.workload?.clients ?? []) if (client.place?.word === 'near') refs.push(client.place.target);
  for (const link of scenario.network?.links ?? []) refs.push(link.from, link.to);
  for (const region of scenario.network?.regions ?? []) pushAll(refs, region.nodes);
  for (const option of scenario.cluster?.protocol?.options ?? []) {
    if (isNamesOption(scenario, option.name) && option.value?.kind === 'Words') pushAll(refs, option.value.words);
  }
  for (const fault of scenario.faults?.items ?? []) {
    const action = fault.action;
    switch (action.kind) {
      case 'Crash':
      case 'Restart':
      case 'Pause':
      case 'Skew':
        refs.push(action.node);
        break;
      case 'Partition': {
        const shape = action.shape;
        if (shape.kind === 'Groups') for (const group of shape.groups) pushAll(refs, group);
        else if (shape.kind === 'OneWay' || shape.kind === 'BothWays') {
          pushAll(refs, shape.from);
          pushAll(refs, shape.to);
        } else if (shape.kind === 'Bridge') refs.push(shape.node);
        break;
      }
      case 'LinkFault':
        pushAll(refs, action.from);
        pushAll(refs, action.to);
        break;
      case 'Random':
        pushAll(refs, action.nodes);
        break;
      case 'Message':
        refs.push(action.from, action.to);
        break;
      case 'Heal':
        break;
    }
  }
  return refs;
}

function pushAll(refs: Identifier[], list: readonly Identifier[]): void {
  for (let i = 0; i < list.length; i++) refs.push(list[i]!);
}

const NAMES_OPTIONS: Record<string, readonly string[]> = {
  two_phase_commit: ['coordinator', 'participants'],
  lease_lock: ['holders'],
};

function isNamesOption(scenario: Scenario, option: string): boolean {
  return NAMES_OPTIONS[scenario.cluster?.protocol?.name.name ?? '']?.includes(option) ?? false;
}

/** Where a fault line may name a role instead of a node, where `rest` may stand, and which clients a partition may cut. */
type FaultTargetPositions = { roles: Set<Identifier>; rest: Set<Identifier>; restarts: Set<Identifier>; clients: ReadonlySet<string> };

function faultTargetPositions(scenario: Scenario): FaultTargetPositions {
  const clients = new Set((scenario.workload?.clients ?? []).map((c) => c.name.name));
  const positions: FaultTargetPositions = { roles: new Set(), rest: new Set(), restarts: new Set(), clients };
  for (const fault of scenario.faults?.items ?? []) {
    const action = fault.action;
    if (action.kind === 'Crash' || action.kind === 'Pause' || action.kind === 'Skew') positions.roles.add(action.node);
    else if (action.kind === 'Restart') positions.restarts.add(action.node);
    else if (action.kind === 'Random') for (const node of action.nodes) positions.roles.add(node);
    else if (action.kind === 'Partition' && (action.shape.kind === 'Groups' || action.shape.kind === 'OneWay' || action.shape.kind === 'BothWays')) {
      const lists = action.shape.kind === 'Groups' ? action.shape.groups : [action.shape.from, action.shape.to];
      for (const list of lists) {
        for (const node of list) {
          positions.roles.add(node);
          positions.rest.add(node);
        }
      }
    }
  }
  return positions;
}

/**
 * A name that is no node but may still mean something here: a role of the protocol where a fault
 * may follow one, `rest` in a partition. Reports a role word in a place that needs a node, or a
 * role word this protocol does not have. True when the name was handled (valid or reported).
 */
function checkFaultTarget(ref: Identifier, protocol: string | undefined, known: ReadonlySet<string>, at: FaultTargetPositions, sink: DiagnosticSink): boolean {
  // A partition may cut a client too (`partition alice | rest`): the network has a link to it.
  if (at.rest.has(ref) && at.clients.has(ref.name)) return true;
  if (ref.name === REST_WORD) {
    if (at.rest.has(ref)) return true;
    sink.error('FL020', ref.range, `\`rest\` means the nodes a partition does not name otherwise, so it belongs in a partition (\`partition leader | rest\`); here, name a node.`);
    return true;
  }
  const role = roleOf(ref.name, protocol, (name) => known.has(name));
  if (role !== undefined) {
    if (at.roles.has(ref)) return true;
    const why = at.restarts.has(ref)
      ? `a restart needs a node name: a crashed node holds no role. To restart the node a crash of the ${role.word} hit, write a window: \`from 2s to 4s crash ${role.word}\`.`
      : 'only crash, pause, skew, partition and random-fault lines can follow a role; here, name a node.';
    sink.error('FL048', ref.range, `\`${ref.name}\` stands for whichever node is ${role.word} when a fault fires, but ${why}`);
    return true;
  }
  const foreign = foreignRoleMessage(ref.name, protocol);
  if (foreign === undefined) return false;
  sink.error('FL049', ref.range, foreign);
  return true;
}
