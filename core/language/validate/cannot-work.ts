// Configurations that run but cannot work: every try of an operation fails, or a node the scenario
// names never takes part. The run would say so only as a wall of failed operations (and verdicts
// that judge nothing but failures) or not at all, so the validator says it first, as a warning.

import type { Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Range } from '../range.ts';
import { compileProtocol } from '../compile-protocol.ts';
import { protocolDeclaration } from '../../protocols/options-registry.ts';
import { MIN_NODES } from '../../protocols/service/settings.ts';
import type { OptionValue } from '../../types/sim-config.ts';

export function checkConfigurationWorks(scenario: Scenario, nodes: readonly string[], sink: DiagnosticSink): void {
  const protocol = scenario.cluster?.protocol;
  if (protocol === undefined || protocolDeclaration(protocol.name.name) === undefined) return;
  const options = compileProtocol(scenario, nodes).options;
  checkOperations(scenario, options, sink);
  if (protocol.name.name === 'service') checkServiceRoles(scenario, nodes, options, sink);
}

/** FL054: an operation line the protocol refuses on every try, under these options. */
function checkOperations(scenario: Scenario, options: Readonly<Record<string, OptionValue>>, sink: DiagnosticSink): void {
  const refuses = protocolDeclaration(scenario.cluster!.protocol!.name.name)!.refuses;
  const clients = scenario.workload?.clients ?? [];
  if (refuses === undefined || clients.length === 0) return;
  const refused: Array<{ range: Range; op: string; reason: string }> = [];
  let total = 0;
  for (const client of clients) {
    for (const operation of client.ops) {
      total++;
      const reason = refuses(operation.op.name, options);
      if (reason !== undefined) refused.push({ range: operation.op.range, op: operation.op.name, reason });
    }
  }
  // When nothing the clients send can succeed, the expectations grade a history of failures.
  const expectation = refused.length === total ? scenario.expect?.items[0] : undefined;
  for (const { range, op, reason } of refused) {
    const related = expectation === undefined ? undefined : [{ range: expectation.range, message: `\`${expectation.text}\` judges only failed operations` }];
    sink.warning('FL054', range, `Every \`${op}\` fails here: ${reason}.`, related);
  }
}

/** FL055: service nodes that play no part (more nodes than instances), or too few nodes for the parts. */
function checkServiceRoles(scenario: Scenario, nodes: readonly string[], options: Readonly<Record<string, OptionValue>>, sink: DiagnosticSink): void {
  const cluster = scenario.cluster!;
  const anchor = cluster.nodes?.range ?? cluster.protocol!.range;
  if (nodes.length === 0) return;
  if (nodes.length < MIN_NODES) {
    sink.warning('FL055', anchor, `A service needs at least ${MIN_NODES} nodes, a load balancer (the first), an instance and a database (the last); with ${nodes.length} every request fails.`);
    return;
  }
  const middle = nodes.slice(1, -1);
  const written = [...cluster.protocol!.options].reverse().find((o) => o.name === 'instances');
  const instances = typeof options['instances'] === 'number' ? Math.max(1, Math.floor(options['instances'])) : middle.length;
  const between = `${middle.length} node${middle.length === 1 ? '' : 's'} stand${middle.length === 1 ? 's' : ''} between the load balancer ${nodes[0]} and the database ${nodes[nodes.length - 1]}`;
  if (instances < middle.length) {
    const idle = middle.slice(instances);
    const what = written === undefined ? `\`instances\` defaults to ${instances}` : `\`instances ${instances}\``;
    sink.warning(
      'FL055',
      written?.range ?? anchor,
      `${what}, but ${between}: ${idle.join(', ')} ${idle.length === 1 ? 'serves' : 'serve'} nothing. Write \`instances ${middle.length}\` or remove ${idle.length === 1 ? 'it' : 'them'}.`,
    );
  } else if (instances > middle.length && written !== undefined) {
    sink.warning('FL055', written.range, `\`instances ${instances}\`, but only ${between}: ${middle.length === 1 ? 'one instance serves' : `${middle.length} instances serve`}. Add nodes, or write \`instances ${middle.length}\`.`);
  }
}
