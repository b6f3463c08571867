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

  it('no participant is blocked while the coordinator runs, however many transactions prepare', () => {
    const stretches = runSample(SAMPLE, CRASH, 2, (text) => text.replace(/^\s*at 2s crash coord\s*$/m, '').replace(/^\s*at 6s restart coord\s*$/m, ''));
    assert.deepEqual(stretches, []);
  });
});
