// From a resolved, valid scenario to the SimConfig the simulator reads: integer microseconds,
// fractions instead of percentages, node names spelled out, defaults filled in.

import type {
  ClientConfig,
  Expectation as ExpectationConfig,
  LatencyDistribution,
  LinkOverride,
  LinkProperties,
  RetryPolicy,
  SimConfig,
} from '../types/sim-config.ts';
import type { Client, LinkSetting, Scenario } from './ast.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { Range } from './range.ts';
import { analyze } from './analyze.ts';
import { nodeNamesOf } from './node-names.ts';
import { expandFaults } from './compile-faults.ts';
import { compileProtocol } from './compile-protocol.ts';
import type { ResolvedScenario } from './resolve.ts';

/** `internalError`: the analysis or the compiler failed (a bug); hosts report it, not the file. */
export type CompileResult = { config: SimConfig | null; diagnostics: Diagnostic[]; scenarios: string[]; internalError?: unknown };

/** Defaults for a network block that leaves things out: a fast, reliable LAN. */
export const DEFAULT_LINK: LinkProperties = {
  latency: { kind: 'uniform', minUs: 1_000, maxUs: 5_000 },
  drop: 0,
  duplicate: 0,
  reorder: 0,
  bandwidthBytesPerSec: 0,
};
/** The server-side idempotency table keeps keys this long when `ttl` is not written. */
const DEFAULT_IDEMPOTENCY_TTL_US = 24 * 3_600_000_000;
const DEFAULT_BACKOFF_US = 100_000;
const DEFAULT_BACKOFF_CAP_US = 10_000_000;

export function compile(text: string, scenario?: string): CompileResult {
  const analyzed = analyze(text);
  const scenarios = analyzed.ast.scenarios.map((s) => s.name.value);
  if (analyzed.internalError !== undefined) return { config: null, diagnostics: analyzed.diagnostics, scenarios, internalError: analyzed.internalError };
  const chosen = scenario === undefined ? analyzed.resolved[0] : analyzed.resolved.find((r) => r.source.name.value === scenario);
  if (chosen === undefined) return { config: null, diagnostics: analyzed.diagnostics, scenarios };
  const blocking = analyzed.diagnostics.some((d) => d.severity === 'error' && concerns(d.range, chosen, analyzed.ast.scenarios));
  if (blocking) return { config: null, diagnostics: analyzed.diagnostics, scenarios };
  try {
    return { config: compileScenario(chosen.scenario), diagnostics: analyzed.diagnostics, scenarios };
  } catch (error) {
    // A gap in validation must not crash the caller: it gets no config, and the error to report.
    return { config: null, diagnostics: analyzed.diagnostics, scenarios, internalError: error };
  }
}

/** An error blocks a scenario when it sits in it, in one of its ancestors, or outside every scenario. */
function concerns(range: Range, chosen: ResolvedScenario, all: readonly Scenario[]): boolean {
  const inside = (s: Scenario) => range.start.line >= s.range.start.line && range.start.line <= s.range.end.line;
  if ([chosen.source, ...chosen.ancestors].some(inside)) return true;
  return !all.some(inside);
}

export function compileScenario(scenario: Scenario): SimConfig {
  const nodes = nodeNamesOf(scenario.cluster);
  const { timeline, random } = expandFaults(scenario.faults?.items ?? [], nodes, scenario.cluster?.protocol?.name.name);
  return {
    scenario: scenario.name.value,
    seed: scenario.seed?.value.value ?? 1,
    runForUs: scenario.runFor!.duration.us,
    nodes,
    protocol: compileProtocol(scenario, nodes),
    network: compileNetwork(scenario, nodes),
    clocks: scenario.clocks.map((c) => ({ node: c.node.name, skewUs: c.skew?.us ?? 0, driftPpm: c.drift?.ppm ?? 0, line: c.range.start.line + 1 })),
    clients: (scenario.workload?.clients ?? []).map((c) => compileClient(c, scenario.cluster?.protocol?.name.name)),
    faults: timeline.map((entry) => entry.scheduled),
    randomFaults: random,
    expectations: (scenario.expect?.items ?? []).map((e) => {
      const out: ExpectationConfig = { kind: e.property, text: e.text, line: e.range.start.line + 1 };
      if (e.within !== undefined) out.withinUs = e.within.us;
      if (e.after !== undefined) out.after = e.after.name;
      else if (e.property === 'leader-within') out.after = 'start';
      return out;
    }),
  };
}

function compileNetwork(scenario: Scenario, nodes: readonly string[]): SimConfig['network'] {
  const network = scenario.network;
  const defaults: LinkProperties = { ...DEFAULT_LINK };
  Object.assign(defaults, linkProperties(network?.settings ?? []));
  const links: LinkOverride[] = [];
  for (const link of network?.links ?? []) {
    const properties = linkProperties(link.settings);
    const line = link.range.start.line + 1;
    links.push({ ...properties, from: link.from.name, to: link.to.name, line });
    if (link.bidirectional) links.push({ ...properties, from: link.to.name, to: link.from.name, line });
  }
  const regions: Record<string, string> = {};
  for (const region of network?.regions ?? []) for (const node of region.nodes) if (nodes.includes(node.name)) regions[node.name] = region.name.name;
  return { defaults, links, regions };
}

function linkProperties(settings: readonly LinkSetting[]): Partial<LinkProperties> {
  const out: Partial<LinkProperties> = {};
  for (const setting of settings) {
    switch (setting.kind) {
      case 'Latency':
        out.latency = latency(setting);
        break;
      case 'Drop':
        out.drop = setting.percent.percent / 100;
        break;
      case 'Duplicate':
        out.duplicate = setting.percent.percent / 100;
        break;
      case 'Reorder':
        out.reorder = setting.percent.percent / 100;
        break;
      case 'BandwidthSetting':
        out.bandwidthBytesPerSec = setting.value.bytesPerSec;
        break;
    }
  }
  return out;
}

function latency(setting: Extract<LinkSetting, { kind: 'Latency' }>): LatencyDistribution {
  switch (setting.distribution) {
    case 'fixed':
      return { kind: 'fixed', us: setting.first.us };
    case 'uniform':
      return { kind: 'uniform', minUs: setting.first.us, maxUs: setting.second!.us };
    case 'normal':
      return { kind: 'normal', meanUs: setting.first.us, sdUs: setting.second!.us };
    case 'exponential':
      return { kind: 'exponential', meanUs: setting.first.us };
  }
}

function compileClient(client: Client, protocol: string | undefined): ClientConfig {
  const line = client.range.start.line + 1;
  let retry: RetryPolicy | null = null;
  if (client.retry !== undefined) {
    const r = client.retry;
    const delay = r.backoffDelay;
    const baseUs = delay === undefined ? DEFAULT_BACKOFF_US : delay.kind === 'Duration' ? delay.us : delay.min.us;
    const backoff = (r.backoff?.name ?? 'exponential') as RetryPolicy['backoff'];
    const capUs = delay?.kind === 'DurationRange' ? delay.max.us : backoff === 'exponential' ? Math.max(DEFAULT_BACKOFF_CAP_US, baseUs) : baseUs;
    retry = {
      maxRetries: r.count?.value ?? null,
      backoff,
      baseUs,
      capUs,
      jitter: (r.jitter?.name ?? 'none') as RetryPolicy['jitter'],
      line: r.range.start.line + 1,
    };
  }
  const config: ClientConfig = {
    name: client.name.name,
    ops: client.ops.map((op) => ({
      op: op.op.name as ClientConfig['ops'][number]['op'],
      keys: op.keys.map((k) => k.name),
      intervalUs: op.every === undefined ? { min: 0, max: 0 } : op.every.kind === 'Duration' ? { min: op.every.us, max: op.every.us } : { min: op.every.min.us, max: op.every.max.us },
      line: op.range.start.line + 1,
    })),
    closedLoop: client.closedLoop !== undefined,
    timeoutUs: client.timeout?.value.us ?? null,
    retry,
    idempotencyKeyTtlUs: client.idempotency === undefined ? null : client.idempotency.ttl?.us ?? DEFAULT_IDEMPOTENCY_TTL_US,
    readFrom: (client.readFrom?.target.name ?? defaultReadTarget(protocol)) as ClientConfig['readFrom'],
    startUs: client.startAt?.at.us ?? 0,
    stopUs: client.stopAt?.at.us ?? null,
    count: client.count?.value ?? 1,
    line,
  };
  // Only a placed client carries a place: every other config (and report) keeps its shape.
  if (client.place !== undefined) config.place = client.place.word === 'near' ? { near: client.place.target.name } : { region: client.place.target.name };
  return config;
}

/** Where reads go when the client does not say: the node that owns the data in that protocol. */
function defaultReadTarget(protocol: string | undefined): string {
  if (protocol === 'raft') return 'leader';
  if (protocol === 'primary_backup') return 'primary';
  return 'any';
}
