// The language's caps (core/language/limits.ts, docs/language.md "Limits") hold for every way
// of saying a thing, and a file past one gets a diagnostic, never a crash or a stall.

import { strict as assert } from 'node:assert';
import { analyze } from '../../../core/language/index.ts';
import { MAX_CLIENT_INSTANCES, MAX_EXTENDS_DEPTH, MAX_NODES, MAX_SCENARIOS } from '../../../core/language/limits.ts';

const names = (count: number): string => Array.from({ length: count }, (_, i) => `m${i + 1}`).join(', ');

function scenario(nodes: string, extra = '', runFor = '1s'): string {
  return `scenario "s" {\n  run for ${runFor}\n  cluster {\n    nodes ${nodes}\n    protocol raft\n  }\n${extra}}\n`;
}

/** A file of `count` scenarios, each extending the one before it. */
function chain(count: number): string {
  const parts = [`scenario "s0" {\n  run for 1s\n  cluster {\n    nodes 3\n    protocol raft\n  }\n}\n`];
  for (let i = 1; i < count; i++) parts.push(`scenario "s${i}" extends "s${i - 1}" {\n  seed ${i}\n}\n`);
  return parts.join('');
}

const errors = (text: string, code: string) => analyze(text).diagnostics.filter((d) => d.code === code && d.severity === 'error');

describe('language limits', () => {
  it('a list of 10,000 node names meets the same cap as `nodes 10000` (FL009, at most 1000 nodes)', () => {
    const byCount = errors(scenario('10000'), 'FL009');
    const byList = errors(scenario(names(10_000)), 'FL009');
    assert.equal(byCount.length, 1);
    assert.equal(byList.length, 1);
    assert.match(byCount[0]!.message, /At most 1000 nodes/);
    assert.match(byList[0]!.message, /10000 nodes; at most 1000/);
  });

  it(`a list of exactly ${MAX_NODES} names is accepted, one more is not`, () => {
    assert.deepEqual(errors(scenario(names(MAX_NODES)), 'FL009'), []);
    assert.equal(errors(scenario(names(MAX_NODES + 1)), 'FL009').length, 1);
  });

  it(`client lines together stand for at most ${MAX_CLIENT_INSTANCES} clients`, () => {
    const workload = (a: number, b: number) => `  workload {\n    client a * ${a} {\n      write x every 1s\n    }\n    client b * ${b} {\n      read x every 1s\n    }\n  }\n`;
    assert.deepEqual(errors(scenario('3', workload(5_000, 5_000)), 'FL009'), []);
    const over = errors(scenario('3', workload(6_000, 6_000)), 'FL009');
    assert.equal(over.length, 1);
    assert.match(over[0]!.message, /12000 clients; a scenario may have at most 10000/);
  });

  it('a run lasts at most 7 days of simulated time', () => {
    assert.deepEqual(errors(scenario('3', '', '168h'), 'FL009'), []);
    assert.match(errors(scenario('3', '', '169h'), 'FL009')[0]!.message, /at most 168h/);
  });

  it(`an extends chain ${MAX_EXTENDS_DEPTH} scenarios deep is fine, one deeper gets FL036`, () => {
    assert.deepEqual(errors(chain(MAX_EXTENDS_DEPTH + 1), 'FL036'), []);
    const deeper = errors(chain(MAX_EXTENDS_DEPTH + 2), 'FL036');
    assert.equal(deeper.length, 1);
    assert.match(deeper[0]!.message, /"s33" extends a chain more than 32 scenarios deep/);
  });

  it('a chain of 12,000 scenarios is analysed without an internal error: FL036 and FL037, no FL033 for what the cut-off scenarios would inherit', () => {
    const analyzed = analyze(chain(MAX_SCENARIOS + 2_000));
    const codes = new Set(analyzed.diagnostics.map((d) => d.code));
    assert.deepEqual([...codes].sort(), ['FL036', 'FL037']);
    assert.equal(analyzed.resolved.length, MAX_SCENARIOS + 2_000);
  });
});

describe('lints on huge values', () => {
  it('a client retrying 463,430,286 times is linted without walking every retry (found by npm run fuzz, seed 1, mutant 207)', async () => {
    const { readFileSync } = await import('node:fs');
    const { lint } = await import('../../../core/language/lints/index.ts');
    const text = readFileSync('samples/network-unreliable.fault', 'utf8').replace('retry 3 backoff', 'retry 9007199254740991 backoff');
    assert.notEqual(text, readFileSync('samples/network-unreliable.fault', 'utf8'));
    const analyzed = analyze(text);
    // Before: a loop over every retry (never finished for this count).
    assert.ok(Array.isArray(lint(analyzed.ast, text)));
  });

  it('the retry window in closed form equals the attempt-by-attempt sum for small counts', async () => {
    const { retryWindowUs } = await import('../../../core/language/lints/rules/idempotency-ttl.ts');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 100_000 }), fc.constantFrom('none', 'constant', 'exponential'), (count, base, cap, kind) => {
        const retry = { count: { value: count }, backoff: { name: kind }, backoffDelay: { kind: 'DurationRange', min: { us: base }, max: { us: cap } } } as unknown as Parameters<typeof retryWindowUs>[1];
        let expected = 1000 * (count + 1);
        for (let a = 0; a < count; a++) expected += kind === 'none' ? 0 : kind === 'constant' ? base : Math.min(cap, base * 2 ** a);
        assert.equal(retryWindowUs(1000, retry), expected);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
