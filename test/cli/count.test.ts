// Summaries print counts the way toLocaleString('en-US') does, without loading ICU for it.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { count } from '../../cli/shared/count.ts';

describe('counts in summaries', () => {
  it('group thousands like toLocaleString("en-US") for integers of any size and sign', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (n) => count(n) === n.toLocaleString('en-US')));
    assert.equal(count(1234567), '1,234,567');
    assert.equal(count(-1000), '-1,000');
    assert.equal(count(999), '999');
  });

  it('keep at most three decimals, as toLocaleString does', () => {
    assert.equal(count(1234.5), '1,234.5');
    assert.equal(count(123.40000000000001), '123.4');
    assert.equal(count(0.0004), '0');
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 999 }), (whole, milli) => {
      const n = whole + milli / 1000;
      return count(n) === n.toLocaleString('en-US');
    }));
  });
});
