// The statements of a scenario block: seed, run for, cluster, network, clock, workload,
// faults and expect. Each block has its own builder file.

import type { Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Clock, Scenario } from '../ast.ts';
import { dispatchStatements, noteDuplicate } from './dispatch.ts';
import { rejectBlock, type StatementReader } from './reader.ts';
import { buildCluster } from './cluster.ts';
import { buildNetwork } from './network.ts';
import { buildWorkload } from './workload.ts';
import { buildFaults } from './faults.ts';
import { buildExpect } from './expect.ts';
import { markAttempted } from './attempted.ts';

export function buildScenarioBody(scenario: Scenario, statements: readonly Statement[], sink: DiagnosticSink): void {
  /** Block statements share this check: `cluster` without `{` gets a clear message. */
  const blockOf = (statement: Statement, reader: StatementReader, name: string) => {
    reader.next();
    reader.finish();
    if (statement.block === undefined) {
      sink.error('FL015', statement.range, `\`${name}\` needs a block: ${name} { ... }`);
      return undefined;
    }
    return statement.block;
  };

  dispatchStatements(
    statements,
    {
      seed: (statement, reader) => {
        reader.next();
        const value = reader.readInt();
        reader.finish();
        rejectBlock(statement, sink, 'seed');
        if (value !== undefined) scenario.seed = noteDuplicate(scenario.seed, { kind: 'Seed', value, range: statement.range }, sink, 'seed');
      },
      run: (statement, reader) => {
        markAttempted(scenario, 'run for');
        reader.next();
        if (!reader.acceptWords('for')) {
          reader.expected('`for` (as in `run for 10s`)');
          return;
        }
        const duration = reader.readDuration();
        reader.finish();
        rejectBlock(statement, sink, 'run for');
        if (duration !== undefined) {
          scenario.runFor = noteDuplicate(scenario.runFor, { kind: 'RunFor', duration, range: statement.range }, sink, 'run for');
        }
      },
      cluster: (statement, reader) => {
        markAttempted(scenario, 'cluster');
        const block = blockOf(statement, reader, 'cluster');
        if (block === undefined) return;
        scenario.cluster = noteDuplicate(scenario.cluster, buildCluster(statement, block, sink), sink, 'cluster');
      },
      network: (statement, reader) => {
        const block = blockOf(statement, reader, 'network');
        if (block === undefined) return;
        scenario.network = noteDuplicate(scenario.network, buildNetwork(statement, block, sink), sink, 'network');
      },
      clock: (statement, reader) => {
        const clock = buildClock(statement, reader);
        rejectBlock(statement, sink, 'clock');
        if (clock !== undefined) scenario.clocks.push(clock);
      },
      workload: (statement, reader) => {
        const block = blockOf(statement, reader, 'workload');
        if (block === undefined) return;
        scenario.workload = noteDuplicate(scenario.workload, buildWorkload(statement, block, sink), sink, 'workload');
      },
      faults: (statement, reader) => {
        const block = blockOf(statement, reader, 'faults');
        if (block === undefined) return;
        scenario.faults = noteDuplicate(scenario.faults, buildFaults(statement, block, sink), sink, 'faults');
      },
      expect: (statement, reader) => {
        const block = blockOf(statement, reader, 'expect');
        if (block === undefined) return;
        scenario.expect = noteDuplicate(scenario.expect, buildExpect(statement, block, sink), sink, 'expect');
      },
    },
    sink,
    'a scenario',
  );
}

/** `clock n3 skew +120ms drift 40ppm` (either part may be left out, not both). */
function buildClock(statement: Statement, reader: StatementReader): Clock | undefined {
  reader.next();
  const node = reader.readIdentifier('a node name');
  if (node === undefined) return undefined;
  const clock: Clock = { kind: 'Clock', node, range: statement.range };
  while (!reader.atEnd()) {
    if (reader.acceptWords('skew')) {
      const skew = reader.readDuration(true);
      if (skew === undefined) return clock;
      clock.skew = skew;
    } else if (reader.acceptWords('drift')) {
      const drift = reader.readPpm();
      if (drift === undefined) return clock;
      clock.drift = drift;
    } else {
      reader.expected('`skew` or `drift`');
      return clock;
    }
  }
  if (clock.skew === undefined && clock.drift === undefined) reader.expected('`skew` or `drift`');
  return clock;
}
