// analyzeRun hands its checks only gradingEvents(trace): states, applies, faults and notes. That is
// sound only while no check reads message, timer or client events, which these tests pin: every
// trace check must say the same from the full trace and from the filtered one.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toOperations } from '../../../core/history/operations.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { checkConvergence } from '../../../core/check/trace/convergence.ts';
import { findDuplicateEffects } from '../../../core/check/trace/duplicate-effects.ts';
import { gradingEvents } from '../../../core/check/trace/grading-events.ts';
import { appliesByNode } from '../../../core/check/trace/incarnations.ts';
import { leaderIntervals } from '../../../core/check/trace/leadership.ts';
import { findLostWrites } from '../../../core/check/trace/lost-writes.ts';
import { quorumTimeline } from '../../../core/check/trace/quorum-timeline.ts';
import { findSplitBrain } from '../../../core/check/trace/split-brain.ts';
import { classifyRun } from '../../../core/check/trace/cap-pacelc.ts';
import { getProtocol } from '../../../core/protocols/registry.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

const SAMPLES = [
  'raft-leader-isolated.fault',
  'primary-backup-async-failover.fault',
  'leaderless-concurrent-writes.fault',
  'idempotency-retries.fault',
  'lease-lock-no-fencing.fault',
  'network-unreliable.fault',
  'raft-log-replication.fault',
  'rare-failure.fault',
  'two-phase-commit-coordinator-crash.fault',
];

/**
 * Every trace check's result, as JSON, from the given events. The observed PACELC else-half reads
 * message events (did a reply wait for another replica), so analyzeRun hands it the whole trace:
 * so does this.
 */
function everyCheck(config: SimConfig, history: ReturnType<typeof runScenario>['history'], trace: ReadonlyArray<TraceEvent>, whole: ReadonlyArray<TraceEvent>): string {
  const ops = toOperations(history);
  const applies = appliesByNode(trace);
  const leaders = leaderIntervals(trace, config.runForUs);
  const quorum = quorumTimeline(trace, config, leaders);
  return JSON.stringify({
    applies: { current: [...applies.current].map(([n, a]) => [n, [...a.counts], a.restoredThrough, [...a.stored]]), down: [...applies.downAtEnd], saw: applies.sawApply },
    leaders,
    lost: findLostWrites(history, trace, config, { ops, applies }),
    dup: findDuplicateEffects(history, trace, applies),
    split: findSplitBrain(history, trace, config, { ops, leaders }),
    converge: checkConvergence(trace, config),
    quorum,
    classification: classifyRun(history, whole, config, getProtocol(config.protocol.name)!.classify(config.protocol.options), { ops, timeline: quorum }),
  });
}

describe('the events grading reads', () => {
  for (const file of SAMPLES) {
    it(`every trace check says the same from ${file}'s whole trace and from its states, applies, faults and notes alone`, () => {
      const { config } = compile(readFileSync(new URL(`../../../samples/${file}`, import.meta.url), 'utf8'));
      assert.ok(config !== null);
      for (const seed of [config.seed, config.seed + 1]) {
        const run = runScenario({ ...config, seed }, { analyze: false });
        const kept = gradingEvents(run.trace);
        assert.ok(kept.length < run.trace.length / 2, `${kept.length} of ${run.trace.length}`);
        assert.ok(kept.every((e) => !['send', 'deliver', 'drop', 'duplicate', 'timer', 'client'].includes(e.kind)));
        assert.equal(everyCheck({ ...config, seed }, run.history, kept, run.trace), everyCheck({ ...config, seed }, run.history, run.trace, run.trace), `seed ${seed}`);
      }
    });
  }
});
