// The part of `faultline run`'s summary that reports core/check's grading of the run: the
// strongest consistency model that held, the damage done, when a majority existed, and the
// CAP/PACELC classification beside what the run actually showed.

import { formatMicros } from '../core/sim/format-micros.ts';
import type { Report } from '../core/types/report.ts';
import { count } from './shared/count.ts';
import { NOT_GRADED } from '../core/check/gradable.ts';
import { authorityWords } from '../core/explain/authority.ts';
import type { QuorumInterval } from '../core/check/trace/quorum-timeline.ts';
import { leaderIntervals } from '../core/check/trace/leadership.ts';
import { appendStretch, majorityWithoutLeader, type Stretch } from '../core/check/trace/majority-without-leader.ts';
import { quorumReach } from '../core/explain/leaderless-reach.ts';
import type { SimConfig } from '../core/types/sim-config.ts';


export function analysisLines(report: Report): string[] {
  const lines: string[] = [];
  const { verdicts, quorum, classification } = report;
  if (verdicts !== undefined) {
    const { damage } = verdicts;
    const ungraded = verdicts.strongest === NOT_GRADED ? verdicts.list.find((v) => v.name === 'linearizable') : undefined;
    lines.push(ungraded === undefined ? `grade     strongest model that held: ${verdicts.strongest}` : `grade     ${ungraded.summary}`);
    const split =
      damage.splitBrain.length === 0
        ? 'no split brain'
        : `split brain ${damage.splitBrain.map((s) => `${s.nodes.join(' & ')} ${formatMicros(s.from)}–${formatMicros(s.to)}`).join(', ')}`;
    // A count read from a trace that was cut short (its verdict left undecided) counts only what
    // the trace kept: "172,226 writes lost" from a truncated trace is a false alarm, not damage.
    const undecided = (name: string) => verdicts.list.some((v) => v.name === name && v.holds === null);
    const lost = undecided('no-lost-writes') ? 'lost writes not decided' : `${count(damage.lostWrites)} acknowledged writes lost`;
    const duplicated = undecided('no-duplicate-effects') ? 'duplicates not decided' : `${count(damage.duplicateEffects)} applied more than once`;
    const stale = undecided('no-stale-reads')
      ? 'stale reads not decided'
      : damage.staleReads.count === 0
        ? '0 stale reads'
        : `${count(damage.staleReads.count)} stale reads (worst ${formatMicros(damage.staleReads.worst)} behind)`;
    lines.push(`damage    ${lost} · ${duplicated} · ${stale} · ${split}`);
  }
  if (quorum !== undefined && quorum.length > 0) lines.push(quorumLine(quorum, report));
  if (classification !== undefined) {
    const configured = classification.static === null ? 'unknown' : `${classification.static.cap}, ${classification.static.pacelc}`;
    const partition = classification.observed.duringPartition;
    const during = partition === null ? 'no partition with traffic' : partition === 'A' ? 'a minority side answered during a partition' : 'no minority side took a write or served a stale read during partitions';
    const observed = classification.observed;
    lines.push(
      observed.duringPartition === null && observed.elseLatency === null
        ? `CAP       configured ${configured}; observed nothing to classify (no partition with traffic, and no read or write completed while every node was up and connected)`
        : `CAP       configured ${configured}; observed ${observed.pacelc} (${during})`,
    );
    for (const disagreement of classification.disagreements) lines.push(`          ! ${disagreement}`);
  }
  return lines;
}

/** Stretches named on one line before the rest are counted. */
const STRETCHES_SHOWN = 6;

/**
 * Raft needs a majority, so its line says when none was connected, and when one was but no
 * leader sat on it (elections, a cut-off leader). A primary, a lock holder or a protocol that
 * elects nobody answers from whichever side it is on: for them "no majority" is no failure, and
 * the line tells the sides the network was split into instead — for a leaderless store, with
 * what each side's replicas can still do per key.
 */
function quorumLine(quorum: QuorumInterval[], report: Report): string {
  const config = report.config;
  const shown = (list: ReadonlyArray<{ from: number; to: number }>) =>
    list.slice(0, STRETCHES_SHOWN).map((interval) => `${formatMicros(interval.from)}–${formatMicros(interval.to)}`).join(', ') +
    (list.length > STRETCHES_SHOWN ? ` and ${list.length - STRETCHES_SHOWN} more` : '');
  if (authorityWords(config.protocol.name)?.needsMajority === true) {
    // Touching stretches are one: n3 resuming as n2 pauses leaves no majority throughout.
    const lost: Stretch[] = [];
    for (const interval of quorum) if (interval.majority === null) appendStretch(lost, interval.from, interval.to);
    const leaderless = majorityWithoutLeader(quorum, leaderIntervals(report.trace, config.runForUs));
    const connected = lost.length === 0 ? 'a majority was connected for the whole run' : `no majority ${shown(lost)}`;
    return `quorum    ${connected}${leaderless.length === 0 ? '' : `; no leader on the majority side ${shown(leaderless)}`}`;
  }
  const split = quorum.filter((interval) => interval.components.length > 1 && interval.to > interval.from);
  if (split.length === 0) {
    // A one-way or partial cut that leaves a two-way path through other nodes splits nobody into
    // sides, yet the nodes it cut could not talk directly (nodes do not relay): do not say they could.
    const cut = report.trace.some((e) => e.kind === 'partition' && e.blocked.length > 0);
    return cut
      ? 'sides     no cut split the running nodes into sides: each left a two-way path through other nodes (the cut links themselves carried nothing; nodes do not relay)'
      : 'sides     every running node could reach every other for the whole run';
  }
  const keys = config.protocol.name === 'leaderless' ? keysOf(config) : [];
  const sideText = (side: string[]) => {
    const reach = keys.length === 0 ? '' : quorumReach(side, keys, config.nodes, config.protocol.options);
    return reach === '' ? side.join(', ') : `${side.join(', ')} (${reach})`;
  };
  return `sides     ${split.map((interval) => `${formatMicros(interval.from)}–${formatMicros(interval.to)} ${interval.components.map(sideText).join(' | ')}`).join(' · ')}`;
}

/** The keys the workload touches, in first-mention order. */
function keysOf(config: SimConfig): string[] {
  const keys = new Set<string>();
  for (const client of config.clients) for (const spec of client.ops) for (const key of spec.keys) keys.add(key);
  return [...keys];
}
