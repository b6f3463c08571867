// Everything core/check can say about one run, in the shape the Report carries: the verdicts
// (ladder, damage, split brain, convergence), the strongest model that held, the quorum
// timeline and the static and observed CAP/PACELC classification. The engine/report code calls
// `analyzeRun` once and answers `expect` lines with `verdictFor`.

import type { Classification } from '../sim/protocol.ts';
import type { History } from '../types/history.ts';
import type { ExpectationKind, SimConfig } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';
import type { Budget } from './budget.ts';
import { checkLadder } from './ladder.ts';
import type { Model } from './model.ts';
import { ClassificationResult, classifyRun } from './trace/cap-pacelc.ts';
import { checkConvergence } from './trace/convergence.ts';
import { findDuplicateEffects } from './trace/duplicate-effects.ts';
import { findLostWrites } from './trace/lost-writes.ts';
import { QuorumInterval, quorumTimeline } from './trace/quorum-timeline.ts';
import { findSplitBrain, SplitBrainInterval } from './trace/split-brain.ts';
import type { Verdict } from './verdict.ts';

export type RunVerdicts = {
  /** One verdict per check, named like the `expect` kinds (linearizable, no-lost-writes, ...). */
  list: Verdict[];
  strongest: string;
  damage: {
    lostWrites: number;
    duplicateEffects: number;
    staleReads: { count: number; worst: number };
    splitBrain: SplitBrainInterval[];
  };
};

export type RunAnalysis = {
  verdicts: RunVerdicts;
  quorum: QuorumInterval[];
  classification: ClassificationResult;
};

export function analyzeRun(
  run: { history: History; trace: ReadonlyArray<TraceEvent>; config: SimConfig },
  staticClass: Classification | null,
  options: { model?: Model<unknown>; budget?: Budget } = {},
): RunAnalysis {
  const ladder = checkLadder(run.history, options);
  const lost = findLostWrites(run.history, run.trace, run.config);
  const dup = findDuplicateEffects(run.history, run.trace);
  const split = findSplitBrain(run.history, run.trace, run.config);
  const converge = checkConvergence(run.trace, run.config);
  return {
    verdicts: {
      list: [...ladder.verdicts, lost.verdict, dup.verdict, split.verdict, converge.verdict],
      strongest: ladder.strongest,
      damage: {
        lostWrites: lost.lost.length,
        duplicateEffects: new Set(dup.duplicated.map((d) => d.opId)).size,
        staleReads: ladder.staleReads,
        splitBrain: split.intervals,
      },
    },
    quorum: quorumTimeline(run.trace, run.config),
    classification: classifyRun(run.history, run.trace, run.config, staticClass),
  };
}

/** The verdict that answers an `expect` line of this kind, if core/check decides it. */
export function verdictFor(kind: ExpectationKind, analysis: RunAnalysis): Verdict | undefined {
  return analysis.verdicts.list.find((v) => v.name === kind);
}
