// Lookups the language server builds on: the node under the cursor, names and references.

import assert from 'node:assert/strict';
import { analyze, definitionAt, nodeAt, pathAt, referencesAt, symbolsOf } from '../../../core/language/index.ts';

const text = `scenario "base" {
  run for 10s
  cluster {
    nodes n1, n2, n3
    protocol raft { election timeout 150ms..300ms }
  }
  clock n3 skew +5ms
  faults {
    at 1s crash n2
    at 2s partition n1 | n2, n3
  }
}
scenario "child" extends "base" {
  faults {
    at 3s crash n2
  }
}
`;

const { ast } = analyze(text);
const at = (line: number, character: number) => ({ line, character });

describe('syntax tree lookups', () => {
  it('finds the innermost node under the cursor and the path down to it', () => {
    const node = nodeAt(ast, at(4, 40)); // inside 150ms..300ms
    assert.equal(node.kind, 'Duration');
    assert.deepEqual(
      pathAt(ast, at(4, 40)).map((n) => n.kind),
      ['Document', 'Scenario', 'Cluster', 'Protocol', 'Option', 'DurationRange', 'Duration'],
    );
    assert.equal(nodeAt(ast, at(8, 17)).kind, 'Identifier');
  });

  it('lists declared names with their ranges, and references to them', () => {
    const symbols = symbolsOf(ast);
    const declaredNodes = symbols.filter((s) => s.kind === 'node' && s.declaration).map((s) => s.name);
    assert.deepEqual(declaredNodes, ['n1', 'n2', 'n3']);
    const scenarioNames = symbols.filter((s) => s.kind === 'scenario').map((s) => [s.name, s.declaration]);
    assert.deepEqual(scenarioNames, [['base', true], ['child', true], ['base', false]]);
  });

  it('finds every reference to a node, including from a scenario that extends the declaring one', () => {
    const refs = referencesAt(ast, at(3, 14)); // n2 in `nodes n1, n2, n3`
    assert.deepEqual(
      refs.map((r) => [r.range.start.line, r.scenario]),
      [[3, 'base'], [8, 'base'], [9, 'base'], [14, 'child']],
    );
  });

  it('goes from a node used in a child scenario to its declaration in the parent', () => {
    const definition = definitionAt(ast, at(14, 16)); // n2 in the child's crash
    assert.equal(definition?.range.start.line, 3);
    assert.equal(definition?.scenario, 'base');
  });

  it('goes from an extends name to the scenario it names', () => {
    const definition = definitionAt(ast, at(12, 28));
    assert.equal(definition?.kind, 'scenario');
    assert.equal(definition?.range.start.line, 0);
  });
});
