// FL213: nodes declared in several regions but one latency for every link. Cross-region links
// are an order of magnitude slower; a flat latency hides what decides leader placement.

import type { LintContext } from '../context.ts';
import { indentOf } from '../context.ts';
import { finding } from '../finding.ts';
import type { LintDiagnostic, LintFix } from '../types.ts';

/** A typical one-way delay between regions; the author adjusts it to their geography. */
const CROSS_REGION_LATENCY = '80ms';
/** Beyond this many pairs a generated list of links would bury the file; no automatic fix. */
const MAX_GENERATED_LINKS = 12;

export function lintRegionLatency(ctx: LintContext): LintDiagnostic[] {
  const { regions, links, latency } = ctx.scenario;
  const regionOf = new Map<string, string>();
  for (const region of regions) for (const node of region.nodes) regionOf.set(node.name, region.name.name);
  const distinct = new Set(regionOf.values());
  if (distinct.size < 2) return [];
  const crossRegionLatencyOverride = links.some((link) => {
    const a = regionOf.get(link.from.name);
    const b = regionOf.get(link.to.name);
    return a !== undefined && b !== undefined && a !== b && link.settings.some((s) => s.kind === 'Latency');
  });
  if (crossRegionLatencyOverride) return [];
  const anchor = latency?.range ?? regions[0]!.range;
  return [
    finding('FL213', anchor, `Nodes are spread over ${distinct.size} regions (${[...distinct].join(', ')}) but every link has the same latency: cross-region links are far slower than links inside a region`, [crossRegionLinks(ctx, regionOf)], regions.map((r) => ({ range: r.range, message: `region ${r.name.name}` }))),
  ];
}

/** Adds a `link a <-> b latency 80ms` line for every pair of nodes in different regions. */
function crossRegionLinks(ctx: LintContext, regionOf: Map<string, string>): LintFix | undefined {
  const network = ctx.scenario.network;
  if (network === undefined || network.range.start.line === network.range.end.line) return undefined;
  const nodes = [...regionOf.keys()];
  const pairs: string[] = [];
  for (let i = 0; i < nodes.length; i++)
    for (let j = i + 1; j < nodes.length; j++) if (regionOf.get(nodes[i]!) !== regionOf.get(nodes[j]!)) pairs.push(`${nodes[i]} <-> ${nodes[j]}`);
  if (pairs.length === 0 || pairs.length > MAX_GENERATED_LINKS) return undefined;
  const closing = network.range.end.line;
  const indent = indentOf(ctx.lines, network.range.start.line) + '  ';
  return {
    title: `Give the ${pairs.length} cross-region link${pairs.length === 1 ? '' : 's'} their own latency (${CROSS_REGION_LATENCY})`,
    edits: [{ range: { start: { line: closing, character: 0 }, end: { line: closing, character: 0 } }, newText: pairs.map((p) => `${indent}link ${p} latency ${CROSS_REGION_LATENCY}\n`).join('') }],
  };
}
