// SimConfig → .fault text (docs/language.md) that compiles back to an equivalent config: the same
// nodes, options, network, clients, faults and expectations; only `line` fields and partition
// labels may differ. The shrinker writes its minimised scenario with this, so what it found can be
// read, edited and replayed like any other scenario.

import { protocolDeclaration } from '../protocols/options-registry.ts';
import type { MessageFaultAction } from '../sim/message-faults.ts';
import type {
  ClientConfig,
  FaultAction,
  LatencyDistribution,
  LinkProperties,
  OptionValue,
  PartitionSpec,
  RandomFaultSpec,
  ScheduledFault,
  SimConfig,
} from '../types/sim-config.ts';
import { durationText, percentText, rangeText, signedDurationText, stringLiteral } from './format-values.ts';
import { directedPairs } from '../language/link-pairs.ts';
import { cutBetweenGroups, cutBothWays, cutOneWay } from '../sim/partition-cuts.ts';

export function printScenario(config: SimConfig, comment: readonly string[] = []): string {
  const lines: string[] = comment.map((line) => `// ${line}`.trimEnd());
  lines.push(`scenario ${stringLiteral(config.scenario)} {`);
  lines.push(`  seed ${config.seed}`);
  lines.push(`  run for ${durationText(config.runForUs)}`);
  lines.push('', ...printCluster(config));
  lines.push('', ...printNetwork(config));
  for (const clock of config.clocks) lines.push(`  clock ${clock.node} skew ${signedDurationText(clock.skewUs)} drift ${clock.driftPpm}ppm`);
  if (config.clients.length > 0) lines.push('', '  workload {', ...config.clients.flatMap(printClient), '  }');
  if (config.faults.length + config.randomFaults.length > 0) {
    lines.push('', '  faults {');
    for (const fault of config.faults) lines.push(...printScheduledFault(fault, config.nodes).map((line) => `    ${line}`));
    for (const spec of config.randomFaults) lines.push(`    ${printRandomFault(spec)}`);
    lines.push('  }');
  }
  if (config.expectations.length > 0) lines.push('', '  expect {', ...config.expectations.map((e) => `    ${e.text}`), '  }');
  lines.push('}');
  return lines.join('\n') + '\n';
}

function printCluster(config: SimConfig): string[] {
  const declaration = protocolDeclaration(config.protocol.name);
  const options: string[] = [];
  for (const option of declaration?.options ?? []) {
    const value = config.protocol.options[option.name];
    if (value === undefined) continue;
    if (option.repeatable === true && Array.isArray(value)) {
      for (const item of value) options.push(`      ${option.name} ${item}`);
      continue;
    }
    options.push(`      ${option.name} ${optionText(option.type, value)}`);
  }
  return [
    '  cluster {',
    `    nodes ${config.nodes.join(', ')}`,
    options.length === 0 ? `    protocol ${config.protocol.name}` : `    protocol ${config.protocol.name} {`,
    ...(options.length === 0 ? [] : [...options, '    }']),
    '  }',
  ];
}

function optionText(type: string, value: OptionValue): string {
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'object') return rangeText(value);
  if (typeof value === 'string') return value;
  switch (type) {
    case 'duration':
      return durationText(value);
    case 'duration-range':
      return rangeText({ min: value, max: value });
    case 'percent':
      return percentText(value);
    case 'rate':
      return `${value}/s`;
    default:
      return String(value);
  }
}

function latencyText(latency: LatencyDistribution): string {
  switch (latency.kind) {
    case 'fixed':
      return durationText(latency.us);
    case 'uniform':
      return `uniform ${durationText(latency.minUs)}..${durationText(latency.maxUs)}`;
    case 'normal':
      return `normal ${durationText(latency.meanUs)} sd ${durationText(latency.sdUs)}`;
    case 'exponential':
      return `exponential ${durationText(latency.meanUs)}`;
  }
}

/** Link settings as words: `latency 80ms drop 10%`. */
function linkSettings(properties: Partial<LinkProperties>): string[] {
  const words: string[] = [];
  if (properties.latency !== undefined) words.push(`latency ${latencyText(properties.latency)}`);
  if (properties.drop !== undefined) words.push(`drop ${percentText(properties.drop)}`);
  if (properties.duplicate !== undefined) words.push(`duplicate ${percentText(properties.duplicate)}`);
  if (properties.reorder !== undefined) words.push(`reorder ${percentText(properties.reorder)}`);
  if (properties.bandwidthBytesPerSec !== undefined && properties.bandwidthBytesPerSec > 0) words.push(`bandwidth ${properties.bandwidthBytesPerSec * 8}bps`);
  return words;
}

function printNetwork(config: SimConfig): string[] {
  const lines = ['  network {', ...linkSettings(config.network.defaults).map((setting) => `    ${setting}`)];
  for (const link of config.network.links) {
    const { from, to, line: _line, ...properties } = link;
    const settings = linkSettings(properties);
    if (settings.length > 0) lines.push(`    link ${from} -> ${to} ${settings.join(' ')}`);
  }
  const regions = new Map<string, string[]>();
  for (const node of config.nodes) {
    const region = config.network.regions[node];
    if (region !== undefined) regions.set(region, [...(regions.get(region) ?? []), node]);
  }
  for (const [region, nodes] of regions) lines.push(`    region ${region} ${nodes.join(', ')}`);
  lines.push('  }');
  return lines;
}

function printClient(client: ClientConfig): string[] {
  const body: string[] = [];
  for (const op of client.ops) {
    const keys = op.keys.length > 0 ? ` ${op.keys.join(', ')}` : '';
    const every = op.intervalUs.max > 0 ? ` every ${rangeText(op.intervalUs)}` : '';
    body.push(`${op.op}${keys}${every}`);
  }
  if (client.closedLoop) body.push('closed loop');
  if (client.timeoutUs !== null) body.push(`timeout ${durationText(client.timeoutUs)}`);
  if (client.retry !== null) {
    const r = client.retry;
    const count = r.maxRetries === null ? 'forever' : String(r.maxRetries);
    const delay = r.backoff === 'none' ? '' : r.backoff === 'constant' ? ` ${durationText(r.baseUs)}` : ` ${durationText(r.baseUs)}..${durationText(r.capUs)}`;
    body.push(`retry ${count} backoff ${r.backoff}${delay} jitter ${r.jitter}`);
  }
  if (client.idempotencyKeyTtlUs !== null) body.push(`idempotency key ttl ${durationText(client.idempotencyKeyTtlUs)}`);
  body.push(`read from ${client.readFrom}`);
  if (client.startUs > 0) body.push(`start at ${durationText(client.startUs)}`);
  if (client.stopUs !== null) body.push(`stop at ${durationText(client.stopUs)}`);
  const counted = client.count > 1 ? `${client.name} * ${client.count}` : client.name;
  const place = client.place === undefined ? '' : 'near' in client.place ? ` near ${client.place.near}` : ` in ${client.place.region}`;
  const name = counted + place;
  return [`    client ${name} {`, ...body.map((line) => `      ${line}`), '    }'];
}

function timing(fault: ScheduledFault): string {
  return fault.atMaxUs === undefined ? `at ${durationText(fault.atUs)}` : `at ${durationText(fault.atUs)}..${durationText(fault.atMaxUs)}`;
}

/** `from A to B` when the fault undoes itself after `undoAfterUs` (and its time is not drawn), else `at A`. */
function roleTiming(fault: ScheduledFault, undoAfterUs: number | undefined): string {
  if (undoAfterUs === undefined || fault.atMaxUs !== undefined) return timing(fault);
  return `from ${durationText(fault.atUs)} to ${durationText(fault.atUs + undoAfterUs)}`;
}

/**
 * A message fault line after its time: `drop next AppendEntries n1 -> n2`, `delay next ... by 200ms`,
 * or by its send time, `drop AppendEntries n1 -> n2 sent at 2.301s` (written exactly: it must name
 * the very microsecond again).
 */
export function messageFaultText(action: Pick<MessageFaultAction, 'effect' | 'messageType' | 'from' | 'to' | 'delayUs' | 'sentAtUs'>): string {
  const link = `${action.messageType} ${action.from} -> ${action.to}`;
  const head = action.sentAtUs === undefined ? `${action.effect} next ${link}` : `${action.effect} ${link} sent at ${durationText(action.sentAtUs)}`;
  return action.effect === 'delay' ? `${head} by ${durationText(action.delayUs ?? 0)}` : head;
}

/** One or more lines: a window on links no single line can name is written link by link. */
export function printScheduledFault(fault: ScheduledFault, nodes: readonly string[]): string[] {
  const action = fault as FaultAction;
  switch (action.type) {
    case 'crash':
    case 'restart':
      return [`${timing(fault)} ${action.type} ${action.node}`];
    case 'pause':
      return [`${timing(fault)} pause ${action.node} for ${durationText(action.durationUs)}`];
    case 'heal':
      return [`${timing(fault)} heal`];
    case 'clock-jump':
      return [`${timing(fault)} skew ${action.node} ${signedDurationText(action.deltaUs)}`];
    case 'partition':
      return partitionLines(action.partition, nodes).map((shape) => `${timing(fault)} partition ${shape}`);
    // Faults that follow a role print the role back; a window is how the language says "undo it
    // on the same node later" (compile-faults.ts turns the window into these fields).
    case 'role-crash':
      return [`${roleTiming(fault, action.restartAfterUs)} crash ${action.target.role}`];
    case 'role-pause':
      return [`${timing(fault)} pause ${action.target.role} for ${durationText(action.durationUs)}`];
    case 'role-clock-jump':
      return [`${roleTiming(fault, action.jumpBackAfterUs)} skew ${action.target.role} ${signedDurationText(action.deltaUs)}`];
    case 'role-partition':
      return [`${timing(fault)} partition ${action.label}`];
    case 'message':
      return [`${timing(fault)} ${messageFaultText(action)}`];
    case 'link-window': {
      const window = `from ${durationText(fault.atUs)} to ${durationText(action.untilUs)}`;
      const effects: string[] = [];
      if (action.drop !== undefined) effects.push(`drop ${percentText(action.drop)}`);
      if (action.extraLatencyUs !== undefined) effects.push(`delay ${durationText(action.extraLatencyUs)}`);
      if (action.duplicate !== undefined) effects.push(`duplicate ${percentText(action.duplicate)}`);
      const links = linkShapes(action.links, nodes);
      return effects.flatMap((effect) => links.map((shape) => `${window} ${effect}${shape}`));
    }
  }
}

function samePairs(a: ReadonlyArray<readonly [string, string]>, b: ReadonlyArray<readonly [string, string]>): boolean {
  return a.length === b.length && a.every(([x, y], i) => b[i]![0] === x && b[i]![1] === y);
}

const unique = (items: readonly string[]) => [...new Set(items)];

/** The link part of a window line: '' (every link), ` a, b -> c`, or one line per link. */
function linkShapes(links: ReadonlyArray<readonly [string, string]>, nodes: readonly string[]): string[] {
  if (samePairs(links, directedPairs(nodes, nodes, true))) return [''];
  const sources = unique(links.map(([a]) => a));
  const targets = unique(links.map(([, b]) => b));
  if (samePairs(links, directedPairs(sources, targets, false))) return [` ${sources.join(', ')} -> ${targets.join(', ')}`];
  return links.map(([a, b]) => ` ${a} -> ${b}`);
}

/**
 * A partition as the language writes it. Labels from the compiler are already syntax
 * (`n1 | n2, n3`, `n1 -> n2`, `n1 <-> n2`, `majorities ring`, `bridge n3`); random partitions carry a
 * `random: ` prefix. When the label does not describe exactly the cut, each cut link is written
 * as its own one-way partition (the cuts of simultaneous partitions add up).
 */
function partitionLines(partition: PartitionSpec, nodes: readonly string[]): string[] {
  const label = partition.label.replace(/^random:\s*/, '');
  // These shapes depend only on the node list, which printing keeps as it is.
  if (label === 'majorities ring' || /^bridge \w+$/.test(label)) return [label];
  const expected = blockedByLabel(label, nodes);
  if (expected !== null && samePairs(partition.blocked, expected)) return [label];
  if (expected !== null && sameSet(partition.blocked, expected)) return [label];
  return partition.blocked.map(([a, b]) => `${a} -> ${b}`);
}

function sameSet(a: ReadonlyArray<readonly [string, string]>, b: ReadonlyArray<readonly [string, string]>): boolean {
  const key = ([x, y]: readonly [string, string]) => `${x}\u0000${y}`;
  const set = new Set(a.map(key));
  return a.length === b.length && set.size === new Set(b.map(key)).size && b.every((pair) => set.has(key(pair)));
}

/** The cut a group or one-way label stands for; null for shapes this printer does not re-derive. */
function blockedByLabel(label: string, nodes: readonly string[]): Array<[string, string]> | null {
  const names = (text: string) => text.split(',').map((name) => name.trim()).filter((name) => name.length > 0);
  if (label.includes('<->')) {
    const [from, to] = label.split('<->').map(names);
    return cutBothWays(from ?? [], to ?? []);
  }
  if (label.includes('->')) {
    const [from, to] = label.split('->').map(names);
    return cutOneWay(from ?? [], to ?? []);
  }
  const groups = label.split('|').map(names);
  if (groups.length < 2 || groups.some((group) => group.some((node) => !nodes.includes(node)))) return null;
  const listed = new Set(groups.flat());
  const rest = nodes.filter((node) => !listed.has(node));
  if (rest.length > 0) groups.push(rest);
  return cutBetweenGroups(groups);
}

export function printRandomFault(spec: RandomFaultSpec): string {
  const what = spec.kind === 'clock-jump' ? 'skew' : spec.kind;
  const magnitude = spec.kind === 'clock-jump' ? ` ${durationText(spec.magnitude)}` : spec.kind === 'drop' ? ` ${percentText(spec.magnitude)}` : '';
  const victims = [...spec.nodes, ...(spec.roles ?? []).map((target) => target.role)];
  const on = victims.length > 0 ? ` on ${victims.join(', ')}` : '';
  return `every ${rangeText(spec.everyUs)} random ${what}${magnitude} for ${rangeText(spec.durationUs)}${on}`;
}
