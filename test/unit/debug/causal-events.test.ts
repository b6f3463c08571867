// The trace's own order tells where one handled event ends and the next begins (causal-events.ts):
// checked against the time-travel run's exact boundaries (the trace length after every event) on
// samples of every shape — Raft with client retries and a restart, a lossy network, 2PC with a
// coordinator crash, a lease lock, primary/backup failover. The page's inspector, which has only
// the trace, therefore attributes each send and state change to the event that really caused it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PlayableRun } from '../../../core/debug/playable-run.ts';
import { arrayReader, beginsEvent, headOf } from '../../../core/debug/causal-events.ts';

const FILES = [
  'test/browser/fixtures/everything-on-one-timeline.fault',
  'samples/raft-log-replication.fault',
  'samples/network-unreliable.fault',
  'samples/idempotency-retries.fault',
  'samples/two-phase-commit-coordinator-crash.fault',
  'samples/lease-lock-no-fencing.fault',
  'samples/primary-backup-async-failover.fault',
];

describe('causal events: the trace splits into handled events', () => {
  for (const file of FILES) {
    it(`${file}: every event the engine handled begins where the trace says one begins, and nowhere else`, () => {
      const play = PlayableRun.open({ source: readFileSync(file, 'utf8') });
      if ('error' in play) throw new Error(play.error);
      const trace = play.report.trace;
      const reader = arrayReader(trace);
      const { traceEnds } = play.timeTravel.eventColumns();
      let checked = 0;
      for (let n = 1; n < traceEnds.length; n++) {
        const start = traceEnds[n - 1]!;
        const end = traceEnds[n]!;
        if (start === end) continue;
        assert.ok(beginsEvent(reader, start), `event ${n} begins at trace ${start}: ${JSON.stringify(trace[start])}`);
        // A resumed node replays its backlog in one engine event: several deliveries, each a head.
        const resumed = trace[start]!.kind === 'resume';
        for (let i = start + 1; i < end; i++) if (!resumed) assert.ok(!beginsEvent(reader, i), `event ${n} (${JSON.stringify(headOf(trace.slice(start, end)))}) is split at trace ${i}: ${JSON.stringify(trace[i])}`);
        checked++;
      }
      assert.ok(checked > 500, `${checked} events checked`);
    });
  }
});
