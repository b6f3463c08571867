// The packed form of a run (webview/model/packed-run.ts) that the HTML report embeds and the
// simulation worker hands to the page: nothing is lost on the way, the playground draws the same
// model from it, and malformed bytes are refused with a reason instead of crashing the page.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import type { Report } from '../../core/types/report.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { decodeRun, encodeRun, packRun, packTrace, unpackTrace } from '../../webview/model/packed-run.ts';
import { buildRunModel } from '../../webview/model/run-model.ts';
import { handMadeReport } from './fixtures/hand-made-report.ts';

function fixtureReport(): Report {
  const compiled = compile(readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8'));
  assert.ok(compiled.config !== null);
  return runScenario(compiled.config);
}

/** The model without the report and trace it was built from (those differ in form, not content). */
function drawn(report: Parameters<typeof buildRunModel>[0]) {
  const { report: _report, trace: _trace, pyramid, ...rest } = buildRunModel(report);
  const levels = pyramid.levels.map(({ binUs, bins, sent, dropped }) => ({ binUs, bins, sent, dropped }));
  return { ...rest, pyramid: { ...pyramid, levels } };
}

const endpoint = fc.constantFrom('n1', 'n2', 'n3', 'alice', 'bob3');
const messageEvent: fc.Arbitrary<TraceEvent> = fc
  .record({
    kind: fc.constantFrom('send' as const, 'deliver' as const, 'drop' as const, 'duplicate' as const),
    t: fc.integer({ min: 0, max: 1_000_000 }),
    msg: fc.oneof(fc.nat(50), fc.double({ noNaN: true })),
    from: endpoint,
    to: endpoint,
    type: fc.string(),
    reason: fc.option(fc.string(), { nil: undefined }),
    deliverAt: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
  }, { noNullPrototype: true })
  .map((event) => {
    const out: Record<string, unknown> = { ...event };
    if (event.reason === undefined) delete out.reason;
    if (event.deliverAt === undefined) delete out.deliverAt;
    return out as TraceEvent;
  });
const plain = { noNullPrototype: true } as const;
const stateRecord = fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('role', 'term', '__proto__')), fc.oneof(fc.jsonValue(), fc.constantFrom('leader', 'follower')), plain);
const otherEvent: fc.Arbitrary<TraceEvent> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), t: fc.nat(), node: endpoint }, plain),
  fc.record({ kind: fc.constant('state' as const), t: fc.nat(), node: endpoint, local: fc.nat(), state: stateRecord }, plain),
  fc.record({ kind: fc.constant('client' as const), t: fc.nat(), client: endpoint, op: fc.nat(), phase: fc.constantFrom('invoke' as const, 'ok' as const) }, plain),
  fc.record({ kind: fc.constant('apply' as const), t: fc.nat(), node: endpoint, op: fc.nat(), key: fc.string(), value: fc.jsonValue() }, plain),
  // Events with a field the columns do not have stay whole.
  fc.record({ kind: fc.constant('send' as const), t: fc.nat(), msg: fc.nat(), from: endpoint, to: endpoint, type: fc.string(), payload: fc.string() }, plain) as fc.Arbitrary<TraceEvent>,
  fc.record({ kind: fc.constant('state' as const), t: fc.nat(), node: endpoint, local: fc.nat(), state: stateRecord, extra: fc.nat() }, plain) as fc.Arbitrary<TraceEvent>,
);

describe('packed runs', function () {
  it('packing and unpacking gives back the same trace, event for event', function () {
    fc.assert(
      fc.property(fc.array(fc.oneof(messageEvent, otherEvent), { maxLength: 60 }), (trace) => {
        assert.deepStrictEqual(unpackTrace(packTrace(trace)), trace);
        // Through bytes, as through JSON: compared in JSON terms (-0 is 0, no null prototypes).
        const decoded = decodeRun(encodeRun(handMadeReport({ trace })));
        assert.deepStrictEqual(JSON.parse(JSON.stringify(decoded.report.trace)), JSON.parse(JSON.stringify(trace)));
      }),
    );
  });

  it('a run read back from bytes is the same report, and the playground draws the same model from it', function () {
    const report = fixtureReport();
    const decoded = decodeRun(encodeRun(report));
    assert.deepStrictEqual(JSON.parse(JSON.stringify(decoded.report)), JSON.parse(JSON.stringify(report)));
    assert.deepStrictEqual(drawn(decoded), drawn(report));
    assert.deepStrictEqual(drawn(packRun(report)), drawn(report));
  });

  it('a run with more distinct names than two bytes can number, and message ids past 32 bits, reads back the same', function () {
    const trace: TraceEvent[] = [];
    for (let i = 0; i < 40_000; i++) trace.push({ kind: 'send', t: i, msg: i === 0 ? 2 ** 40 : i, from: 'n1', to: 'n2', type: `Type${i}`, deliverAt: i + 10 });
    const decoded = decodeRun(encodeRun(handMadeReport({ trace })));
    assert.deepStrictEqual(decoded.report.trace, trace);
  });

  it('bytes that do not start on an 8-byte boundary are read all the same', function () {
    const report = fixtureReport();
    const bytes = encodeRun(report);
    const shifted = new Uint8Array(bytes.byteLength + 3);
    shifted.set(bytes, 3);
    assert.equal(decodeRun(shifted.subarray(3)).trace.messageCount, packTrace(report.trace).messageCount);
  });

  it('truncated, foreign or inconsistent bytes are refused with a reason', function () {
    const bytes = encodeRun(fixtureReport());
    assert.throws(() => decodeRun(bytes.subarray(0, 2)), /truncated/);
    assert.throws(() => decodeRun(bytes.subarray(0, bytes.byteLength - 100)), /truncated|malformed/);
    assert.throws(() => decodeRun(new TextEncoder().encode('\u0004\u0000\u0000\u0000{}  ')), /not a packed Faultline run/);
    // A string index past the table: the run refers to a string it does not hold.
    const run = decodeRun(bytes);
    run.trace.from[0] = 1_000_000;
    assert.throws(() => decodeRun(encodeRun(run.report, run.trace)), /string it does not hold/);
  });
});
