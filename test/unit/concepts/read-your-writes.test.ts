// Concept 11, read-your-writes: reading from a backup that lags misses your own write; waiting
// for the write's position, sticky sessions or reading from the primary fix it.
// Sample: samples/primary-backup-read-your-writes.fault.

import assert from 'node:assert/strict';
import { checkLadder } from '../../../core/check/ladder.ts';
import { runSample, SEEDS } from './runs.ts';

const FILE = 'primary-backup-read-your-writes.fault';

function readYourWrites(scenario: string, seed: number): boolean | null {
  const verdicts = checkLadder(runSample(FILE, scenario, seed).report.history).verdicts;
  return verdicts.find((v) => v.name === 'read-your-writes')!.holds;
}

describe('concept: read your writes (primary/backup)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: reads from lagging backups miss the reader's own write`, () => {
      assert.equal(readYourWrites('read your writes: reads from lagging backups', seed), false);
    });
    for (const fixed of ["read your writes: wait for the write's position", 'read your writes: sticky sessions', 'read your writes: primary reads']) {
      it(`seed ${seed}: "${fixed}" always shows the reader its own writes`, () => {
        assert.equal(readYourWrites(fixed, seed), true);
      });
    }
  }
});
