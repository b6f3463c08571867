// One rule for a typed seed (core/sim/seed-text.ts), shared by the CLI, the playground's seed box,
// the debugger and the editor setting: the scenario language's own, an unsigned safe integer.

import assert from 'node:assert/strict';
import { isSeed, MAX_SEED, parseSeed } from '../../../core/sim/seed-text.ts';

describe('seed text', () => {
  it('accepts 0, 42 and the largest safe integer, as typed', () => {
    assert.deepEqual(parseSeed('0'), { ok: true, seed: 0 });
    assert.deepEqual(parseSeed(' 42 '), { ok: true, seed: 42 });
    assert.deepEqual(parseSeed(String(MAX_SEED)), { ok: true, seed: MAX_SEED });
  });

  it('refuses 99999999999999999999: as a number it would silently become 1e20', () => {
    const read = parseSeed('99999999999999999999');
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.error : '', /^a seed is a whole number from 0 to 9007199254740991, got '99999999999999999999'$/);
    assert.equal(parseSeed(String(MAX_SEED + 1)).ok, false);
  });

  it('refuses what Number() would quietly accept: empty, signs, exponents, hex, fractions', () => {
    for (const text of ['', ' ', '-1', '+1', '1e3', '0x10', '1.5', '1_000', 'seven']) assert.equal(parseSeed(text).ok, false, `'${text}' is refused`);
    assert.match((parseSeed('') as { error: string }).error, /got nothing$/);
  });

  it('isSeed agrees with parseSeed for numbers', () => {
    assert.deepEqual([0, 7, MAX_SEED].map(isSeed), [true, true, true]);
    assert.deepEqual([-1, 1.5, MAX_SEED + 1, 1e20, NaN, '7'].map(isSeed), [false, false, false, false, false, false]);
  });
});
