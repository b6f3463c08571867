// Tokenization tests for syntaxes/faultline.tmLanguage.json, run through the real TextMate engine.
// Each test states what a reader of a scenario should see highlighted, and checks the scope the
// editor's theme will color.

import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PROTOCOLS } from '../../../core/protocols/options-registry.ts';
import { EXPECTATIONS } from '../../../core/language/build/expect.ts';
import { FAULT_ACTIONS } from '../../../core/language/build/faults.ts';
import { OPERATIONS } from '../../../core/language/build/workload.ts';
import { scopesOf, tokenizeLines, type Token } from './tokenize.ts';

const samplesDir = fileURLToPath(new URL('../../../samples/', import.meta.url));

// One document exercising every part of the language, so each line is tokenized in the block it
// belongs to (a name inside `faults { }` is a node; the same word in a client is a key).
const document = `/* A block comment
   spanning two lines */
scenario "raft: leader isolated" extends "base" {
  seed 7
  run for 10s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      election timeout 150ms..300ms
      pre vote on
      read mode lease
    }
    protocol service { capacity 200/s }
  }
  network {
    latency normal 5ms sd 2ms
    drop 0.5%
    bandwidth 100mbps
    link n1 <-> n3 latency 80ms
    region eu n1, n2
  }
  clock n3 skew +120ms drift 40ppm
  workload {
    client alice {
      write x, y every 100ms
      read from any
      retry 3 backoff exponential 50ms..2s jitter full
    }
    client web * 100 { request every 1s timeout 2s }
  }
  faults {
    at 2s partition n1 | n2, n3
    from 1s to 4s drop 30% n1 -> n2   // one-way loss
    at 4s skew n2 -2s
    every 2s..5s random crash for 1s..3s
    at 2s partition majorities ring
  }
  expect {
    no split brain
    leader within 1s after partition
    linearizable
  }
}`;

let lines: Token[][] = [];
const textLines = document.split('\n');

/** The tokens of the first line of the document containing `fragment`. */
function line(fragment: string): Token[] {
  const index = textLines.findIndex((l) => l.includes(fragment));
  assert.notEqual(index, -1, `the test document has no line containing ${fragment}`);
  return lines[index]!;
}

function assertScope(tokens: Token[], text: string, scope: string, nth = 0): void {
  const scopes = scopesOf(tokens, text, nth);
  assert.ok(
    scopes.some((s) => s === scope || s.startsWith(scope + '.')),
    `${JSON.stringify(text)} should carry ${scope}, has ${scopes.join(' ')}`,
  );
}

function invalidTokens(tokenized: Token[][]): string[] {
  const found: string[] = [];
  tokenized.forEach((tokens, i) => {
    for (const t of tokens) {
      if (t.scopes.some((s) => s.startsWith('invalid'))) found.push(`line ${i + 1}: ${JSON.stringify(t.text)}`);
    }
  });
  return found;
}

describe('TextMate grammar (source.faultline)', () => {
  before(async () => {
    lines = await tokenizeLines(document);
  });

  it('scopes a duration as a number with its unit marked separately', () => {
    const tokens = line('election timeout');
    assertScope(tokens, '150', 'constant.numeric.duration');
    assertScope(tokens, 'ms', 'keyword.other.unit');
    assertScope(tokens, '..', 'keyword.operator.range');
    assertScope(tokens, '300', 'constant.numeric.duration');
    assertScope(line('run for'), '10', 'constant.numeric.duration');
  });

  it('scopes percentages, bandwidth, rates, ppm and signed skews as their own kinds of number', () => {
    assertScope(line('drop 0.5%'), '0.5', 'constant.numeric.percentage');
    assertScope(line('drop 0.5%'), '%', 'keyword.other.unit');
    assertScope(line('bandwidth'), '100', 'constant.numeric.bandwidth');
    assertScope(line('capacity 200/s'), '200', 'constant.numeric.rate');
    assertScope(line('clock n3'), '+120', 'constant.numeric.skew');
    assertScope(line('clock n3'), '40', 'constant.numeric.ppm');
    assertScope(line('skew n2 -2s'), '-2', 'constant.numeric.skew');
    assertScope(line('seed 7'), '7', 'constant.numeric.integer');
  });

  it('scopes line and block comments as comments', () => {
    assertScope(lines[0]!, '/*', 'punctuation.definition.comment.begin');
    assertScope(lines[1]!, '   spanning two lines ', 'comment.block');
    assertScope(line('one-way loss'), ' one-way loss', 'comment.line.double-slash');
  });

  it('scopes the scenario name as a string and as the name of a section', () => {
    const tokens = line('scenario "raft');
    assertScope(tokens, 'scenario', 'keyword.control.scenario');
    assertScope(tokens, 'raft: leader isolated', 'string.quoted.double');
    assertScope(tokens, 'raft: leader isolated', 'entity.name.section.scenario');
    assertScope(tokens, 'extends', 'keyword.control.extends');
    assertScope(tokens, 'base', 'string.quoted.double');
  });

  it('scopes block keywords and protocol names', () => {
    assertScope(line('cluster {'), 'cluster', 'storage.type.block');
    assertScope(line('protocol raft'), 'protocol', 'storage.type.block');
    assertScope(line('protocol raft'), 'raft', 'support.type.protocol');
    assertScope(line('faults {'), 'faults', 'storage.type.block');
    assertScope(line('expect {'), 'expect', 'storage.type.block');
  });

  it('scopes the words before a protocol option value as the option name, and the value as a constant', () => {
    assertScope(line('election timeout'), 'election timeout', 'support.type.property-name.option');
    assertScope(line('pre vote on'), 'pre vote', 'support.type.property-name.option');
    assertScope(line('pre vote on'), 'on', 'constant.language.boolean');
    assertScope(line('read mode lease'), 'read mode', 'support.type.property-name.option');
    assertScope(line('read mode lease'), 'lease', 'constant.language');
  });

  it('scopes every option name declared by every protocol as one option name', async () => {
    for (const protocol of PROTOCOLS) {
      for (const option of protocol.options) {
        const tokenized = await tokenizeLines(`protocol ${protocol.name} {\n  ${option.name} 1s\n}`);
        assertScope(tokenized[1]!, option.name, 'support.type.property-name.option');
      }
    }
  });

  it('scopes the names after nodes, link, region and clock as node names', () => {
    for (const name of ['n1', 'n2', 'n3']) assertScope(line('nodes n1'), name, 'variable.other.node');
    assertScope(line('link n1'), 'n1', 'variable.other.node');
    assertScope(line('link n1'), '<->', 'keyword.operator.link.both-ways');
    assertScope(line('link n1'), 'n3', 'variable.other.node');
    assertScope(line('region eu'), 'eu', 'entity.name.tag.region');
    assertScope(line('region eu'), 'n2', 'variable.other.node');
    assertScope(line('clock n3'), 'n3', 'variable.other.node');
  });

  it('scopes a partition line: the verb, the node names and the | between groups', () => {
    const tokens = line('partition n1 | n2');
    assertScope(tokens, 'at', 'keyword.control.timing');
    assertScope(tokens, 'partition', 'keyword.control.fault');
    assertScope(tokens, 'n1', 'variable.other.node');
    assertScope(tokens, '|', 'keyword.operator.partition');
    assertScope(tokens, 'n2', 'variable.other.node');
    assertScope(tokens, 'n3', 'variable.other.node');
    assertScope(line('majorities ring'), 'majorities ring', 'support.constant.partition-shape');
  });

  it('scopes a one-way loss window: drop is a fault verb there, -> an operator', () => {
    const tokens = line('from 1s to 4s drop');
    assertScope(tokens, 'from', 'keyword.control.timing');
    assertScope(tokens, 'drop', 'keyword.control.fault');
    assertScope(tokens, '->', 'keyword.operator.link.one-way');
    assertScope(tokens, 'n2', 'variable.other.node');
    assertScope(line('random crash'), 'random', 'keyword.control.timing');
    assertScope(line('random crash'), 'crash', 'keyword.control.fault');
  });

  it('scopes drop inside network as a setting, not as a fault', () => {
    assertScope(line('drop 0.5%'), 'drop', 'keyword.other.setting');
  });

  it('scopes client names, operations and the keys they touch', () => {
    assertScope(line('client alice'), 'alice', 'entity.name.type.client');
    assertScope(line('client web'), 'web', 'entity.name.type.client');
    assertScope(line('client web'), '*', 'keyword.operator.count');
    assertScope(line('client web'), 'request', 'keyword.other.operation');
    const write = line('write x, y');
    assertScope(write, 'write', 'keyword.other.operation');
    assertScope(write, 'x', 'variable.other.key');
    assertScope(write, 'y', 'variable.other.key');
    assertScope(write, 'every', 'keyword.other.setting');
    assertScope(line('read from any'), 'read from', 'keyword.other.setting');
    assertScope(line('read from any'), 'any', 'constant.language');
    assertScope(line('retry 3'), 'exponential', 'constant.language');
  });

  it('scopes expectations as whole phrases, with the bound and the event of leader within', () => {
    assertScope(line('no split brain'), 'no split brain', 'support.function.expectation');
    assertScope(line('linearizable'), 'linearizable', 'support.function.expectation');
    const within = line('leader within');
    assertScope(within, 'leader within', 'support.function.expectation');
    assertScope(within, '1s', 'constant.numeric.duration');
    assertScope(within, 'partition', 'support.constant.event');
  });

  it('scopes every expectation phrase the parser knows as an expectation', async () => {
    const phrases = Object.keys(EXPECTATIONS).filter((p) => p !== 'leader');
    const tokenized = await tokenizeLines(`expect {\n${phrases.join('\n')}\n}`);
    phrases.forEach((phrase, i) => assertScope(tokenized[i + 1]!, phrase, 'support.function.expectation'));
  });

  it('scopes every fault the parser knows as a fault verb inside faults', async () => {
    const tokenized = await tokenizeLines(`faults {\n${FAULT_ACTIONS.map((f) => `at 1s ${f} n1`).join('\n')}\n}`);
    FAULT_ACTIONS.forEach((fault, i) => assertScope(tokenized[i + 1]!, fault, 'keyword.control.fault'));
  });

  it('scopes every operation the parser knows as an operation inside a client', async () => {
    const tokenized = await tokenizeLines(`client c {\n${OPERATIONS.map((op) => `${op} k every 1s`).join('\n')}\n}`);
    OPERATIONS.forEach((op, i) => {
      assertScope(tokenized[i + 1]!, op, 'keyword.other.operation');
      assertScope(tokenized[i + 1]!, 'k', 'variable.other.key');
    });
  });

  it('marks a number with an unknown unit and a semicolon as invalid', async () => {
    const [tokens] = await tokenizeLines('run for 5sec;');
    assertScope(tokens!, '5sec', 'invalid.illegal.unknown-unit');
    assertScope(tokens!, ';', 'invalid.illegal.semicolon');
  });

  it('keeps a brace group inside faults from closing the faults block', async () => {
    const tokenized = await tokenizeLines('faults {\n  at 2s partition {n1} | {n2, n3}\n  at 5s crash n2\n}');
    assertScope(tokenized[2]!, 'crash', 'keyword.control.fault');
    assertScope(tokenized[2]!, 'n2', 'variable.other.node');
  });

  it('produces no invalid scope in the reference document', () => {
    assert.deepEqual(invalidTokens(lines), []);
  });

  it('gives every word, number and symbol of every sample a scope of its own', async () => {
    const files = (await readdir(samplesDir)).filter((f) => f.endsWith('.fault'));
    for (const file of files) {
      const tokenized = await tokenizeLines(await readFile(samplesDir + file, 'utf8'));
      const bare: string[] = [];
      tokenized.forEach((tokens, i) => {
        for (const t of tokens) if (t.text.trim() !== '' && t.scopes.length === 1) bare.push(`line ${i + 1}: ${JSON.stringify(t.text)}`);
      });
      assert.deepEqual(bare, [], `${file} has text with no scope`);
    }
  });

  it('produces no invalid scope on any line of any sample', async () => {
    const files = (await readdir(samplesDir)).filter((f) => f.endsWith('.fault'));
    assert.ok(files.length >= 8, `expected at least 8 samples, found ${files.length}`);
    for (const file of files) {
      const tokenized = await tokenizeLines(await readFile(samplesDir + file, 'utf8'));
      assert.deepEqual(invalidTokens(tokenized), [], `${file} has tokens scoped invalid`);
    }
  });
});
