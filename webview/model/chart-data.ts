// Numbers behind the charts: a latency histogram of completed operations and, per time bucket,
// how many operations completed ok and how many failed or ended indeterminate.

import type { ClientOp } from './run-model.ts';

export type Histogram = { edgesUs: number[]; counts: number[] };

/** Latency of ok operations in buckets that double in width (1 ms, 2 ms, 4 ms, ...): tails show. */
export function latencyHistogram(ops: readonly ClientOp[]): Histogram {
  const latencies = ops.filter((op) => op.outcome === 'ok').map((op) => op.end - op.start);
  if (latencies.length === 0) return { edgesUs: [], counts: [] };
  // A loop, not Math.max(...): a long run has more latencies than a call takes arguments.
  let max = 0;
  for (const latency of latencies) if (latency > max) max = latency;
  const edgesUs = [0, 1000];
  while (edgesUs[edgesUs.length - 1]! <= max) edgesUs.push(edgesUs[edgesUs.length - 1]! * 2);
  const counts = new Array<number>(edgesUs.length - 1).fill(0);
  for (const latency of latencies) {
    let bucket = 0;
    while (bucket < counts.length - 1 && latency >= edgesUs[bucket + 1]!) bucket++;
    counts[bucket]!++;
  }
  return { edgesUs, counts };
}

export type RateSeries = { bucketUs: number; ok: number[]; failed: number[] };

/** Completions per bucket across the run; `buckets` buckets of equal width. */
export function completionRates(ops: readonly ClientOp[], endUs: number, buckets = 60): RateSeries {
  const bucketUs = Math.max(1, Math.ceil(endUs / buckets));
  const ok = new Array<number>(buckets).fill(0);
  const failed = new Array<number>(buckets).fill(0);
  for (const op of ops) {
    if (op.outcome === 'pending') continue;
    const bucket = Math.min(buckets - 1, Math.floor(op.end / bucketUs));
    if (op.outcome === 'ok') ok[bucket]!++;
    else failed[bucket]!++;
  }
  return { bucketUs, ok, failed };
}

/** A bar above this many times the 95th percentile of the non-zero bars is an outlier. */
export const OUTLIER_FACTOR = 3;
/** Fewer non-zero bars than this say too little about "typical" to call one an outlier. */
const MIN_BARS_FOR_OUTLIERS = 10;

export type AxisScale = {
  /** The value drawn at the top of the plot. */
  top: number;
  /** Indices of the bars taller than `top`: drawn to the top and marked as cut. */
  clipped: number[];
};

/**
 * The y-axis of a bar chart. One outlier bucket (a retry storm's last bucket, where every request
 * still pending at the end lands) would otherwise flatten every other bar to a line: then the axis
 * tops at the tallest bar that is not an outlier, and the outliers are marked as cut off.
 */
export function axisScale(values: readonly number[]): AxisScale {
  let max = 0;
  const nonZero: number[] = [];
  for (const value of values) {
    if (value > max) max = value;
    if (value > 0) nonZero.push(value);
  }
  if (nonZero.length < MIN_BARS_FOR_OUTLIERS) return { top: max, clipped: [] };
  nonZero.sort((a, b) => a - b);
  const limit = OUTLIER_FACTOR * nonZero[Math.floor(0.95 * (nonZero.length - 1))]!;
  if (max <= limit) return { top: max, clipped: [] };
  let top = 0;
  const clipped: number[] = [];
  values.forEach((value, i) => {
    if (value > limit) clipped.push(i);
    else if (value > top) top = value;
  });
  return { top, clipped };
}
