// The pieces every scenario needs before it can run: a length, a cluster with nodes and a
// protocol. Reported on the scenario's name so the message sits where the reader looks.

import type { Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { MAX_NODES } from '../node-names.ts';

export function checkRequired(scenario: Scenario, sink: DiagnosticSink): void {
  const at = scenario.name.range;
  const name = scenario.name.value;
  if (scenario.runFor === undefined) sink.error('FL033', at, `Scenario "${name}" needs a length: add \`run for 10s\`.`);
  if (scenario.cluster === undefined) {
    sink.error('FL033', at, `Scenario "${name}" needs a cluster: cluster { nodes n1, n2, n3  protocol raft }.`);
    return;
  }
  const cluster = scenario.cluster;
  if (cluster.nodes === undefined) {
    sink.error('FL034', cluster.range, 'This cluster has no nodes: add `nodes n1, n2, n3` or `nodes 3`.');
  } else if (cluster.nodes.count !== undefined && cluster.nodes.count.value === 0) {
    sink.error('FL034', cluster.nodes.range, 'A cluster needs at least one node.');
  } else if (cluster.nodes.count !== undefined && cluster.nodes.count.value > MAX_NODES) {
    sink.error('FL009', cluster.nodes.count.range, `At most ${MAX_NODES} nodes are supported.`);
  }
  if (cluster.protocol === undefined) {
    sink.error('FL033', cluster.range, 'This cluster has no protocol: add `protocol raft` (or another protocol) inside it.');
  }
}
