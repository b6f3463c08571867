// `expect { linearizable; no split brain; leader within 1s after heal; ... }`

import { atomKind, atomRange, atomText, type Block, type Statement } from '../blocks.ts';
import type { DiagnosticSink } from '../diagnostic.ts';
import type { Expect, Expectation } from '../ast.ts';
import type { ExpectationKind } from '../../types/sim-config.ts';
import { spanRanges } from '../range.ts';
import { didYouMean } from '../suggest.ts';
import { StatementReader } from './reader.ts';

/** The phrase as written → what it compiles to. */
export const EXPECTATIONS: Record<string, ExpectationKind> = {
  linearizable: 'linearizable',
  sequential: 'sequential',
  'read your writes': 'read-your-writes',
  'monotonic reads': 'monotonic-reads',
  'monotonic writes': 'monotonic-writes',
  'writes follow reads': 'writes-follow-reads',
  'no lost writes': 'no-lost-writes',
  'no duplicate effects': 'no-duplicate-effects',
  'no stale reads': 'no-stale-reads',
  'no split brain': 'no-split-brain',
  converges: 'converges',
  'one leader per term': 'one-leader-per-term',
  leader: 'leader-within',
  'no leader': 'no-leader',
  'writes commit': 'writes-commit',
  'no writes commit': 'no-writes-commit',
  'raft safety': 'raft-safety',
};

export const AFTER_EVENTS = ['start', 'heal', 'crash', 'partition', 'restart'] as const;
/** What the reader says it wanted, made once rather than for every line read. */
const EVENT_WANTED = `an event (${AFTER_EVENTS.join(', ')})`;
/** Phrases that may carry `within D`. */
const TAKES_WITHIN = new Set<ExpectationKind>(['leader-within', 'writes-commit', 'converges']);
/** Phrases that may be measured from an event: `no writes commit after crash`. */
const TAKES_AFTER = new Set<ExpectationKind>(['leader-within', 'writes-commit', 'no-writes-commit', 'converges']);

export function buildExpect(statement: Statement, block: Block, sink: DiagnosticSink): Expect {
  const expect: Expect = { kind: 'Expect', items: [], range: statement.range };
  let reader: StatementReader | undefined;
  for (const line of block.statements) {
    if (line.block !== undefined) sink.error('FL015', line.block.range, 'An expectation does not take a { block }.');
    if (line.atoms.length === 0) continue; // a bare { ... }: reported just above
    reader = reader === undefined ? new StatementReader(line, sink) : reader.reset(line);
    const item = readExpectation(line, reader, sink);
    if (item !== undefined) expect.items.push(item);
  }
  return expect;
}

function readExpectation(line: Statement, reader: StatementReader, sink: DiagnosticSink): Expectation | undefined {
  const words: string[] = [];
  while (atomKind(reader.peek()) === 'word' && !reader.isWord('within') && !reader.isWord('after')) words.push(atomText(reader.next()!));
  const phrase = words.join(' ');
  const kind = EXPECTATIONS[phrase];
  if (kind === undefined || (kind === 'leader-within' && !reader.isWord('within'))) {
    const first = line.atoms[0]!;
    const range = words.length > 0 ? spanRanges(atomRange(first), atomRange(line.atoms[words.length - 1]!)) : atomRange(first);
    const shown = phrase === '' ? atomText(first) : phrase;
    const hint = phrase === 'leader' ? ' Write `leader within 1s after heal`.' : didYouMean(shown, Object.keys(EXPECTATIONS));
    sink.error('FL025', range, `\`${shown}\` is not an expectation.${hint}`);
    return undefined;
  }
  const item: Expectation = { kind: 'Expectation', property: kind, text: '', range: line.range };
  for (const [word, allowed] of [['within', TAKES_WITHIN], ['after', TAKES_AFTER]] as const) {
    const atom = reader.peek();
    if (atom !== undefined && reader.isWord(word) && !allowed.has(kind)) {
      sink.error('FL010', atomRange(atom), `\`${phrase}\` does not take \`${word}\`.`);
      return undefined;
    }
  }
  if (reader.acceptWords('within')) {
    const within = reader.readDuration();
    if (within === undefined) return undefined;
    item.within = within;
  }
  if (reader.acceptWords('after')) {
    const event = reader.readIdentifier(EVENT_WANTED);
    if (event === undefined) return undefined;
    if (!(AFTER_EVENTS as readonly string[]).includes(event.name)) {
      sink.error('FL024', event.range, `\`${event.name}\` is not an event to measure from.${didYouMean(event.name, AFTER_EVENTS)} Events: ${AFTER_EVENTS.join(', ')}.`);
      return undefined;
    }
    item.after = event;
  }
  reader.finish();
  item.text = line.atoms.map((a) => atomText(a)).join(' ');
  return item;
}
