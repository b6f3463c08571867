// `cluster { nodes ...; protocol NAME { options } }`

import type { Block, Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Cluster, Nodes, Protocol } from '../ast.ts';
import { dispatchStatements, noteDuplicate } from './dispatch.ts';
import { rejectBlock } from './reader.ts';
import { buildOptions } from './options.ts';
import { PROTOCOL_NAMES, protocolDeclaration } from '../../protocols/options-registry.ts';
import { didYouMean } from '../suggest.ts';
import { markAttempted } from './attempted.ts';

/** What the reader says it wanted, made once rather than for every cluster. */
const PROTOCOL_WANTED = `a protocol name (${PROTOCOL_NAMES.join(', ')})`;

export function buildCluster(statement: Statement, block: Block, sink: DiagnosticSink): Cluster {
  const cluster: Cluster = { kind: 'Cluster', range: statement.range };
  dispatchStatements(
    block.statements,
    {
      nodes: (line, reader) => {
        markAttempted(cluster, 'nodes');
        reader.next();
        rejectBlock(line, sink, 'nodes');
        let nodes: Nodes | undefined;
        if (reader.isQuantity()) {
          const count = reader.readInt();
          if (count !== undefined) nodes = { kind: 'Nodes', names: [], count, range: line.range };
        } else {
          const names = reader.readNameList('node names like `n1, n2, n3` or a count like `5`', true);
          if (names !== undefined) nodes = { kind: 'Nodes', names, range: line.range };
        }
        reader.finish();
        if (nodes !== undefined) cluster.nodes = noteDuplicate(cluster.nodes, nodes, sink, 'nodes');
      },
      protocol: (line, reader) => {
        markAttempted(cluster, 'protocol');
        reader.next();
        const name = reader.readIdentifier(PROTOCOL_WANTED);
        reader.finish();
        if (name === undefined) return;
        const protocol: Protocol = { kind: 'Protocol', name, options: [], range: line.range };
        const declaration = protocolDeclaration(name.name);
        if (declaration === undefined) {
          sink.error(
            'FL022',
            name.range,
            `There is no protocol \`${name.name}\`.${didYouMean(name.name, PROTOCOL_NAMES)} Protocols: ${PROTOCOL_NAMES.join(', ')}.`,
          );
        } else if (line.block !== undefined) {
          protocol.options = buildOptions(declaration, line.block.statements, sink);
        }
        cluster.protocol = noteDuplicate(cluster.protocol, protocol, sink, 'protocol');
      },
    },
    sink,
    'a cluster block',
  );
  return cluster;
}
