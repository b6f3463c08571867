// Protocol-specific consistency that a single option's type cannot express.

import type { IntValue, Scenario } from '../ast.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import { optionDeclaration } from '../../protocols/options-registry.ts';

export function checkProtocol(scenario: Scenario, nodes: readonly string[], sink: DiagnosticSink): void {
  const protocol = scenario.cluster?.protocol;
  if (protocol?.name.name !== 'leaderless') return;
  const written = (name: string): IntValue | undefined => {
    const option = [...protocol.options].reverse().find((o) => o.name === name);
    return option?.value?.kind === 'Int' ? option.value : undefined;
  };
  const fallback = (name: string) => optionDeclaration('leaderless', name)?.default as number;
  const n = written('n');
  const nValue = n?.value ?? fallback('n');
  for (const name of ['r', 'w']) {
    const value = written(name);
    const effective = value?.value ?? fallback(name);
    if (effective > nValue) {
      const range = value?.range ?? n?.range ?? protocol.range;
      sink.error('FL050', range, `${name.toUpperCase()} = ${effective} is larger than N = ${nValue}: a ${name === 'r' ? 'read' : 'write'} could never gather that many replicas.`);
    }
  }
  if (nodes.length > 0 && nValue > nodes.length) {
    sink.error('FL051', n?.range ?? protocol.range, `N = ${nValue} replicas, but the cluster has only ${nodes.length} node${nodes.length === 1 ? '' : 's'}.`);
  }
}
