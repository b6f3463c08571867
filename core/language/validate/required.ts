// The pieces every scenario needs before it can run: a length, a cluster with nodes and a
// protocol. Reported on the scenario's name so the message sits where the reader looks.

import type { DiagnosticSink } from '../diagnostic.ts';
import type { ResolvedScenario } from '../resolve.ts';
import { MAX_NODES, MAX_RUN_FOR_US } from '../limits.ts';
import { formatMicros } from '../../sim/format-micros.ts';
import { wasAttempted } from '../build/attempted.ts';

export function checkRequired(resolved: ResolvedScenario, sink: DiagnosticSink): void {
  const scenario = resolved.scenario;
  const at = scenario.name.range;
  const name = scenario.name.value;
  // A line that was written but unreadable already has its own diagnostic.
  const written = [resolved.source, ...resolved.ancestors];
  // A scenario cut off from its parent would have inherited what it lacks: only the broken
  // `extends` is reported (FL030, FL031, FL032, FL036), not every piece the parent held.
  const inherited = resolved.brokenChain;
  const tried = (statement: string) => inherited || written.some((s) => wasAttempted(s, statement));
  const triedInCluster = (statement: string) => inherited || written.some((s) => wasAttempted(s.cluster, statement));
  if (scenario.runFor === undefined && !tried('run for')) sink.error('FL033', at, `Scenario "${name}" needs a length: add \`run for 10s\`.`);
  else if (scenario.runFor !== undefined && scenario.runFor.duration.us > MAX_RUN_FOR_US) {
    sink.error('FL009', scenario.runFor.duration.range, `A run lasts at most ${formatMicros(MAX_RUN_FOR_US)} of simulated time.`);
  }
  if (scenario.cluster === undefined) {
    if (tried('cluster')) return;
    sink.error('FL033', at, `Scenario "${name}" needs a cluster: cluster { nodes n1, n2, n3  protocol raft }.`);
    return;
  }
  const cluster = scenario.cluster;
  if (cluster.nodes === undefined) {
    if (!triedInCluster('nodes')) sink.error('FL034', cluster.range, 'This cluster has no nodes: add `nodes n1, n2, n3` or `nodes 3`.');
  } else if (cluster.nodes.count !== undefined && cluster.nodes.count.value === 0) {
    sink.error('FL034', cluster.nodes.range, 'A cluster needs at least one node.');
  } else if (cluster.nodes.count !== undefined && cluster.nodes.count.value > MAX_NODES) {
    sink.error('FL009', cluster.nodes.count.range, `At most ${MAX_NODES} nodes are supported.`);
  } else if (cluster.nodes.names.length > MAX_NODES) {
    // The same cap as `nodes N`: a list is only another way of saying how many.
    sink.error('FL009', cluster.nodes.range, `This list names ${cluster.nodes.names.length} nodes; at most ${MAX_NODES} are supported.`);
  }
  if (cluster.protocol === undefined && !triedInCluster('protocol')) {
    sink.error('FL033', cluster.range, 'This cluster has no protocol: add `protocol raft` (or another protocol) inside it.');
  }
}
