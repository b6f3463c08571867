// Two-phase commit blocks: a participant that voted yes can neither commit nor abort alone, so
// while its coordinator is down (or cut off from it) it holds its locks and waits. The `blocked`
// stretches name exactly those participants and times, and nothing while the coordinator is up.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { blockedParticipants } from '../../../core/check/trace/blocked-participants.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';

function runSample(file: string, scenario: string, seed: number, edit: (text: string) => string = (t) => t) {
  const compiled = compile(edit(readFileSync(file, 'utf8')), scenario);
  assert.ok(compiled.config, JSON.stringify(compiled.diagnostics.filter((d) => d.severity === 'error')));
  const report = runScenario({ ...compiled.config, seed });
  return blockedParticipants(report.trace, report.config.runForUs);
}

const SAMPLE = 'samples/two-phase-commit-coordinator-crash.fault';
const CRASH = '2pc: coordinator crashes after prepare';
const AMNESIA = '2pc: coordinator restarts without its log';

describe('2PC blocking read from the trace', () => {
  it('participants prepared when the coordinator crashes at 2s are blocked until it restarts at 6s', () => {
    for (const seed of [1, 2, 3]) {
      const stretches = runSample(SAMPLE, CRASH, seed);
      assert.deepEqual(
        stretches.map((s) => s.participant).sort(),
        ['p1', 'p2'],
        `seed ${seed}: ${JSON.stringify(stretches)}`,
      );
      for (const s of stretches) {
        assert.equal(s.from, 2_000_000, `seed ${seed}: blocked from the crash`);
        assert.equal(s.to, 6_000_000, `seed ${seed}: until the restart`);
      }
    }
  });

  it('a coordinator restarted without its log does not unblock participants prepared for its earlier life: they stay blocked to the end', () => {
    for (const seed of [1, 2, 3]) {
      const report = runScenario({ ...compile(readFileSync(SAMPLE, 'utf8'), AMNESIA).config!, seed });
      const stretches = blockedParticipants(report.trace, report.config.runForUs);
      assert.deepEqual(stretches.map((s) => [s.participant, s.from, s.to]), [['p1', 2_000_000, 10_000_000], ['p2', 2_000_000, 10_000_000]], `seed ${seed}`);
      // What the stretch claims is what the participants say: still prepared on t0 transactions at the end.
      for (const participant of ['p1', 'p2']) {
        const last = report.trace.filter((e) => e.kind === 'state' && e.node === participant).at(-1);
        assert.ok(last?.kind === 'state' && last.state['blocked'] === true, `seed ${seed}: ${participant} ends blocked`);
        assert.ok((last.state['waitingOn'] as string[]).every((txn) => txn.startsWith('t0.')), `seed ${seed}: waits on the first life's transactions`);
      }
    }
  });

  it('a coordinator restarted with recovery decides what its earlier life began: the block ends at the restart', () => {
    const stretches = runSample(SAMPLE, AMNESIA, 2, (text) => text.replace(/coordinator recovery off/, 'coordinator recovery on'));
    assert.deepEqual(stretches.map((s) => [s.participant, s.to]), [['p1', 6_000_000], ['p2', 6_000_000]]);
  });

  it('no participant is blocked while the coordinator runs, however many transactions prepare', () => {
    const stretches = runSample(SAMPLE, CRASH, 2, (text) => text.replace(/^\s*at 2s crash coord\s*$/m, '').replace(/^\s*at 6s restart coord\s*$/m, ''));
    assert.deepEqual(stretches, []);
  });
});
