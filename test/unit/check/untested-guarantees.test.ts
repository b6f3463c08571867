// A guarantee the history never put to the test is undecided, not held. With a writer client and a
// separate reader, no read ever follows its own process's write: "✓ read your writes" said so
// anyway, and the primary/backup samples' grade read "strongest model that held: read-your-writes,
// writes-follow-reads" — two guarantees nobody exercised, over two that broke.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analysisLines } from '../../../cli/analysis-summary.ts';
import { checkLadder } from '../../../core/check/ladder.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { history, op, read, write } from './helpers/build-history.ts';

const verdictOf = (ladder: ReturnType<typeof checkLadder>, name: string) => ladder.verdicts.find((v) => v.name === name)!;

describe('guarantees a history never put to the test', () => {
  it('read your writes is undecided when no process read a key after writing it, and held with a count when one did', () => {
    const apart = checkLadder(history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('r', 2, 40, 50)]));
    assert.equal(verdictOf(apart, 'read-your-writes').holds, null);
    assert.equal(verdictOf(apart, 'read-your-writes').summary, 'nothing to judge: no process read a key after one of its own writes to it had completed.');
    const own = checkLadder(history([write('w', 1, 0, 10), read('w', 1, 20, 30), read('w', 1, 40, 50)]));
    assert.equal(verdictOf(own, 'read-your-writes').holds, true);
    assert.match(verdictOf(own, 'read-your-writes').summary, /\(2 reads came after one\)\.$/);
  });

  it('monotonic reads needs a process that read the same key twice, one read after the other', () => {
    const once = checkLadder(history([write('w', 1, 0, 10), read('a', 1, 20, 30), read('b', 1, 40, 50)]));
    assert.equal(verdictOf(once, 'monotonic-reads').holds, null);
    // Two overlapping reads of one open-loop client are not one after the other.
    const overlapping = checkLadder(history([write('w', 1, 0, 10), read('a', 1, 20, 50), read('a', 1, 30, 60)]));
    assert.equal(verdictOf(overlapping, 'monotonic-reads').holds, null);
    const twice = checkLadder(history([write('w', 1, 0, 10), read('a', 1, 20, 30), read('a', 1, 40, 50)]));
    assert.equal(verdictOf(twice, 'monotonic-reads').holds, true);
  });

  it('no stale reads is undecided when every read began before any write of its key had completed', () => {
    const early = checkLadder(history([read('r', null, 0, 5), write('w', 1, 2, 10), read('r', 1, 8, 12)]));
    assert.equal(verdictOf(early, 'no-stale-reads').holds, null);
    assert.equal(early.staleReads.count, 0);
    const late = checkLadder(history([write('w', 1, 0, 10), read('r', 1, 20, 30)]));
    assert.equal(verdictOf(late, 'no-stale-reads').holds, true);
    assert.match(verdictOf(late, 'no-stale-reads').summary, /\(1 read began after one had\)/);
  });

  it('a history whose every verdict is undecided is "not graded", never "none"', () => {
    const blind = checkLadder(history([op('a', 'lock', null, 1, 0, 10, { key: 'l' }), read('b', 1, 20, 30, 'l')]));
    for (const v of blind.verdicts) assert.equal(v.holds, null, `${v.name}: ${v.summary}`);
    assert.equal(blind.strongest, 'not graded');
    // Broken somewhere and held nowhere is "none".
    const broken = checkLadder(history([write('w', 1, 0, 10), write('w', 2, 20, 30), read('w', 1, 40, 50), read('w', 1, 60, 70)]));
    assert.equal(verdictOf(broken, 'read-your-writes').holds, false);
    assert.notEqual(broken.strongest, 'not graded');
  });

  it('the primary/backup failover sample no longer names unexercised guarantees as the strongest that held', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../samples/primary-backup-async-failover.fault', import.meta.url)), 'utf8');
    const compiled = compile(text);
    assert.ok(compiled.config !== null);
    const report = runScenario(compiled.config);
    const list = report.verdicts!.list;
    for (const name of ['read-your-writes', 'writes-follow-reads']) {
      const v = list.find((x) => x.name === name)!;
      assert.equal(v.holds, null, `${name}: ${v.summary}`);
      assert.match(v.summary, /^nothing to judge: /);
    }
    assert.doesNotMatch(report.verdicts!.strongest, /read-your-writes|writes-follow-reads/);
  });

  it('a saga run does not claim its writes survived or its replicas converged: it acknowledged no write and replicates no key', () => {
    const text = readFileSync(fileURLToPath(new URL('../../../samples/saga-compensation.fault', import.meta.url)), 'utf8');
    const compiled = compile(text);
    assert.ok(compiled.config !== null);
    const list = runScenario(compiled.config).verdicts!.list;
    const lost = list.find((v) => v.name === 'no-lost-writes')!;
    assert.equal(lost.holds, null);
    assert.equal(lost.summary, 'nothing to judge: no write was acknowledged.');
    const converges = list.find((v) => v.name === 'converges')!;
    assert.equal(converges.holds, null);
    assert.match(converges.summary, /^nothing to judge: no key was held by two or more of the 4 running nodes/);
  });

  it("the run summary's damage line says stale reads were not decided instead of counting 0", () => {
    const text = readFileSync(fileURLToPath(new URL('../../../samples/saga-compensation.fault', import.meta.url)), 'utf8');
    const compiled = compile(text);
    assert.ok(compiled.config !== null);
    const lines = analysisLines(runScenario(compiled.config));
    const damage = lines.find((l) => l.startsWith('damage'))!;
    assert.match(damage, /stale reads not decided/);
    assert.doesNotMatch(damage, /0 stale reads/);
    assert.match(lines.find((l) => l.startsWith('grade'))!, /^grade {5}not graded: no consistency model describes what a request does/);
  });
});
