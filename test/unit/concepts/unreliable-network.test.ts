// Concept 2, an unreliable network: each knob shows in the trace as its own kind of evidence —
// lost messages, messages delivered twice, messages overtaken by later ones, a link slower than
// the rest — and the reliable baseline shows none of them. Across seeds.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const SEEDS = [1, 2, 3, 4, 5];
const FILE = 'network-unreliable.fault';

function runSample(scenario: string, seed?: number, analyze = false): Report {
  const text = readFileSync(fileURLToPath(new URL(`../../../samples/${FILE}`, import.meta.url)), 'utf8');
  const { config } = compile(text, scenario);
  assert.ok(config !== null);
  return runScenario({ ...config, seed: seed ?? config.seed }, { analyze });
}

type Evidence = { lost: number; duplicated: number; overtaken: number; slowLinkUs: number; otherLinkUs: number };

function evidence(report: Report): Evidence {
  let lost = 0;
  let duplicated = 0;
  let overtaken = 0;
  // Per directed link, the highest message id delivered so far: a lower one arriving later was overtaken.
  const highest = new Map<string, number>();
  const sentAt = new Map<number, number>();
  const latency = { slow: [0, 0], other: [0, 0] };
  for (const e of report.trace) {
    if (e.kind === 'send') sentAt.set(e.msg, e.t);
    else if (e.kind === 'drop' && e.reason !== undefined && /loss/.test(e.reason)) lost++;
    else if (e.kind === 'duplicate') duplicated++;
    else if (e.kind === 'deliver') {
      const link = `${e.from}->${e.to}`;
      if (e.msg < (highest.get(link) ?? -1)) overtaken++;
      highest.set(link, Math.max(e.msg, highest.get(link) ?? -1));
      const sent = sentAt.get(e.msg);
      if (sent !== undefined && /^n\d$/.test(e.from) && /^n\d$/.test(e.to)) {
        const bucket = (e.from === 'n1' && e.to === 'n3') || (e.from === 'n3' && e.to === 'n1') ? latency.slow : latency.other;
        bucket[0]! += e.t - sent;
        bucket[1]!++;
      }
    }
  }
  const mean = ([sum, count]: number[]) => (count === 0 ? 0 : sum! / count!);
  return { lost, duplicated, overtaken, slowLinkUs: mean(latency.slow), otherLinkUs: mean(latency.other) };
}

describe('concept 2: every unreliable-network knob is visible in the trace, and none without them', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: the reliable baseline loses, doubles and reorders nothing`, () => {
      const e = evidence(runSample('network: reliable', seed));
      assert.deepEqual([e.lost, e.duplicated, e.overtaken], [0, 0, 0]);
    });

    it(`seed ${seed}: drop 20% loses messages`, () => {
      assert.ok(evidence(runSample('network: lossy', seed)).lost > 0);
    });

    it(`seed ${seed}: duplicate 10% delivers messages twice, and nothing is lost`, () => {
      const e = evidence(runSample('network: duplicates', seed));
      assert.ok(e.duplicated > 0);
      assert.equal(e.lost, 0);
    });

    it(`seed ${seed}: reorder 10% lets later messages overtake earlier ones on the same link`, () => {
      const e = evidence(runSample('network: reordering', seed));
      assert.ok(e.overtaken > 0);
      assert.equal(e.duplicated, 0);
    });

  }

  it('the one slow link takes 80ms, the others a few ms (on every seed where n1 and n3 talk at all)', () => {
    const runs = SEEDS.map((seed) => evidence(runSample('network: one slow link', seed)));
    const talked = runs.filter((e) => e.slowLinkUs > 0);
    // With n2 leading, n1 and n3 never need to talk to each other: the link then carries nothing.
    assert.ok(talked.length > 0, 'on some seed n1 and n3 exchanged messages');
    for (const e of talked) assert.ok(e.slowLinkUs >= 80_000, `slow link mean ${e.slowLinkUs}`);
    for (const e of runs) assert.ok(e.otherLinkUs <= 10_000, `other links mean ${e.otherLinkUs}`);
  });

  it('one message at a time: each line loses, doubles, holds back or hands over exactly one message, and the expectations hold', () => {
    const report = runSample('network: one message at a time', undefined, true);
    type MessageEvent = Extract<TraceEvent, { msg: number }>;
    const picked = (line: number) => report.trace.filter((e): e is MessageEvent => 'msg' in e && e.line === line);
    const lines = [...new Set(report.trace.flatMap((e) => ('msg' in e && e.line !== undefined ? [e.line] : [])))].sort((a, b) => a - b);
    assert.equal(lines.length, 4, 'four lines, each marking its message');
    const [dropLine, duplicateLine, delayLine, deliverLine] = lines as [number, number, number, number];

    const dropped = picked(dropLine);
    assert.deepEqual(dropped.map((e) => [e.kind, e.type, e.from, e.to]), [['send', 'AppendEntries', 'n3', 'n1'], ['drop', 'AppendEntries', 'n3', 'n1']]);
    assert.equal(report.trace.filter((e) => e.kind === 'drop').length, 1, 'nothing else is lost');

    const doubled = picked(duplicateLine);
    assert.deepEqual(doubled.map((e) => [e.kind, e.type, e.from, e.to]), [['send', 'AppendEntries', 'n3', 'n2'], ['duplicate', 'AppendEntries', 'n3', 'n2']]);
    const copies = report.trace.filter((e) => e.kind === 'deliver' && e.msg === doubled[0]!.msg);
    assert.equal(copies.length, 2);
    assert.equal(copies[0]!.t, copies[1]!.t, 'both copies arrive at the same moment');
    assert.equal(report.trace.filter((e) => e.kind === 'duplicate').length, 1, 'nothing else is doubled');

    const [held] = picked(delayLine);
    const heldArrival = report.trace.find((e) => e.kind === 'deliver' && e.msg === held!.msg)!;
    assert.ok(heldArrival.t - held!.t >= 300_000, 'it arrives at least 300ms after it was sent');
    const overtook = report.trace.filter((e) => e.kind === 'deliver' && e.from === 'n3' && e.to === 'n1' && e.msg > held!.msg && e.t < heldArrival.t);
    assert.ok(overtook.length > 0, 'later appends on its link arrive before it');

    const [handed] = picked(deliverLine);
    assert.equal(handed!.type, 'AppendEntriesReply');
    assert.equal(report.trace.find((e) => e.kind === 'deliver' && e.msg === handed!.msg)!.t, handed!.t, 'it arrives the moment it is sent');

    assert.equal(report.expectations.length, 3);
    for (const expectation of report.expectations) assert.equal(expectation.holds, true, expectation.text);
  });
});
