// Concept 12, monotonic reads: a reader moving between backups at different distances sees a
// value it already saw replaced come back; tracking the newest position it read stops that.
// Sample: samples/primary-backup-monotonic-reads.fault.

import assert from 'node:assert/strict';
import { checkLadder } from '../../../core/check/ladder.ts';
import { runSample, SEEDS } from './runs.ts';

const FILE = 'primary-backup-monotonic-reads.fault';

function monotonic(scenario: string, seed: number): boolean | null {
  const verdicts = checkLadder(runSample(FILE, scenario, seed).report.history).verdicts;
  return verdicts.find((v) => v.name === 'monotonic-reads')!.holds;
}

describe('concept: monotonic reads (primary/backup)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: a reader switching between a near and a far backup goes back in time`, () => {
      assert.equal(monotonic('monotonic reads: backups at different distances', seed), false);
    });
    it(`seed ${seed}: tracking the newest position read keeps every reader moving forward`, () => {
      assert.equal(monotonic('monotonic reads: track the newest position read', seed), true);
    });
  }
});
