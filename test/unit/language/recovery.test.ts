// Error recovery: one typo never hides the rest of the file.

import assert from 'node:assert/strict';
import { analyze } from '../../../core/language/index.ts';
import { describe_ } from './helpers.ts';

describe('error recovery', () => {
  it('a file with three separate mistakes reports all three and still builds the valid parts', () => {
    const text = `scenario "three mistakes" {
  seed 7
  run for 10s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      election timeout 150ms..300ms
      heartbeat evry 50ms
    }
  }
  network {
    latency 2ms..10ms
    drop 0.5
  }
  faults {
    at 2s partition n1 | n2, n3
    at 5s heal
    at 6s crash n7
  }
  expect {
    no split brain
  }
}
`;
    const { ast, diagnostics } = analyze(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ['FL023', 7],
        ['FL012', 12],
        ['FL020', 17],
      ],
      describe_(diagnostics),
    );
    const scenario = ast.scenarios[0]!;
    assert.deepEqual(scenario.cluster?.nodes?.names.map((n) => n.name), ['n1', 'n2', 'n3']);
    assert.deepEqual(scenario.cluster?.protocol?.options.map((o) => o.name), ['election timeout']);
    assert.deepEqual(scenario.network?.settings.map((s) => s.kind), ['Latency']);
    assert.deepEqual(scenario.faults?.items.map((f) => f.action.kind), ['Partition', 'Heal', 'Crash']);
    assert.equal(scenario.expect?.items[0]?.property, 'no-split-brain');
  });

  it('a block left open closes at the next scenario, so the next scenario is still read', () => {
    const text = `scenario "first" {
  run for 1s
  cluster {
    nodes n1
    protocol raft
scenario "second" {
  seed 4
}
`;
    const { ast, diagnostics } = analyze(text);
    assert.deepEqual(ast.scenarios.map((s) => s.name.value), ['first', 'second']);
    assert.equal(ast.scenarios[1]!.seed?.value.value, 4);
    const unclosed = diagnostics.filter((d) => d.code === 'FL004');
    assert.deepEqual(unclosed.map((d) => d.range.start.line), [0, 2]);
  });

  it('a stray closing brace is reported once and the statements after it still count', () => {
    const { ast, diagnostics } = analyze('scenario "s" {\n  seed 1\n  }\n  run for 2s\n}\n');
    assert.deepEqual(diagnostics.filter((d) => d.code === 'FL005').map((d) => d.range.start.line), [4]);
    // The brace on line 2 closed the scenario; `run for` then sits outside it.
    assert.ok(diagnostics.some((d) => d.code === 'FL011' && d.range.start.line === 3));
    assert.equal(ast.scenarios[0]!.seed?.value.value, 1);
  });

  it('an unterminated string keeps the rest of its line and the lines after it', () => {
    const { ast, diagnostics } = analyze('scenario "open {\n  seed 5\n}\n');
    assert.ok(diagnostics.some((d) => d.code === 'FL002'));
    assert.equal(ast.scenarios.length, 1);
  });

  it('one mistake gives one message: a bad value is not also reported as extra words', () => {
    const { diagnostics } = analyze('scenario "s" {\n  seed seven\n}\n');
    assert.deepEqual(diagnostics.filter((d) => d.range.start.line === 1).map((d) => d.code), ['FL009']);
  });

  it('a missing comma between node names is reported once and the names still count', () => {
    const text = 'scenario "s" {\n  run for 10s\n  cluster {\n    nodes n1 n2, n3\n    protocol raft\n  }\n  faults {\n    at 1s crash n3\n  }\n}\n';
    const { ast, diagnostics } = analyze(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.message]), [['FL010', 'Put a comma between `n1` and `n2`.']]);
    assert.deepEqual(ast.scenarios[0]!.cluster!.nodes!.names.map((n) => n.name), ['n1', 'n2', 'n3']);
  });

  it('a node number the cluster does not have gets no misleading "did you mean"', () => {
    const text = 'scenario "s" {\n  run for 10s\n  cluster {\n    nodes 3\n    protocol raft\n  }\n  faults {\n    at 1s crash n4\n    at 2s crash m1\n  }\n}\n';
    const messages = analyze(text).diagnostics.map((d) => d.message);
    assert.deepEqual(messages, ['There is no node `n4` in this cluster. Nodes: n1, n2, n3.', 'There is no node `m1` in this cluster. Did you mean `n1`? Nodes: n1, n2, n3.']);
  });

  it('partition groups in braces (an older draft) get one message saying how to write them', () => {
    const text = 'scenario "s" {\n  run for 10s\n  cluster {\n    nodes 3\n    protocol raft\n  }\n  faults {\n    at 2s partition {n1} | {n2, n3}\n  }\n}\n';
    const errors = analyze(text).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => [d.code, d.message]), [['FL015', 'Partition groups are written without braces: `partition n1 | n2, n3`.']]);
  });

  it('a bare { block } with no words before it is reported once in every kind of block', () => {
    const text = `scenario "s" {
  run for 1s
  { a }
  cluster {
    nodes 1
    { b }
    protocol raft {
      { c }
    }
  }
  network {
    { d }
  }
  workload {
    { e }
    client x {
      { f }
    }
  }
  faults {
    { g }
  }
  expect {
    { h }
  }
}
`;
    const { diagnostics } = analyze(text);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [2, 5, 7, 11, 14, 16, 20, 23].map((line) => ['FL015', line]),
      describe_(diagnostics),
    );
  });
});
