// Arrays whose length a run decides never go through a spread into a call (`push(...list)`,
// `Math.max(...list)`): V8 puts every element on the stack, and a few hundred thousand of them
// throw `RangeError: Maximum call stack size exceeded`.

import { strict as assert } from 'node:assert';
import { latencyHistogram } from '../../../webview/model/chart-data.ts';
import { mergeSummaries, summarize } from '../../../core/sweep/summary.ts';
import { entryOps } from '../../../core/protocols/leaderless/entry.ts';

const MANY = 500_000;

describe('big arrays are never spread into a call', () => {
  it('the latency histogram of 500,000 ok operations is drawn (its maximum found by a loop)', () => {
    const ops = Array.from({ length: MANY }, (_, i) => ({ outcome: 'ok', start: 0, end: i })) as unknown as Parameters<typeof latencyHistogram>[0];
    const histogram = latencyHistogram(ops);
    assert.equal(histogram.counts.reduce((a, b) => a + b, 0), MANY);
    assert.ok(histogram.edgesUs[histogram.edgesUs.length - 1]! > MANY - 1);
  });

  it('merging 200,000 sweep shards takes the longest wall time among them', () => {
    const shard = summarize('s', [], [], 1);
    const shards = Array.from({ length: 200_000 }, (_, i) => ({ ...shard, wallMs: i === 12_345 ? 99 : 1 }));
    const merged = mergeSummaries(shards);
    assert.ok(typeof merged !== 'string', String(merged));
    assert.equal(merged.wallMs, 99);
  });

  it('a leaderless counter entry holding 500,000 increments lists every one of them', () => {
    const inc = { n1: Array.from({ length: MANY }, (_, i) => i) };
    const ops = entryOps({ kind: 'counter', inc, dec: { n2: [7] } } as unknown as Parameters<typeof entryOps>[0]);
    assert.equal(ops.length, MANY + 1);
  });
});
