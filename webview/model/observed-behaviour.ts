// What the run itself shows about CAP and PACELC, for the card next to the static
// classification: how available operations were while a partition was in effect (the P→A/C
// choice) and how fast they were when none was (the E→L/C trade), plus where the run contradicts
// what the classification promises.

import { formatMicros } from '../../core/sim/format-micros.ts';
import type { Report } from '../../core/types/report.ts';
import type { ClientOp, PartitionSpan } from './run-model.ts';

export type ObservedBehaviour = { lines: string[]; differences: string[] };

/** Expectations that a consistent (C) system keeps; one breaking contradicts a "PC" claim. */
const CONSISTENCY_EXPECTATIONS = /linearizable|sequential|stale|read your writes|monotonic|lost writes|split brain/i;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const ms = formatMicros;

export function observedBehaviour(report: Report, ops: readonly ClientOp[], partitions: readonly PartitionSpan[]): ObservedBehaviour {
  const during = (op: ClientOp) => partitions.some((p) => op.start < p.end && op.end > p.start);
  const completed = ops.filter((op) => op.outcome !== 'pending');
  const inside = completed.filter(during);
  const outside = completed.filter((op) => !during(op));
  const lines: string[] = [];
  const differences: string[] = [];
  const share = (list: ClientOp[]) => (list.length === 0 ? 0 : Math.round((100 * list.filter((op) => op.outcome === 'ok').length) / list.length));

  if (partitions.length === 0) lines.push('No partition happened in this run, so it shows nothing about the P branch.');
  else if (inside.length === 0) lines.push('No operation overlapped a partition.');
  else lines.push(`During partitions ${share(inside)}% of ${inside.length} operations succeeded (the rest failed or timed out).`);
  const latency = median(outside.filter((op) => op.outcome === 'ok').map((op) => op.end - op.start));
  if (latency !== null) lines.push(`Without a partition: ${share(outside)}% succeeded, median latency ${ms(latency)}.`);

  const staticClass = staticClassification(report.classification);
  if (staticClass?.startsWith('PC')) {
    for (const broken of report.expectations.filter((e) => e.holds === false && CONSISTENCY_EXPECTATIONS.test(e.text))) {
      differences.push(`Classified as choosing consistency during partitions, yet “${broken.text}” broke: ${broken.summary}`);
    }
  }
  if (staticClass?.startsWith('PA') && inside.length > 0 && share(inside) < 50) {
    differences.push(`Classified as staying available during partitions, yet only ${share(inside)}% of operations succeeded while one was in effect.`);
  }
  return { lines, differences };
}

function staticClassification(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const part = typeof record.static === 'object' && record.static !== null ? (record.static as Record<string, unknown>) : record;
  return typeof part.pacelc === 'string' ? part.pacelc : null;
}
