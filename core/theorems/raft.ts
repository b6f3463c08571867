// What Raft guarantees whatever the faults (Ongaro & Ousterhout, §5.2–5.4 and §8): its history
// is linearizable in every read mode that goes through the leader's authority (`local` reads
// from any node's copy, so it is left out), acknowledged writes are never lost, the four safety
// properties hold, no two leaders acknowledge writes at once, and nothing commits while a
// majority is down.

import { WRITE_OPERATIONS } from '../history/operations.ts';
import { formatMicros } from '../sim/format-micros.ts';
import type { Micros, SimConfig } from '../types/sim-config.ts';
import { option, requestsTakeEffectOnce } from './preconditions.ts';
import { expectationTheorem, type Theorem, type TheoremRun, type Violation } from './theorem.ts';

const isRaft = (config: SimConfig) => config.protocol.name === 'raft';
const readsThroughLeader = (config: SimConfig) => isRaft(config) && option(config, 'read mode') !== 'local';

export const RAFT_THEOREMS: readonly Theorem[] = [
  expectationTheorem(
    'raft: linearizable',
    'raft',
    'linearizable',
    'Raft with any fault schedule and any read mode but `local` gives linearizable histories when every request takes effect once (thesis §6.3): clients that retry, or whose messages the network may duplicate, send idempotency keys that outlive their retries.',
    (config) => readsThroughLeader(config) && requestsTakeEffectOnce(config),
  ),
  majorityUpAtEnd(
    expectationTheorem(
      'raft: no lost writes',
      'raft',
      'no-lost-writes',
      'Raft never loses an acknowledged write: it was committed on a majority, and every later leader holds it. Judged when a majority runs at the end (the check looks at running nodes; a crashed node keeps its log on disk, but shows nothing).',
      (config) => isRaft(config),
    ),
  ),
  expectationTheorem(
    'raft: raft safety',
    'raft',
    'raft-safety',
    'Election safety, log matching, leader completeness and state machine safety hold after every event.',
    isRaft,
  ),
  expectationTheorem(
    'raft: no two leaders acknowledge writes',
    'raft',
    'no-split-brain',
    'Two nodes never acknowledge writes as leaders at the same time (a deposed leader cannot commit).',
    isRaft,
  ),
  {
    name: 'raft: no commit while a majority is down',
    protocol: 'raft',
    statement:
      'While a majority of the nodes is crashed or paused, no write invoked in that time is acknowledged: an entry commits only once a majority stores it.',
    applies: isRaft,
    needs: [],
    check: noCommitWhileMajorityDown,
  },
];

/** The theorem, judged only on runs that end with a majority running (a run-time precondition). */
function majorityUpAtEnd(theorem: Theorem): Theorem {
  return { ...theorem, check: (run) => (majorityDownSpans(run).some((span) => span.to === Infinity) ? null : theorem.check(run)) };
}

/** Spans of global time in which fewer than a majority of the nodes run (crashed and paused nodes process nothing). */
export function majorityDownSpans(run: TheoremRun): Array<{ from: Micros; to: Micros }> {
  const { config, report } = run;
  const majority = Math.floor(config.nodes.length / 2) + 1;
  const crashed = new Set<string>();
  const paused = new Set<string>();
  const spans: Array<{ from: Micros; to: Micros }> = [];
  let downSince: Micros | null = null;
  for (const event of report.trace) {
    if (event.kind === 'crash') {
      crashed.add(event.node);
      paused.delete(event.node); // a crash ends a pause: no resume follows it
    }
    else if (event.kind === 'restart') crashed.delete(event.node);
    else if (event.kind === 'pause') paused.add(event.node);
    else if (event.kind === 'resume') paused.delete(event.node);
    else continue;
    const running = config.nodes.filter((node) => !crashed.has(node) && !paused.has(node)).length;
    if (running < majority && downSince === null) downSince = event.t;
    else if (running >= majority && downSince !== null) {
      spans.push({ from: downSince, to: event.t });
      downSince = null;
    }
  }
  if (downSince !== null) spans.push({ from: downSince, to: Infinity });
  return spans;
}

function noCommitWhileMajorityDown(run: TheoremRun): Violation | null {
  const spans = majorityDownSpans(run);
  if (spans.length === 0) return null;
  const invokedAt = new Map<number, Micros>();
  for (const event of run.report.history) {
    if (!WRITE_OPERATIONS.has(event.f)) continue;
    if (event.type === 'invoke') {
      invokedAt.set(event.opId, event.time);
      continue;
    }
    if (event.type !== 'ok') continue;
    const invoked = invokedAt.get(event.opId);
    if (invoked === undefined) continue;
    const span = spans.find((s) => s.from <= invoked && event.time < s.to);
    if (span !== undefined) {
      return {
        summary: `${event.process}'s ${event.f} of ${event.key ?? ''} was invoked at ${formatMicros(invoked)} and acknowledged at ${formatMicros(event.time)}${event.node === undefined ? '' : ` by ${event.node}`}, while a majority was down (from ${formatMicros(span.from)}${span.to === Infinity ? ' to the end' : ` to ${formatMicros(span.to)}`})`,
        at: event.time,
      };
    }
  }
  return null;
}
