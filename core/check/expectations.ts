// The dispatcher from a scenario's `expect` lines to the deciders that judge them. Leaders,
// commits and Raft safety are read off the run's timeline and history here; the consistency and
// damage expectations (linearizable, read your writes, no lost writes, ...) take the verdict that
// core/check's analysis of the run produced. Without an analysis they stay undecided (holds: null)
// and exit codes ignore them.

import type { History } from '../types/history.ts';
import type { ExpectationResult } from '../types/report.ts';
import type { Expectation, Micros, SimConfig } from '../types/sim-config.ts';
import type { Timeline } from '../sim/timeline.ts';
import { formatMicros } from '../sim/format-micros.ts';
import type { RunAnalysis } from './analyze-run.ts';
import type { Verdict } from './verdict.ts';
import { decideLeaderWithin, decideNoLeader, decideOneLeaderPerTerm, referenceTimes } from './leader-expectations.ts';
import { WRITE_OPERATIONS } from '../history/operations.ts';

export type ExpectationInput = {
  config: SimConfig;
  history: History;
  timeline: Timeline;
  endUs: Micros;
  /** core/check's verdicts on the run; absent when the caller skipped grading. */
  analysis?: Pick<RunAnalysis, 'verdicts'>;
  /** The Raft safety monitor's finding: null = no violation seen; undefined = not monitored. */
  raftSafety?: { at: Micros; summary: string } | null;
};


export function decideExpectations(input: ExpectationInput): ExpectationResult[] {
  return input.config.expectations.map((expectation) => decideOne(expectation, input));
}

function decideOne(expectation: Expectation, input: ExpectationInput): ExpectationResult {
  const { config, timeline } = input;
  switch (expectation.kind) {
    case 'one-leader-per-term':
      return decideOneLeaderPerTerm(expectation, config.nodes, timeline, 'term');
    case 'no-split-brain':
      // Two nodes acknowledging writes as leader at once (core/check) is the damage that matters;
      // without an analysis, fall back to two nodes claiming leadership in one term.
      return input.analysis === undefined
        ? decideOneLeaderPerTerm(expectation, config.nodes, timeline, 'split-brain')
        : fromVerdict(expectation, input.analysis);
    case 'leader-within':
      return decideLeaderWithin(expectation, config.nodes, timeline, input.endUs);
    case 'no-leader':
      return decideNoLeader(expectation, config.nodes, timeline);
    case 'writes-commit':
    case 'no-writes-commit':
      return decideWrites(expectation, input);
    case 'raft-safety':
      return decideRaftSafety(expectation, input);
    default:
      if (input.analysis === undefined) return { text: expectation.text, line: expectation.line, holds: null, summary: 'not checked in this run' };
      return fromVerdict(expectation, input.analysis);
  }
}

function fromVerdict(expectation: Expectation, analysis: Pick<RunAnalysis, 'verdicts'>): ExpectationResult {
  return decideFromVerdicts(expectation, analysis.verdicts.list);
}

/** An `expect` line core/check decides, answered from a list of verdicts (all of a run's, or some). */
export function decideFromVerdicts(expectation: Expectation, verdicts: ReadonlyArray<Verdict>): ExpectationResult {
  const verdict = verdicts.find((v) => v.name === expectation.kind);
  const base = { text: expectation.text, line: expectation.line };
  if (verdict === undefined) return { ...base, holds: null, summary: `not decided: no checker judges "${expectation.text}" yet` };
  const result: ExpectationResult = { ...base, holds: verdict.holds, summary: verdict.summary };
  if (verdict.operations !== undefined) result.operations = verdict.operations;
  if (verdict.at !== undefined) result.at = verdict.at;
  return result;
}

/**
 * `writes commit` holds when at least one write-like operation invoked after the reference event
 * (`after`, else the start) was acknowledged ok; `no writes commit` when none was. Operations
 * invoked before the reference are left out: they may legitimately finish just after it. With
 * `within D`, only acknowledgements by the reference + D count (a line that said "within 500ms"
 * held on a write acknowledged 2.2 s after the crash); a run that ended before that moment
 * without one leaves the line undecided.
 */
function decideWrites(expectation: Expectation, input: ExpectationInput): ExpectationResult {
  const base = { text: expectation.text, line: expectation.line };
  const references = referenceTimes(input.timeline, expectation.after);
  if (references.length === 0) return { ...base, holds: null, summary: `not decided: no ${expectation.after} happened in this run` };
  const from = references[references.length - 1]!;
  const deadline = expectation.withinUs === undefined ? Number.POSITIVE_INFINITY : from + expectation.withinUs;
  const invokedAt = new Map<number, Micros>();
  let invoked = 0;
  const acknowledged: number[] = [];
  for (const event of input.history) {
    if (!WRITE_OPERATIONS.has(event.f)) continue;
    if (event.type === 'invoke') {
      if (event.time >= from) {
        invokedAt.set(event.opId, event.time);
        invoked++;
      }
    } else if (event.type === 'ok' && invokedAt.has(event.opId) && event.time <= deadline) {
      acknowledged.push(event.index);
    }
  }
  const span = from === 0 ? '' : ` after ${formatMicros(from)}`;
  if (invoked === 0) return { ...base, holds: null, summary: `not decided: no write was issued${span}` };
  const committed = acknowledged.length;
  const by = expectation.withinUs === undefined ? '' : ` by ${formatMicros(deadline)}`;
  const counts = `${committed} of ${invoked} writes invoked${span} were acknowledged${by}`;
  if (committed === 0 && input.endUs < deadline && expectation.withinUs !== undefined) {
    // The count is as of the run's end: "acknowledged by" the unreached deadline would name a time the run never saw.
    return { ...base, holds: null, summary: `not decided: the run ended at ${formatMicros(input.endUs)}, before ${formatMicros(deadline)}, with ${committed} of ${invoked} writes invoked${span} acknowledged` };
  }
  if (expectation.kind === 'writes-commit') {
    return { ...base, holds: committed > 0, summary: committed > 0 ? counts : `no write committed: ${counts}` };
  }
  const decided: ExpectationResult = { ...base, holds: committed === 0, summary: committed === 0 ? `no write committed: ${counts}` : counts };
  if (committed > 0) {
    decided.operations = acknowledged.slice(0, 10);
    decided.at = input.history[acknowledged[0]!]!.time;
  }
  return decided;
}

function decideRaftSafety(expectation: Expectation, input: ExpectationInput): ExpectationResult {
  const base = { text: expectation.text, line: expectation.line };
  if (input.config.protocol.name !== 'raft') return { ...base, holds: null, summary: `not decided: the protocol is ${input.config.protocol.name}, not raft` };
  if (input.raftSafety === undefined) return { ...base, holds: null, summary: 'not yet checked' };
  if (input.raftSafety === null) {
    return { ...base, holds: true, summary: 'election safety, log matching, leader completeness and state machine safety held after every event' };
  }
  return { ...base, holds: false, summary: input.raftSafety.summary, at: input.raftSafety.at };
}
