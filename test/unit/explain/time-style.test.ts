// One way of writing times in every view (issue 16 (f)): a new user saw "2.455 s", "2.46 s",
// "2.024s" and "0µs" side by side, and "(42 and 8).. Replay:". core/sim/format-micros.ts is the
// one formatter; core/explain/sentence.ts closes a sentence exactly once.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { endSentence } from '../../../core/explain/sentence.ts';
import { formatMicros as hoverFormat } from '../../../core/explain/units.ts';
import { duration, seconds } from '../../../core/check/describe.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { formatMicros } from '../../../core/sim/format-micros.ts';
import { findingsOf } from '../../../webview/model/verdict-list.ts';

/** A time written with a space before its unit, or to a fixed two decimals: the styles that went. */
const OTHER_STYLE = /\d (?:s|ms|µs|min|h)\b|\d\.\d0 ?s\b/;

describe('one style for times', () => {
  it('writes a number and its unit with no space, rounded to what a person reads', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [35, '35µs'],
      [412_500, '412.5ms'],
      [2_024_000, '2.024s'],
      [2_455_000, '2.455s'],
      [2_460_000, '2.46s'],
      [-1_500_000, '-1.5s'],
      [5_400_000_000, '1.5h'],
    ];
    assert.deepEqual(cases.map(([us]) => formatMicros(us)), cases.map(([, text]) => text));
  });

  it('hovers, verdict sentences and durations all use that one formatter', () => {
    for (const us of [0, 35, 412_500, 2_455_000, 3_200_000, 7_200_000_000]) {
      assert.equal(hoverFormat(us), formatMicros(us));
      assert.equal(seconds(us), formatMicros(us));
      assert.equal(duration(us), formatMicros(us));
    }
  });

  it('closes a sentence with exactly one stop, whatever it came with', () => {
    assert.equal(endSentence('both had writes accepted as leader (42 and 8).'), 'both had writes accepted as leader (42 and 8).');
    assert.equal(endSentence('no leader in term 3'), 'no leader in term 3.');
    assert.equal(endSentence('Is it? '), 'Is it?');
    assert.equal(endSentence(''), '');
  });

  for (const file of ['raft-leader-isolated.fault', 'lease-lock-no-fencing.fault', 'primary-backup-read-your-writes.fault']) {
    it(`every verdict of ${file} writes its times one way and ends with one stop`, () => {
      const text = readFileSync(`samples/${file}`, 'utf8');
      const compiled = compile(text);
      for (const scenario of compiled.scenarios) {
        const config = compile(text, scenario).config!;
        for (const finding of findingsOf(runScenario(config))) {
          assert.doesNotMatch(finding.summary, OTHER_STYLE, `${scenario} / ${finding.title}: ${finding.summary}`);
          assert.doesNotMatch(finding.summary, /\.\.(\s|$)/, `${scenario} / ${finding.title}: ${finding.summary}`);
        }
      }
    });
  }
});
