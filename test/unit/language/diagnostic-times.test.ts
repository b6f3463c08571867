// Diagnostics write a time the way every other view does (formatMicros, core/sim/format-micros.ts):
// `at 7.5s` in the file reads "at 7.5s" in the message, not "at 7500ms".

import assert from 'node:assert/strict';
import { analyze } from '../../../core/language/index.ts';
import { scenarioWith } from './helpers.ts';

function messageOf(code: string, text: string): string {
  const found = analyze(text).diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `${code} once in:\n${text}`);
  return found[0]!.message;
}

const faults = (lines: string, runFor = '10s') => scenarioWith({ runFor, faults: `  faults {\n${lines}\n  }` });

describe('times in diagnostic messages', () => {
  it('a second partition `at 7.5s` is still-active "at 7.5s" (FL043)', () => {
    const message = messageOf('FL043', faults('    at 1s partition n1 | n2, n3\n    at 7.5s partition n2 | n1, n3'));
    assert.match(message, /A partition is still active at 7\.5s;/);
  });

  it('a fault `at 7.5s` past `run for 5s` is "at 7.5s, but the run ends at 5s" (FL040)', () => {
    assert.match(messageOf('FL040', faults('    at 7.5s crash n1', '5s')), /This fault is at 7\.5s, but the run ends at 5s: it never happens\./);
  });

  it('a time in milliseconds stays in milliseconds, and one finer than a millisecond above a second is rounded for reading', () => {
    assert.match(messageOf('FL042', faults('    at 250ms heal')), /No partition is active at 250ms,/);
    assert.match(messageOf('FL046', faults('    at 1s crash n1\n    at 1.074615s crash n1')), /`n1` is already down at 1\.075s\./);
  });

  it('the longest run allowed is written as the display writes hours (FL009)', () => {
    assert.match(messageOf('FL009', scenarioWith({ runFor: '200h' })), /A run lasts at most 168h of simulated time\./);
  });
});
