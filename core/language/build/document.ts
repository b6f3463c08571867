// Top level of a file: a list of `scenario "name" [extends "other"] { ... }` blocks.

import { atomKind, atomRange, atomText, isWordAtom, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Scenario, StringLiteral } from '../ast.ts';
import { closest } from '../suggest.ts';
import { StatementReader } from './reader.ts';
import { buildScenarioBody } from './scenario.ts';

/**
 * One top-level statement: a scenario joins `scenarios`, anything else is reported. Called for
 * each statement as the parser completes it (see parseStructure), not on a finished list.
 */
export function buildTopLevel(statement: Statement, sink: DiagnosticSink, scenarios: Scenario[]): void {
  const first = statement.atoms[0];
  if (isWordAtom(first, 'scenario')) {
    const scenario = buildScenario(statement, new StatementReader(statement, sink), sink);
    if (scenario !== undefined) scenarios.push(scenario);
    return;
  }
  if (first !== undefined && atomKind(first) === 'word' && closest(atomText(first), ['scenario']) !== undefined) {
    sink.error('FL008', atomRange(first), `\`${atomText(first)}\` is not a keyword. Did you mean \`scenario\`?`);
  } else {
    sink.error('FL011', statement.range, 'Everything in a file goes inside a `scenario "name" { ... }` block.');
  }
}

function buildScenario(statement: Statement, reader: StatementReader, sink: DiagnosticSink): Scenario | undefined {
  reader.next(); // `scenario`
  const name = readString(reader, 'a scenario name in double quotes, like "leader isolated",');
  if (name === undefined) return undefined;
  let parent: StringLiteral | undefined;
  if (reader.acceptWords('extends')) {
    parent = readString(reader, 'the name of the scenario to extend, in double quotes,');
  }
  reader.finish();
  const scenario: Scenario = { kind: 'Scenario', name, clocks: [], range: statement.range };
  if (parent !== undefined) scenario.extends = parent;
  if (statement.block === undefined) {
    sink.error('FL015', statement.range, `Scenario "${name.value}" needs a { block } with its cluster, faults and expectations.`);
    return scenario;
  }
  buildScenarioBody(scenario, statement.block.statements, sink);
  return scenario;
}

function readString(reader: StatementReader, what: string): StringLiteral | undefined {
  const atom = reader.peek();
  if (atom === undefined || atomKind(atom) !== 'string') return reader.expected(what);
  reader.next();
  return { kind: 'String', value: atomText(atom), range: atomRange(atom) };
}
