// The one writer of exact scenario time text (durationText, core/language/values.ts): the unit a
// person writes, and the very same microseconds when the language reads it back.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compile } from '../../../core/language/index.ts';
import { MAX_RUN_FOR_US } from '../../../core/language/limits.ts';
import { durationText, parseQuantity, toMicros } from '../../../core/language/values.ts';

const readBack = (text: string): number => toMicros(parseQuantity(text));

describe('durations Faultline writes as scenario text', () => {
  it('are seconds from 1s, milliseconds from 1ms, `us` below, whole hours in h, zero as 0s', () => {
    const cases: Array<[number, string]> = [
      [0, '0s'],
      [1, '1us'],
      [999, '999us'],
      [1_000, '1ms'],
      [1_500, '1.5ms'],
      [45_123, '45.123ms'],
      [412_500, '412.5ms'],
      [999_999, '999.999ms'],
      [1_000_000, '1s'],
      [1_500_000, '1.5s'],
      [2_879_000, '2.879s'],
      [1_074_615, '1.074615s'],
      [2_000_050, '2.00005s'],
      [10_000_000, '10s'],
      [60_000_000, '60s'],
      [5_400_000_000, '5400s'],
      [3_600_000_000, '1h'],
      [MAX_RUN_FOR_US, '168h'],
      [-1_500_000, '-1.5s'],
      [-250_000, '-250ms'],
    ];
    for (const [us, text] of cases) assert.equal(durationText(us), text, `${us}us`);
  });

  it('read back to the very same microseconds: every value to 20ms, and any safe integer', () => {
    for (let us = 0; us <= 20_000; us++) assert.equal(readBack(durationText(us)), us, durationText(us));
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (us) => readBack(durationText(us)) === us),
      { numRuns: 20_000 },
    );
  });

  it('never fall back to `us` at or above a millisecond, for anything shorter than a century', () => {
    const century = 100 * 365 * 86_400 * 1_000_000;
    fc.assert(fc.property(fc.integer({ min: 1_000, max: century }), (us) => !durationText(us).endsWith('us')), { numRuns: 20_000 });
  });

  it('compile back to the same microseconds as a run length, across the units', () => {
    for (const us of [1, 999, 1_001, 45_123, 999_999, 1_000_000, 1_074_615, 2_879_000, 123_456_789, 3_599_999_999, 3_600_000_000, MAX_RUN_FOR_US - 1]) {
      const { config, diagnostics } = compile(`scenario "t" { run for ${durationText(us)}\n cluster { nodes a, b, c\n protocol raft } }`);
      assert.equal(config?.runForUs, us, `${durationText(us)}: ${diagnostics.map((d) => d.message).join('; ')}`);
    }
  });
});
