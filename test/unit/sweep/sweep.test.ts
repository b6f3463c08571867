import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../core/language/index.ts';
import { mergeSummaries, parseShard, seedsOf, shardRange, shrink, summarize, sweepSeeds } from '../../../core/sweep/index.ts';
import { dropFaultSteps, endAt } from '../../../core/sweep/shrink-steps.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

const samples = join(import.meta.dirname, '../../../samples');
const load = (file: string): SimConfig => compile(readFileSync(join(samples, file), 'utf8')).config!;

describe('seed ranges and shards', () => {
  it('shards i/n of any range are contiguous, disjoint and together cover every seed once', () => {
    for (const count of [0, 1, 2, 7, 40, 1001]) {
      for (const of of [1, 2, 3, 7]) {
        const seeds = Array.from({ length: of }, (_, i) => seedsOf(shardRange({ from: 5, count }, { index: i + 1, of }))).flat();
        assert.deepEqual(seeds, seedsOf({ from: 5, count }), `${count} seeds in ${of} shards`);
      }
    }
  });

  it('a shard is written i/n with 1 ≤ i ≤ n', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, of: 3 });
    for (const bad of ['0/3', '4/3', '1/0', '1-3', '']) assert.equal(typeof parseShard(bad), 'string', bad);
  });
});

describe('sweep summaries', () => {
  const config = load('rare-failure.fault');

  it('sweepSeeds tallies held, broke and undecided per expectation and lists the failing seeds', () => {
    const summary = sweepSeeds(config, seedsOf({ from: 1, count: 10 }));
    const leader = summary.expectations[0]!;
    assert.equal(leader.held + leader.broke + leader.undecided, 10);
    assert.deepEqual(leader.firstFailingSeeds, [8]);
    assert.deepEqual(summary.failures.map((f) => f.seed), [8]);
    assert.ok(summary.outcomes.find((o) => o.seed === 8)!.faults!.some((line) => /crash n3/.test(line)), 'the failing seed names its faults');
    assert.equal(summary.outcomes.find((o) => o.seed === 1)!.faults, undefined, 'passing seeds keep no fault lines');
  });

  it('merging two halves gives the summary of the whole', () => {
    const whole = sweepSeeds(config, seedsOf({ from: 1, count: 12 }));
    const a = summarize(config.scenario, config.expectations, whole.outcomes.slice(0, 5));
    const b = summarize(config.scenario, config.expectations, whole.outcomes.slice(5));
    assert.deepEqual(mergeSummaries([b, a]), whole);
  });

  it('summaries of different scenarios do not merge', () => {
    const a = summarize('one', [], []);
    const b = summarize('two', [], []);
    assert.equal(typeof mergeSummaries([a, b]), 'string');
  });
});

describe('shrinking steps', () => {
  const config = load('raft-leader-isolated.fault');

  it('a partition is dropped together with the heal that undoes it', () => {
    const pair = dropFaultSteps(config).find((s) => /partition .* and the heal/.test(s.describe));
    assert.ok(pair !== undefined);
    assert.deepEqual(pair.config.faults, []);
  });

  it('ending the run earlier also drops the faults that would come after the end', () => {
    const step = endAt(config, 3_000_000)!;
    assert.equal(step.config.runForUs, 3_000_000);
    assert.deepEqual(step.config.faults.map((f) => f.type), ['partition']);
    assert.equal(endAt(config, 20_000_000), null, 'a later end is no shrink');
  });

  it('a seed on which the expectation holds is not shrunk', () => {
    assert.match(shrink(load('rare-failure.fault'), 1, 'leader within 350ms after crash') as string, /holds with seed 1/);
  });

  it('shrinking keeps the seed and the broken expectation, and makes the scenario smaller', () => {
    const result = shrink(load('rare-failure.fault'), 8, 'leader within 350ms after crash');
    assert.ok(typeof result !== 'string');
    assert.equal(result.config.seed, 8);
    assert.equal(result.failure.holds, false);
    assert.ok(result.after.runForUs < result.before.runForUs);
    assert.ok(result.after.clients < result.before.clients);
    assert.equal(result.after.randomFaults, 0);
  });
});
