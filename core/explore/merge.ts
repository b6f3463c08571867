// Shards of one exploration (`--shard i/n`, or `--jobs J` which runs J shards) merged into one
// result. Shards split the search after its first levels. Shards with their own tables (`--shard`
// on separate machines) count states near the root in every shard and states reached from two
// shards' subtrees in both: their merged counts are an upper bound, which the text says. Threads
// that share one table (`--jobs`, shared-search.ts) count each state once: the sum is exact.

import type { ExploreResult } from './explore.ts';

export function mergeShards(results: readonly ExploreResult[]): ExploreResult {
  if (results.length === 0) throw new Error('mergeShards: no shard results');
  const first = results[0]!;
  if (results.length === 1) return first;
  const byExpectation = new Map<string, ExploreResult['violations'][number]>();
  for (const result of results) {
    for (const v of result.violations) {
      const known = byExpectation.get(v.expectation);
      if (known === undefined || v.depth < known.depth) byExpectation.set(v.expectation, v);
    }
  }
  // The run stops for the most serious reason any shard had.
  const reasons: Array<ExploreResult['stoppedBy']> = ['limit', 'timeout', 'max-states', 'violation', 'depth', null];
  const stoppedBy = reasons.find((r) => results.some((x) => x.stoppedBy === r)) ?? null;
  const limit = results.find((r) => r.limit !== undefined)?.limit;
  const merged: ExploreResult = {
    ...first,
    states: results.reduce((sum, r) => sum + r.states, 0),
    distinct: results.reduce((sum, r) => sum + r.distinct, 0),
    depth: Math.min(...results.map((r) => r.depth)),
    exhausted: results.every((r) => r.exhausted),
    stoppedBy,
    violations: [...byExpectation.values()],
    bytesPerState: Math.max(...results.map((r) => r.bytesPerState)),
    peakFrontier: results.reduce((sum, r) => sum + r.peakFrontier, 0),
  };
  if (limit !== undefined) merged.limit = limit;
  return merged;
}
