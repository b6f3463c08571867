// What Raft guarantees whatever the faults (Ongaro & Ousterhout, §5.2–5.4 and §8): its history
// is linearizable in every read mode that goes through the leader's authority (`local` reads
// from any node's copy, so it is left out), acknowledged writes are never lost, the four safety
// properties hold, no two leaders acknowledge writes at once, a side cut off from the majority
// answers no client, and no write is acknowledged unless a majority of the nodes ran at some
// moment while it was in flight.

import { WRITE_OPERATIONS } from '../history/operations.ts';
import { classifyRun } from '../check/trace/cap-pacelc.ts';
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
    name: 'raft: a cut-off side answers no client',
    protocol: 'raft',
    statement:
      'With reads through the leader, while a partition lasts no node cut off from the majority acknowledges a write invoked during it, or answers a stale read (one that missed a write completed before it began): CAP would call that availability, and Raft keeps consistency instead. Judged by the CAP/PACELC classifier itself, so a run it wrongly calls available breaks this too.',
    applies: readsThroughLeader,
    needs: [],
    check: cutOffSideSilent,
  },
  {
    name: 'raft: no commit while a majority is down',
    protocol: 'raft',
    statement:
      'No write is acknowledged unless a majority of the nodes ran (neither crashed nor paused) at some moment between its invocation and its acknowledgement: an entry commits only once a majority stores it, though not necessarily at the same time.',
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

/**
 * Down spans (crashed or paused) per node, in trace order; a span still open at the end runs to
 * Infinity. A crash ends a pause (no resume follows it), so a pause then a crash is one span.
 */
function downSpansByNode(run: TheoremRun): Map<string, Array<{ from: Micros; to: Micros }>> {
  const spans = new Map<string, Array<{ from: Micros; to: Micros }>>(run.config.nodes.map((node) => [node, []]));
  const downSince = new Map<string, Micros>();
  const crashed = new Set<string>();
  for (const event of run.report.trace) {
    if (event.kind !== 'crash' && event.kind !== 'restart' && event.kind !== 'pause' && event.kind !== 'resume') continue;
    const node = event.node;
    if (event.kind === 'crash') crashed.add(node);
    else if (event.kind === 'restart') crashed.delete(node);
    // A resume after a crash (none should come) does not bring a crashed node back.
    const down = event.kind === 'crash' || event.kind === 'pause' || (event.kind === 'resume' && crashed.has(node));
    const since = downSince.get(node);
    if (down && since === undefined) downSince.set(node, event.t);
    else if (!down && since !== undefined) {
      spans.get(node)?.push({ from: since, to: event.t });
      downSince.delete(node);
    }
  }
  for (const [node, since] of downSince) spans.get(node)?.push({ from: since, to: Infinity });
  return spans;
}

/**
 * An entry commits once a majority stores it, and a node stores nothing while it is crashed or
 * paused; but those that store it need not run at the same time: one may store it and then
 * pause, another resume and store it after. So a write acknowledged at `ok` and invoked at
 * `invoked` breaks the theorem when fewer than a majority of the nodes ran at any moment in
 * between (the entry exists only after the invocation). A node counts as down throughout only if
 * one down span strictly covers the window: at the very instant of the invocation or of the
 * acknowledgement, the order of same-time events is not what the theorem judges.
 */
function noCommitWhileMajorityDown(run: TheoremRun): Violation | null {
  const down = downSpansByNode(run);
  const majority = Math.floor(run.config.nodes.length / 2) + 1;
  // Unless more than n - majority nodes were ever down, a majority ran throughout every window.
  if ([...down.values()].filter((spans) => spans.length > 0).length <= run.config.nodes.length - majority) return null;
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
    const ran = run.config.nodes.filter((node) => !down.get(node)!.some((span) => span.from < invoked && span.to > event.time));
    if (ran.length < majority) {
      return {
        summary: `${event.process}'s ${event.f} of ${event.key ?? ''} was invoked at ${formatMicros(invoked)} and acknowledged at ${formatMicros(event.time)}${event.node === undefined ? '' : ` by ${event.node}`}, while a majority was down: only ${ran.length === 0 ? 'no node' : ran.join(', ')} of ${run.config.nodes.length} ran at any moment in between`,
        at: event.time,
      };
    }
  }
  return null;
}

/**
 * The classifier's account of each partition (core/check/trace/cap-pacelc.ts): a window whose
 * minority side acknowledged a write or answered a stale read is a run observed as PA.
 * Raft whose reads go through the leader's authority never does that; the sweep holds the
 * classifier to it (a product once called a minority leader "available").
 */
function cutOffSideSilent(run: TheoremRun): Violation | null {
  const { report, config } = run;
  const { observed } = classifyRun(report.history, report.trace, config, null);
  const answered = observed.partitions.find((window) => window.behaviour === 'A');
  if (answered === undefined) return null;
  const ops = (indexes: number[]) => indexes.map((i) => `#${i}`).join(', ');
  const what = [
    ...(answered.minorityAcks.length > 0 ? [`acknowledged write${answered.minorityAcks.length === 1 ? '' : 's'} ${ops(answered.minorityAcks)}`] : []),
    ...(answered.minorityReads.length > 0 ? [`answered stale read${answered.minorityReads.length === 1 ? '' : 's'} ${ops(answered.minorityReads)}`] : []),
  ].join(' and ');
  return {
    summary: `while the majority was cut off from ${answered.minority.join(', ')} (${formatMicros(answered.from)}–${formatMicros(answered.to)}), that side ${what}`,
    at: answered.from,
  };
}
