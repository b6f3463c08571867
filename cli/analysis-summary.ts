// The part of `faultline run`'s summary that reports core/check's grading of the run: the
// strongest consistency model that held, the damage done, when a majority existed, and the
// CAP/PACELC classification beside what the run actually showed.

import { formatMicros } from '../core/sim/format-micros.ts';
import type { Report } from '../core/types/report.ts';
import { count } from './shared/count.ts';


export function analysisLines(report: Report): string[] {
  const lines: string[] = [];
  const { verdicts, quorum, classification } = report;
  if (verdicts !== undefined) {
    const { damage } = verdicts;
    lines.push(`grade     strongest model that held: ${verdicts.strongest}`);
    const stale = damage.staleReads.count === 0 ? '0 stale reads' : `${count(damage.staleReads.count)} stale reads (worst ${formatMicros(damage.staleReads.worst)} behind)`;
    const split =
      damage.splitBrain.length === 0
        ? 'no split brain'
        : `split brain ${damage.splitBrain.map((s) => `${s.nodes.join(' & ')} ${formatMicros(s.from)}–${formatMicros(s.to)}`).join(', ')}`;
    lines.push(`damage    ${count(damage.lostWrites)} acknowledged writes lost · ${count(damage.duplicateEffects)} applied more than once · ${stale} · ${split}`);
  }
  if (quorum !== undefined && quorum.length > 0) {
    const lost = quorum.filter((interval) => interval.majority === null && interval.to > interval.from);
    lines.push(
      lost.length === 0
        ? 'quorum    a majority was connected for the whole run'
        : `quorum    no majority ${lost.map((interval) => `${formatMicros(interval.from)}–${formatMicros(interval.to)}`).join(', ')}`,
    );
  }
  if (classification !== undefined) {
    const configured = classification.static === null ? 'unknown' : `${classification.static.cap}, ${classification.static.pacelc}`;
    const partition = classification.observed.duringPartition;
    const during = partition === null ? 'no partition with traffic' : partition === 'A' ? 'a minority side answered during a partition' : 'minority sides refused during partitions';
    lines.push(`CAP       configured ${configured}; observed ${classification.observed.pacelc} (${during})`);
    for (const disagreement of classification.disagreements) lines.push(`          ! ${disagreement}`);
  }
  return lines;
}
