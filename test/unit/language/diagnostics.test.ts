// One test per diagnostic code: the smallest text that should raise it, the code and severity
// it must raise, and a fragment of the plain-words message a person would read.

import assert from 'node:assert/strict';
import { analyze, ALL_DIAGNOSTIC_CODES, DIAGNOSTIC_CODES, type Diagnostic } from '../../../core/language/index.ts';
import { lex } from '../../../core/language/lexer.ts';
import { parseStructure, reportParseErrors } from '../../../core/language/parser.ts';
import { DiagnosticSink } from '../../../core/language/diagnostic.ts';
import { atomText } from '../../../core/language/blocks.ts';
import { describe_, scenarioWith } from './helpers.ts';

type Case = { text: string; severity: Diagnostic['severity']; message: RegExp; line?: number };

const raft3 = '  cluster {\n    nodes n1, n2, n3\n    protocol raft\n  }';
const faults = (lines: string) => scenarioWith({ faults: `  faults {\n${lines}\n  }` });

const cases: Record<string, Case> = {
  FL001: { text: scenarioWith({ extra: '  seed 7 #' }), severity: 'error', message: /character `#` has no meaning/ },
  FL002: { text: 'scenario "unclosed {\n}\n', severity: 'error', message: /string is not closed/ },
  FL003: { text: scenarioWith() + '/* never closed\nscenario "x" {}', severity: 'error', message: /comment is never closed/ },
  FL004: { text: 'scenario "s" {\n  seed 1\n', severity: 'error', message: /never closed: add a `}`/, line: 0 },
  FL005: { text: scenarioWith() + '}\n', severity: 'error', message: /no block to close/ },
  FL006: { text: `scenario "s" {${'{'.repeat(40)}${'}'.repeat(40)}}`, severity: 'error', message: /nested more than 32 levels/ },
  FL008: { text: scenarioWith({ extra: '  sed 7' }), severity: 'error', message: /`sed` is not something a scenario understands\. Did you mean `seed`\?/ },
  FL009: { text: scenarioWith({ cluster: '  cluster {\n    nodes n1\n    protocol raft { election timeout }\n  }' }), severity: 'error', message: /Expected a duration like 150ms after `election timeout`/ },
  FL010: { text: scenarioWith({ extra: '  seed 7 8' }), severity: 'error', message: /Unexpected `8` after `seed 7`/ },
  FL011: { text: 'seed 7\n' + scenarioWith(), severity: 'error', message: /inside a `scenario "name" \{ \.\.\. \}` block/ },
  FL012: { text: scenarioWith({ workload: '  workload {\n    client a {\n      write x every 100ms\n      timeout 5\n    }\n  }' }), severity: 'error', message: /`timeout 5` needs a unit: 5ms\?/ },
  FL013: { text: scenarioWith({ runFor: '10sec' }), severity: 'error', message: /`sec` is not a unit/ },
  FL014: { text: scenarioWith({ network: '  network {\n    drop 150%\n  }' }), severity: 'error', message: /`150%` is not a percentage between 0% and 100%/ },
  FL015: { text: scenarioWith({ extra: '  faults' }), severity: 'error', message: /`faults` needs a block/ },
  FL016: { text: scenarioWith({ cluster: '  cluster {\n    nodes n1\n    protocol raft { election timeout 300ms..150ms }\n  }' }), severity: 'error', message: /ends before it starts/ },
  FL017: { text: scenarioWith({ extra: '  seed 9' }), severity: 'warning', message: /`seed` is already set in this block; this later line wins/ },
  FL020: { text: faults('    at 1s crash n9'), severity: 'error', message: /no node `n9` in this cluster/ },
  FL021: { text: scenarioWith({ cluster: '  cluster {\n    nodes n1, n2, n1\n    protocol raft\n  }' }), severity: 'error', message: /Node `n1` is listed twice/ },
  FL022: { text: scenarioWith({ cluster: '  cluster {\n    nodes n1\n    protocol raf\n  }' }), severity: 'error', message: /no protocol `raf`\. Did you mean `raft`\?/ },
  FL023: { text: scenarioWith({ cluster: '  cluster {\n    nodes n1\n    protocol raft { elction timeout 100ms }\n  }' }), severity: 'error', message: /raft has no option `elction timeout`\. Did you mean `election timeout`\?/ },
  FL024: { text: scenarioWith({ cluster: '  cluster {\n    nodes n1\n    protocol raft { read mode fast }\n  }' }), severity: 'error', message: /`read mode` cannot be `fast`/ },
  FL025: { text: scenarioWith({ expect: '  expect {\n    linearisable\n  }' }), severity: 'error', message: /`linearisable` is not an expectation\. Did you mean `linearizable`\?/ },
  FL026: { text: scenarioWith({ faults: '  faults {\n    at 1s drop next AppendEntry n1 -> n2\n  }' }), severity: 'error', message: /`raft` sends no `AppendEntry` message\. Did you mean `AppendEntries`\? Its message types: RequestVote, .*AppendEntriesReply\./ },
  FL027: { text: faults('    at 1s drop next PreVote n1 -> n2'), severity: 'warning', message: /No `PreVote` is ever sent here: `pre vote` is off in this cluster/ },
  FL030: { text: 'scenario "child" extends "parnt" { }\nscenario "parent" { }\n', severity: 'error', message: /no scenario named "parnt" in this file\. Did you mean `parent`\?/ },
  FL031: { text: 'scenario "me" extends "me" { }\n', severity: 'error', message: /cannot extend itself/ },
  FL032: { text: 'scenario "a" extends "b" { }\nscenario "b" extends "a" { }\n', severity: 'error', message: /loops back on itself/ },
  FL033: { text: `scenario "s" {\n${raft3}\n}\n`, severity: 'error', message: /needs a length: add `run for 10s`/ },
  FL034: { text: 'scenario "s" {\n  run for 1s\n  cluster {\n    nodes 0\n    protocol raft\n  }\n}\n', severity: 'error', message: /at least one node/ },
  FL035: { text: '// nothing here yet\n', severity: 'warning', message: /no scenario yet/ },
  FL036: {
    text: Array.from({ length: 34 }, (_, i) => (i === 0 ? `scenario "s0" {\n  run for 1s\n${raft3}\n}\n` : `scenario "s${i}" extends "s${i - 1}" { }\n`)).join(''),
    severity: 'error',
    message: /"s33" extends a chain more than 32 scenarios deep/,
  },
  FL037: {
    text: Array.from({ length: 10_001 }, (_, i) => `scenario "s${i}" {\n  run for 1s\n${raft3}\n}\n`).join(''),
    severity: 'error',
    message: /at most 10000 scenarios; this one is scenario 10001 of 10001/,
  },
  FL040: { text: faults('    at 20s crash n1'), severity: 'warning', message: /the run ends at 10s: it never happens/ },
  FL041: { text: faults('    at 1s restart n1'), severity: 'warning', message: /`n1` is not down at 1s/ },
  FL042: { text: faults('    at 1s heal'), severity: 'warning', message: /No partition is active at 1s/ },
  FL043: { text: faults('    at 1s partition n1 | n2, n3\n    at 2s partition n2 | n1, n3'), severity: 'warning', message: /partition is still active at 2s/ },
  FL044: { text: faults('    at 1s partition n1 | n1, n2, n3'), severity: 'error', message: /`n1` is on both sides/ },
  FL045: { text: faults('    at 1s partition n1, n2, n3'), severity: 'warning', message: /separates no nodes/ },
  FL046: { text: faults('    at 1s crash n1\n    at 2s crash n1'), severity: 'warning', message: /`n1` is already down at 2s/ },
  FL047: { text: faults('    at 1s partition n1 | n2'), severity: 'information', message: /n3 is not listed; it forms one more group/ },
  FL050: { text: scenarioWith({ cluster: '  cluster {\n    nodes 3\n    protocol leaderless {\n      n 3\n      w 4\n    }\n  }' }), severity: 'error', message: /W = 4 is larger than N = 3/ },
  FL048: { text: scenarioWith({ faults: '  faults {\n    at 1s crash leader\n    at 2s restart leader\n  }' }), severity: 'error', message: /a restart needs a node name/ },
  FL049: { text: scenarioWith({ faults: '  faults {\n    at 1s crash primary\n  }' }), severity: 'error', message: /`primary` is not a role in raft/ },
  FL051: { text: scenarioWith({ cluster: '  cluster {\n    nodes 3\n    protocol leaderless { n 5 }\n  }' }), severity: 'error', message: /N = 5 replicas, but the cluster has only 3 nodes/ },
  FL052: { text: scenarioWith({ workload: '  workload {\n    client a { write x }\n  }' }), severity: 'error', message: /`write` needs a rate/ },
  FL053: { text: scenarioWith({ workload: '  workload {\n    client a {\n      write x every 1s\n      start at 5s\n      stop at 2s\n    }\n  }' }), severity: 'error', message: /stops \(2s\) before it starts \(5s\)/ },
  FL054: {
    text: scenarioWith({
      cluster: '  cluster {\n    nodes 3\n    protocol leaderless { conflict resolution lww }\n  }',
      workload: '  workload {\n    client a { increment k every 100ms }\n  }',
      expect: '  expect {\n    linearizable\n  }',
    }),
    severity: 'warning',
    message: /Every `increment` fails here: increment needs conflict resolution crdt/,
  },
  FL055: {
    text: scenarioWith({ cluster: '  cluster {\n    nodes lb, a1, a2, a3, a4, db\n    protocol service\n  }', workload: '  workload {\n    client a { request k every 100ms }\n  }' }),
    severity: 'warning',
    message: /`instances` defaults to 3, but 4 nodes stand between the load balancer lb and the database db: a4 serves nothing/,
  },
  FL056: { text: faults('    at 1s crash n1\n    at 2s pause n1 for 1s'), severity: 'warning', message: /`n1` is down at 2s, so this pause does nothing/ },
  FL057: { text: faults('    at 1s drop next AppendEntries n1 -> n1'), severity: 'warning', message: /`n1 -> n1`: a `raft` node never sends a message to itself/ },
  FL058: { text: faults('    at 1s delay next AppendEntries n1 -> n2 by 0ms'), severity: 'warning', message: /A delay of `0ms` changes nothing/ },
};

describe('diagnostic codes', () => {
  it('every code in the table has a one-line description', () => {
    for (const code of ALL_DIAGNOSTIC_CODES) {
      const text = DIAGNOSTIC_CODES[code];
      assert.ok(text.length > 10 && !text.includes('\n'), code);
    }
  });

  it('every code in the table has a test here (FL007 has its own below)', () => {
    const missing = ALL_DIAGNOSTIC_CODES.filter((code) => code !== 'FL007' && !(code in cases));
    assert.deepEqual(missing, []);
  });

  for (const [code, c] of Object.entries(cases)) {
    it(`${code}: ${DIAGNOSTIC_CODES[code as keyof typeof DIAGNOSTIC_CODES]}`, () => {
      const { diagnostics } = analyze(c.text);
      const found = diagnostics.filter((d) => d.code === code);
      assert.ok(found.length > 0, `expected ${code}, got:\n${describe_(diagnostics)}`);
      const match = found.find((d) => c.message.test(d.message));
      assert.ok(match !== undefined, `no ${code} message matches ${c.message}:\n${describe_(found)}`);
      assert.equal(match.severity, c.severity);
      if (c.line !== undefined) assert.equal(match.range.start.line, c.line);
    });
  }

  it('FL007: a parser error on an unbalanced stream is reported, and the parser recovers around it', () => {
    // analyze() balances braces first, so this goes to the parser directly.
    const text = 'a { b }\n}\nc d';
    const parsed = parseStructure(lex(text).tokens, text);
    assert.deepEqual(
      parsed.statements.map((s) => s.atoms.map(atomText).join(' ')),
      ['a', 'c d'],
    );
    const sink = new DiagnosticSink();
    reportParseErrors(parsed.errors, sink);
    assert.equal(sink.items.length, 1);
    assert.equal(sink.items[0]!.code, 'FL007');
    assert.match(sink.items[0]!.message, /Could not read `}` here/);
    assert.equal(sink.items[0]!.range.start.line, 1);
  });

  it('a clean scenario has no diagnostics at all', () => {
    assert.deepEqual(analyze(scenarioWith()).diagnostics, []);
  });
});
