// FL201: a consensus cluster of even size, or of two nodes. A majority of N is ⌊N/2⌋+1, so an
// even N tolerates no more failures than N−1 while every decision waits for one more vote.

import type { LintContext } from '../context.ts';
import { endInsert, replace } from '../context.ts';
import { finding } from '../finding.ts';
import type { LintDiagnostic, LintFix } from '../types.ts';

/** Protocols that decide by majority vote. */
const MAJORITY_PROTOCOLS = new Set(['raft']);

export function lintClusterSize(ctx: LintContext): LintDiagnostic[] {
  const { nodes, protocol, nodeCount } = ctx.scenario;
  if (nodes === undefined || protocol === undefined || !MAJORITY_PROTOCOLS.has(protocol.name.name)) return [];
  if (nodeCount === 0 || nodeCount % 2 === 1) return [];
  const majority = Math.floor(nodeCount / 2) + 1;
  const tolerated = nodeCount - majority;
  const message =
    nodeCount === 2
      ? `A 2-node ${protocol.name.name} cluster needs both nodes for a majority: losing either one stops all progress, which makes it less available than a single node`
      : `A ${nodeCount}-node ${protocol.name.name} cluster needs ${majority} for a majority and survives ${tolerated} failure${tolerated === 1 ? '' : 's'}, the same as ${nodeCount - 1} nodes, while each write waits for one more vote`;
  const fixes: LintFix[] = [];
  const lastName = nodes.names[nodes.names.length - 1];
  if (lastName !== undefined) {
    const taken = new Set(nodes.names.map((n) => n.name));
    let next = nodes.names.length + 1;
    while (taken.has(`n${next}`)) next++;
    fixes.push({ title: `Add node n${next} (${nodeCount + 1} nodes survive ${tolerated + 1} failure${tolerated + 1 === 1 ? '' : 's'})`, edits: [endInsert(lastName.range, `, n${next}`)] });
  } else if (nodes.count !== undefined) {
    fixes.push({ title: `Use ${nodeCount + 1} nodes (survives ${tolerated + 1} failure${tolerated + 1 === 1 ? '' : 's'})`, edits: [replace(nodes.count.range, String(nodeCount + 1))] });
  }
  return [finding('FL201', nodes.range, message, fixes)];
}
