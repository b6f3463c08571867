// Concept 15, two-phase commit is blocking: a coordinator crash between the phases leaves the
// participants that voted yes holding their locks for the whole outage; a coordinator that
// reads its log on restart releases them, one that does not leaves them stuck. Across seeds.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';

const SEEDS = [1, 2, 3, 4, 5];
const FILE = 'two-phase-commit-coordinator-crash.fault';
const RECOVERS = '2pc: coordinator crashes after prepare';
const NO_RECOVERY = '2pc: coordinator restarts without its log';
const CRASH = 2_000_000;
const RESTART = 6_000_000;

function runSample(scenario: string, seed: number): Report {
  const text = readFileSync(fileURLToPath(new URL(`../../../samples/${FILE}`, import.meta.url)), 'utf8');
  const { config } = compile(text, scenario);
  assert.ok(config !== null);
  return runScenario({ ...config, seed }, { analyze: false });
}

type ParticipantView = { blocked: boolean; locks: string[]; waitingOn: string[] };

/** Every state a participant reported, in order, with the time. */
function participantStates(report: Report, node: string): Array<{ t: number; s: ParticipantView }> {
  return report.trace.flatMap((e) => (e.kind === 'state' && e.node === node ? [{ t: e.t, s: e.state as ParticipantView }] : []));
}

/** What the participant last reported at or before t. */
function at(states: Array<{ t: number; s: ParticipantView }>, t: number): ParticipantView | undefined {
  let last: ParticipantView | undefined;
  for (const entry of states) {
    if (entry.t > t) break;
    last = entry.s;
  }
  return last;
}

/** Transactions begun before the crash (incarnation 0) that the participant still waits on at t. */
function preCrashWaits(view: ParticipantView | undefined): string[] {
  return (view?.waitingOn ?? []).filter((txn) => txn.startsWith('t0.'));
}

describe('concept 15: two-phase commit blocks when the coordinator fails after prepare', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: p1 and p2 stay blocked, holding locks, for the whole coordinator outage`, () => {
      const report = runSample(RECOVERS, seed);
      for (const node of ['p1', 'p2']) {
        const states = participantStates(report, node);
        // From one decision trip after the crash (what was already on its way has arrived)...
        const settled = CRASH + 100_000;
        const during = states.filter((e) => e.t >= settled && e.t < RESTART).map((e) => e.s);
        const views = [at(states, settled)!, ...during];
        for (const view of views) {
          assert.equal(view.blocked, true, `${node} unblocked during the outage`);
          assert.ok(view.locks.length > 0, `${node} holds locks during the outage`);
          assert.ok(preCrashWaits(view).length > 0, `${node} waits on a transaction the crashed coordinator began`);
        }
        // ...until the coordinator is back: nothing released the pre-crash transactions before.
        assert.ok(preCrashWaits(at(states, RESTART - 1)).length > 0);
      }
    });

    it(`seed ${seed}: with recovery, the restarted coordinator releases every pre-crash lock within 1.2s`, () => {
      const report = runSample(RECOVERS, seed);
      for (const node of ['p1', 'p2']) {
        assert.deepEqual(preCrashWaits(at(participantStates(report, node), RESTART + 1_200_000)), [], node);
      }
    });

    it(`seed ${seed}: without recovery, the pre-crash transactions keep their locks until the end of the run`, () => {
      const report = runSample(NO_RECOVERY, seed);
      for (const node of ['p1', 'p2']) {
        const end = at(participantStates(report, node), report.stats.simulatedUs);
        assert.ok(preCrashWaits(end).length > 0, `${node} still waits at the end`);
        assert.equal(end?.blocked, true);
      }
    });
  }

  it('the no-recovery variant differs from the original only in the coordinator recovery option', () => {
    const text = readFileSync(fileURLToPath(new URL(`../../../samples/${FILE}`, import.meta.url)), 'utf8');
    const risky = compile(text, RECOVERS).config!;
    const fixed = compile(text, NO_RECOVERY).config!;
    assert.deepEqual({ ...fixed.protocol.options, 'coordinator recovery': true }, risky.protocol.options);
    assert.equal(fixed.protocol.options['coordinator recovery'], false);
    assert.deepEqual(fixed.faults, risky.faults);
  });
});
