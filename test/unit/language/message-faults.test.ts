import assert from 'node:assert/strict';
import { analyze, compile } from '../../../core/language/index.ts';
import type { ScheduledFault } from '../../../core/types/sim-config.ts';
import { printScenario } from '../../../core/sweep/print-scenario.ts';
import { formatText } from '../../../server/model/format-text.ts';
import { DIAGNOSTIC_CODES } from '../../../core/language/codes.ts';
import { MESSAGE_TYPES } from '../../../core/protocols/message-types.ts';
import { errorsOf, scenarioWith } from './helpers.ts';

const cluster = (protocol: string, nodes = 'n1, n2, n3') => `  cluster {\n    nodes ${nodes}\n    protocol ${protocol}\n  }`;
const withFaults = (faults: string, protocol = 'raft', nodes?: string) => scenarioWith({ cluster: cluster(protocol, nodes), faults: `  faults {\n${faults}\n  }` });

function faultsOf(faults: string, protocol = 'raft', nodes?: string): ScheduledFault[] {
  const result = compile(withFaults(faults, protocol, nodes));
  assert.deepEqual(errorsOf(result.diagnostics).map((d) => d.message), []);
  return result.config!.faults;
}

function errors(faults: string, protocol = 'raft', nodes?: string) {
  return errorsOf(analyze(withFaults(faults, protocol, nodes)).diagnostics);
}

describe('message fault lines (language)', () => {
  it('the four forms compile to one message fault each, at their fixed time, with the type and link as written', () => {
    const faults = faultsOf(
      [
        '    at 1s drop next AppendEntries n1 -> n2',
        '    at 1.5s duplicate next RequestVote n2 -> n3',
        '    at 2s delay next AppendEntriesReply n3 -> n1 by 250ms',
        '    at 2.000001s deliver next PreVote n1 -> n3',
      ].join('\n'),
    );
    assert.deepEqual(
      faults.map(({ line: _line, ...fault }) => fault),
      [
        { type: 'message', effect: 'drop', messageType: 'AppendEntries', from: 'n1', to: 'n2', atUs: 1_000_000 },
        { type: 'message', effect: 'duplicate', messageType: 'RequestVote', from: 'n2', to: 'n3', atUs: 1_500_000 },
        { type: 'message', effect: 'delay', messageType: 'AppendEntriesReply', from: 'n3', to: 'n1', delayUs: 250_000, atUs: 2_000_000 },
        { type: 'message', effect: 'deliver', messageType: 'PreVote', from: 'n1', to: 'n3', atUs: 2_000_001 },
      ],
    );
  });

  it('printing a compiled scenario writes the lines back, and they compile to the same faults (round trip)', () => {
    const source = withFaults('    at 1s drop next AppendEntries n1 -> n2\n    at 2s delay next AppendEntriesReply n3 -> n1 by 1500us\n    at 3s deliver next RequestVote n2 -> n1');
    const first = compile(source).config!;
    const printed = printScenario(first);
    assert.match(printed, /at 1s drop next AppendEntries n1 -> n2\n/);
    assert.match(printed, /at 2s delay next AppendEntriesReply n3 -> n1 by 1\.5ms\n/);
    const again = compile(printed);
    assert.deepEqual(errorsOf(again.diagnostics), []);
    const strip = (faults: ScheduledFault[]) => faults.map(({ line: _line, ...fault }) => fault);
    assert.deepEqual(strip(again.config!.faults), strip(first.faults));
  });

  it('the formatter keeps a message fault line as one line, re-spaced, and formatting twice changes nothing', () => {
    const messy = withFaults('      at   1s  drop next   AppendEntries n1->n2\n    at 2s delay next AppendEntries n1 ->  n2 by 5ms\n    at 3s  delay AppendEntries n1->n2   sent  at 2.9s by  5ms');
    const formatted = formatText(messy);
    assert.match(formatted, /\n {4}at 1s drop next AppendEntries n1 -> n2\n {4}at 2s delay next AppendEntries n1 -> n2 by 5ms\n {4}at 3s delay AppendEntries n1 -> n2 sent at 2\.9s by 5ms\n/);
    assert.equal(formatText(formatted), formatted);
    assert.deepEqual(errorsOf(analyze(formatted).diagnostics), []);
  });

  it('an unknown message type gets FL026, naming the protocol and listing every type it sends', () => {
    const [problem, ...rest] = errors('    at 1s drop next AppendEntry n1 -> n2');
    assert.equal(rest.length, 0);
    assert.equal(problem!.code, 'FL026');
    assert.ok(DIAGNOSTIC_CODES.FL026.length > 0);
    assert.match(problem!.message, /`raft` sends no `AppendEntry` message\. Did you mean `AppendEntries`\?/);
    for (const type of MESSAGE_TYPES.raft) assert.ok(problem!.message.includes(type), type);
    // Each protocol speaks its own words: `Append` is primary/backup's.
    assert.deepEqual(errors('    at 1s drop next Append n1 -> n2', 'primary_backup'), []);
    assert.equal(errors('    at 1s drop next AppendEntries n1 -> n2', 'two_phase_commit')[0]?.code, 'FL026');
  });

  it("a saga's step and compensation names are message types of that saga", () => {
    const saga = scenarioWith({
      cluster: '  cluster {\n    nodes n1, n2, n3\n    protocol saga {\n      step reserve on n2 compensate release\n    }\n  }',
      faults: '  faults {\n    at 1s drop next reserve n1 -> n2\n    at 1s drop next release n1 -> n2\n    at 1s drop next ship n1 -> n2\n  }',
    });
    const found = errorsOf(analyze(saga).diagnostics);
    assert.deepEqual(found.map((d) => d.code), ['FL026']);
    assert.match(found[0]!.message, /`ship`/);
  });

  it('an unknown node on either end gets the usual FL020', () => {
    const found = errors('    at 1s drop next AppendEntries n1 -> n9\n    at 1s deliver next AppendEntries n7 -> n2');
    assert.deepEqual(found.map((d) => d.code), ['FL020', 'FL020']);
  });

  it('a window, a time range or a random form is refused with FL009: a message fault happens at one fixed moment', () => {
    for (const line of [
      '    from 1s to 2s drop next AppendEntries n1 -> n2',
      '    at 1s..2s deliver next AppendEntries n1 -> n2',
      '    every 1s random drop next AppendEntries n1 -> n2',
      '    every 1s duplicate next AppendEntries n1 -> n2',
    ]) {
      const found = errors(line);
      assert.deepEqual(found.map((d) => d.code), ['FL009'], line);
      assert.match(found[0]!.message, /one fixed moment/, line);
    }
  });

  it('a missing `next`, arrow or `by` says what was expected', () => {
    assert.match(errors('    at 1s deliver AppendEntries n1 -> n2')[0]!.message, /Expected `sent at` and when the message was sent .*or `next` before the type/);
    assert.match(errors('    at 1s drop next AppendEntries n1 <-> n2')[0]!.message, /`->` between the sending and the receiving node/);
    assert.match(errors('    at 1s delay next AppendEntries n1 -> n2')[0]!.message, /`by` and how much later/);
    // `drop 5%` without `next` is still a loss window.
    assert.deepEqual(errors('    from 1s to 2s drop 5% n1 -> n2'), []);
  });

  it('a message named by its send time (`sent at`, no `next`) compiles to a fault with that microsecond, in each of the four forms', () => {
    const faults = faultsOf(
      [
        '    at 2s drop AppendEntries n1 -> n2 sent at 1.9s',
        '    at 2s duplicate RequestVote n2 -> n3 sent at 2s',
        '    at 2s delay AppendEntriesReply n3 -> n1 sent at 1.999999s by 5ms',
        '    at 2s deliver PreVote n1 -> n3 sent at 1500ms',
      ].join('\n'),
    );
    assert.deepEqual(
      faults.map(({ line: _line, ...fault }) => fault),
      [
        { type: 'message', effect: 'drop', messageType: 'AppendEntries', from: 'n1', to: 'n2', sentAtUs: 1_900_000, atUs: 2_000_000 },
        { type: 'message', effect: 'duplicate', messageType: 'RequestVote', from: 'n2', to: 'n3', sentAtUs: 2_000_000, atUs: 2_000_000 },
        { type: 'message', effect: 'delay', messageType: 'AppendEntriesReply', from: 'n3', to: 'n1', delayUs: 5_000, sentAtUs: 1_999_999, atUs: 2_000_000 },
        { type: 'message', effect: 'deliver', messageType: 'PreVote', from: 'n1', to: 'n3', sentAtUs: 1_500_000, atUs: 2_000_000 },
      ],
    );
  });

  it('a `sent at` line prints back to the microsecond and compiles to the same fault (round trip)', () => {
    const source = withFaults('    at 2.345s drop AppendEntries n1 -> n2 sent at 2.301017s\n    at 3s delay AppendEntries n1 -> n2 sent at 2.999999s by 1500us');
    const first = compile(source).config!;
    const printed = printScenario(first);
    assert.match(printed, /at \S+ drop AppendEntries n1 -> n2 sent at 2\.301017s\n/);
    assert.match(printed, /at 3s delay AppendEntries n1 -> n2 sent at 2\.999999s by 1\.5ms\n/);
    const again = compile(printed);
    assert.deepEqual(errorsOf(again.diagnostics), []);
    const strip = (faults: ScheduledFault[]) => faults.map(({ line: _line, ...fault }) => fault);
    assert.deepEqual(strip(again.config!.faults), strip(first.faults));
  });

  it('a malformed `sent at` line gets one FL009 that says what to write', () => {
    const cases: Array<[line: string, message: RegExp]> = [
      // Sent after the line's moment: it cannot be on its way yet.
      ['    at 2s drop AppendEntries n1 -> n2 sent at 2.5s', /`sent at 2\.5s` is after the line's time `at 2s`: .*sent at 2s or before/],
      ['    at 2s drop AppendEntries n1 -> n2 sent at 1s..2s', /sent at one moment: `sent at 1s`, not a range/],
      ['    at 2s drop AppendEntries n1 -> n2 sent at', /Expected a duration like 150ms after `at 2s drop AppendEntries n1 -> n2 sent at`/],
      ['    at 2s drop AppendEntries n1 -> n2 sent 1s', /Expected `sent at` and when the message was sent/],
      ['    at 2s drop next AppendEntries n1 -> n2 sent at 1s', /`next` and `sent at` both say which message: write one/],
      ['    at 2s delay AppendEntries n1 -> n2 by 5ms sent at 1s', /`sent at` and when the message was sent, before `by` \(as in `delay AppendEntries n1 -> n2 sent at 2\.301s by 200ms`\)/],
      ['    at 2s delay AppendEntries n1 -> n2 sent at 1s', /`by` and how much later/],
      ['    from 1s to 2s drop AppendEntries n1 -> n2 sent at 1s', /`drop … sent at` acts on one message at one fixed moment/],
      ['    every 1s random duplicate AppendEntries n1 -> n2 sent at 1s', /`duplicate … sent at` acts on one message at one fixed moment/],
    ];
    for (const [line, message] of cases) {
      const found = errors(line);
      assert.deepEqual(found.map((d) => d.code), ['FL009'], line);
      assert.match(found[0]!.message, message, line);
    }
    // A send time at the line's own moment is fine: sent earlier in that microsecond.
    assert.deepEqual(errors('    at 2s drop AppendEntries n1 -> n2 sent at 2s'), []);
    // An amount still makes a loss window, not a message line.
    assert.deepEqual(errors('    from 1s to 2s drop 5% n1 -> n2'), []);
  });

  it('a `sent at` line is checked like a `next` line: the type (FL026) and the nodes (FL020)', () => {
    assert.deepEqual(errors('    at 2s drop AppendEntry n1 -> n2 sent at 1s').map((d) => d.code), ['FL026']);
    assert.deepEqual(errors('    at 2s drop AppendEntries n1 -> n9 sent at 1s').map((d) => d.code), ['FL020']);
  });

  it('a child scenario inherits its parent\'s message lines, or replaces them with its own faults block', () => {
    const parent = withFaults('    at 1s drop next AppendEntries n1 -> n2');
    const text = `${parent}\nscenario "inherits" extends "s" {\n}\nscenario "replaces" extends "s" {\n  faults {\n    at 2s duplicate next AppendEntries n2 -> n3\n  }\n}\n`;
    assert.deepEqual(compile(text, 'inherits').config!.faults.map((f) => f.type === 'message' && f.effect), ['drop']);
    assert.deepEqual(compile(text, 'replaces').config!.faults.map((f) => f.type === 'message' && f.effect), ['duplicate']);
  });
});
