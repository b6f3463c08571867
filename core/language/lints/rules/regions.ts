// FL213: nodes declared in several regions but one latency for every link. Cross-region links
// are an order of magnitude slower; a flat latency hides what decides leader placement.

import type { LintContext } from '../context.ts';
import { finding } from '../finding.ts';
import type { LintDiagnostic } from '../types.ts';

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
    finding('FL213', anchor, `Nodes are spread over ${distinct.size} regions (${[...distinct].join(', ')}) but every link has the same latency: cross-region links are far slower than links inside a region`, [], regions.map((r) => ({ range: r.range, message: `region ${r.name.name}` }))),
  ];
}
