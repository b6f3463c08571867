// `faultline run`'s line of leadership changes speaks each protocol's own words.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import { summarize } from '../../cli/commands/run.ts';

const samplesDir = fileURLToPath(new URL('../../samples/', import.meta.url));

function summaryOf(file: string): string {
  const compiled = compile(readFileSync(samplesDir + file, 'utf8'));
  assert.ok(compiled.config !== null);
  return summarize(runScenario(compiled.config), file);
}

describe('the run summary names who held authority, in the protocol’s words', () => {
  it('primary/backup with automatic failover lists its primaries and epochs, not "leaders none"', () => {
    const summary = summaryOf('primary-backup-async-failover.fault');
    assert.match(summary, /^primaries .*n1 \(epoch 1\) · .*n2 \(epoch 2\)$/m);
    assert.doesNotMatch(summary, /^leaders/m);
  });

  it('a primary/backup split brain is told as two primaries of two epochs, not two leaders of two terms', () => {
    assert.match(summaryOf('primary-backup-async-failover.fault'), /n1 \(epoch 1\) and n2 \(epoch 2\) both had writes accepted as primary/);
  });

  it('a lease lock lists its lock holders with their fencing tokens', () => {
    assert.match(summaryOf('lease-lock-no-fencing.fault'), /^holders {3}.*\(fencing token 1\)/m);
  });

  it('2PC and leaderless say that they elect nobody instead of "none"', () => {
    assert.match(summaryOf('two-phase-commit-coordinator-crash.fault'), /^leaders {3}none elected: the coordinator is fixed/m);
    assert.match(summaryOf('leaderless-quorum-overlap.fault'), /^leaders {3}none elected: any of a key’s replicas/m);
  });

  it('2PC names the participants its crashed coordinator blocked, and for how long', () => {
    assert.match(summaryOf('two-phase-commit-coordinator-crash.fault'), /^blocked {3}p1 2s–6s · p2 2s–6s \(prepared, holding locks, with no coordinator to decide\)$/m);
    assert.doesNotMatch(summaryOf('raft-leader-isolated.fault'), /^blocked/m);
  });
  it('the split-brain verdict of a protocol that elects nobody says so, instead of "accepted as leader"', () => {
    const compiled = compile(readFileSync(samplesDir + 'leaderless-quorum-overlap.fault', 'utf8'));
    const verdict = runScenario(compiled.config!).verdicts!.list.find((v) => v.name === 'no-split-brain')!;
    assert.equal(verdict.summary, 'No split brain: this protocol elects nobody (any of a key’s replicas coordinates its reads and writes).');
    const pb = compile(readFileSync(samplesDir + 'primary-backup-read-your-writes.fault', 'utf8'));
    const held = runScenario(pb.config!).verdicts!.list.find((v) => v.name === 'no-split-brain')!;
    assert.doesNotMatch(held.summary, /leader/);
  });
});
