// The playground's data preparation (pure, no browser): how a trace becomes arrows, outages,
// the quorum strip and level-of-detail counts, and how data is made safe for the HTML page.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildMessagePyramid } from '../../webview/model/message-pyramid.ts';
import {
  buildMessageTable,
  FATE_DELIVERED,
  FATE_DROPPED,
  FATE_DUPLICATE_DELIVERED,
  FATE_IN_FLIGHT,
  forEachMessageInWindow,
  kthSmallest,
} from '../../webview/model/messages-table.ts';
import { observedBehaviour } from '../../webview/model/observed-behaviour.ts';
import { buildQuorumStrip, quorumAt } from '../../webview/model/quorum-strip.ts';
import { buildRunModel, stateAt } from '../../webview/model/run-model.ts';
import { Viewport } from '../../webview/render/viewport.ts';
import { jsonForScriptElement, playgroundHtml } from '../../webview/html.ts';
import { isHostToWebviewMessage, isWebviewToHostMessage } from '../../webview/messages.ts';
import type { TraceEvent } from '../../core/types/trace.ts';
import { handMadeReport } from './fixtures/hand-made-report.ts';

const send = (t: number, msg: number, from: string, to: string, deliverAt?: number): TraceEvent => ({ kind: 'send', t, msg, from, to, type: 'AppendEntries', ...(deliverAt === undefined ? {} : { deliverAt }) });

describe('playground model', function () {
  it('a duplicated message is two arrows from one send, each closed by its own arrival', function () {
    const trace: TraceEvent[] = [
      send(0, 1, 'n1', 'n2', 500),
      { kind: 'duplicate', t: 0, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries', deliverAt: 900 },
      { kind: 'deliver', t: 500, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries' },
      { kind: 'deliver', t: 900, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries' },
    ];
    const table = buildMessageTable(trace, (name) => Number(name.slice(1)) - 1, 1000);
    assert.equal(table.count, 2);
    assert.deepEqual([...table.fate], [FATE_DELIVERED, FATE_DUPLICATE_DELIVERED]);
    assert.deepEqual([...table.endT], [500, 900]);
  });

  it('a heartbeat (an AppendEntries sent with no entries) is a type of its own, and so is its duplicate copy', function () {
    const trace: TraceEvent[] = [
      { kind: 'send', t: 0, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries', deliverAt: 500, heartbeat: true },
      { kind: 'duplicate', t: 0, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries', deliverAt: 900 },
      send(10, 2, 'n1', 'n2', 600),
      { kind: 'deliver', t: 500, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries' },
      { kind: 'deliver', t: 600, msg: 2, from: 'n1', to: 'n2', type: 'AppendEntries' },
      { kind: 'deliver', t: 900, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries' },
    ];
    const table = buildMessageTable(trace, (name) => Number(name.slice(1)) - 1, 1000);
    assert.deepEqual([...table.typeIndex].map((i) => table.types[i]), ['AppendEntries (heartbeat)', 'AppendEntries (heartbeat)', 'AppendEntries']);
  });

  it('a dropped message ends where it died, with the reason; an unfinished one is in flight', function () {
    const trace: TraceEvent[] = [
      send(0, 1, 'n1', 'n2', 400),
      { kind: 'drop', t: 400, msg: 1, from: 'n1', to: 'n2', type: 'AppendEntries', reason: 'partition' },
      send(100, 2, 'n2', 'n3', 5000),
    ];
    const table = buildMessageTable(trace, (name) => Number(name.slice(1)) - 1, 1000);
    assert.equal(table.fate[0], FATE_DROPPED);
    assert.equal(table.endT[0], 400);
    assert.equal(table.reasons[table.reasonIndex[0]!], 'partition');
    assert.equal(table.fate[1], FATE_IN_FLIGHT);
    assert.equal(table.endT[1], 1000, 'drawn up to the end of the run');
  });

  it('a window query visits exactly the messages whose flight overlaps the window', function () {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 50_000 }))), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 12_000 }),
        fc.integer({ min: 0, max: 4_000 }),
        (flights, t0, width) => {
          const sorted = [...flights].sort((a, b) => a[0] - b[0]);
          const trace: TraceEvent[] = [];
          sorted.forEach(([start, length], msg) => trace.push(send(start, msg, 'n1', 'n2', start + length)));
          // Arrivals come later in the trace, in time order.
          const arrivals = sorted.map(([start, length], msg) => ({ kind: 'deliver' as const, t: start + length, msg, from: 'n1', to: 'n2', type: 'AppendEntries' }));
          const table = buildMessageTable([...trace, ...arrivals.sort((a, b) => a.t - b.t)], () => 0, 20_000);
          const t1 = t0 + width;
          const seen: number[] = [];
          forEachMessageInWindow(table, t0, t1, (i) => seen.push(i));
          const expected: number[] = [];
          for (let i = 0; i < table.count; i++) if (table.sendT[i]! <= t1 && table.endT[i]! >= t0) expected.push(i);
          assert.deepEqual([...seen].sort((a, b) => a - b), expected);
        },
      ),
    );
  });

  it('the k-th smallest flight found by partitioning is the one a full sort puts at k', function () {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constantFrom(0, 1, 1, 2)), { minLength: 1, maxLength: 300 }), fc.nat(), (values, n) => {
        const k = n % values.length;
        // (+ 0: a sort puts -0 before 0, partitioning need not; both are the same flight.)
        assert.equal(kthSmallest(Float64Array.from(values), k) + 0, Float64Array.from(values).sort()[k]! + 0);
      }),
    );
  });

  it('every level of the level-of-detail pyramid counts every message once', function () {
    const trace: TraceEvent[] = [];
    for (let msg = 0; msg < 5000; msg++) trace.push(send(msg * 37, msg, `n${(msg % 3) + 1}`, `n${((msg + 1) % 3) + 1}`, msg * 37 + 200));
    const table = buildMessageTable(trace, (name) => Number(name.slice(1)) - 1, 200_000);
    const pyramid = buildMessagePyramid(table, 200_000);
    assert.ok(pyramid.levels.length > 3);
    for (const level of pyramid.levels) assert.equal(level.sent.reduce((a, b) => a + b, 0), 5000);
  });

  it('a crash and its restart make one outage; a partition lasts until the heal', function () {
    const model = buildRunModel(
      handMadeReport({
        trace: [
          { kind: 'crash', t: 100, node: 'n2', line: 20 },
          { kind: 'partition', t: 200, blocked: [['n1', 'n3'], ['n3', 'n1']], label: 'n1 | n3', line: 21 },
          { kind: 'restart', t: 300, node: 'n2', line: 22 },
          { kind: 'heal', t: 400, line: 23 },
        ],
      }),
    );
    assert.deepEqual(model.outages.map((o) => [o.lane, o.start, o.end, o.kind]), [[1, 100, 300, 'crash']]);
    assert.deepEqual(model.partitions.map((p) => [p.start, p.end, p.label, p.line]), [[200, 400, 'n1 | n3', 21]]);
    assert.deepEqual(model.markers.map((m) => m.line), [20, 21, 22, 23]);
  });

  it('the quorum strip loses the majority of 3 nodes when two are down, and regains it', function () {
    const model = buildRunModel(
      handMadeReport({
        trace: [
          { kind: 'crash', t: 100, node: 'n2' },
          { kind: 'crash', t: 200, node: 'n3' },
          { kind: 'restart', t: 300, node: 'n3' },
        ],
      }),
    );
    const strip = buildQuorumStrip(model);
    assert.deepEqual([quorumAt(strip, 50)!.largestGroup, quorumAt(strip, 50)!.hasMajority, quorumAt(strip, 50)!.toleranceLeft], [3, true, 1]);
    assert.deepEqual([quorumAt(strip, 150)!.largestGroup, quorumAt(strip, 150)!.toleranceLeft], [2, 0]);
    assert.deepEqual([quorumAt(strip, 250)!.largestGroup, quorumAt(strip, 250)!.hasMajority], [1, false]);
    assert.equal(quorumAt(strip, 350)!.hasMajority, true);
  });

  it('a partition that isolates one node of three leaves a majority of two; a stale leader shows as a second leader', function () {
    const state = (t: number, node: string, role: string, term: number): TraceEvent => ({ kind: 'state', t, node, local: t, state: { role, term } });
    const model = buildRunModel(
      handMadeReport({
        trace: [
          state(10, 'n1', 'leader', 1),
          { kind: 'partition', t: 100, blocked: [['n1', 'n2'], ['n2', 'n1'], ['n1', 'n3'], ['n3', 'n1']], label: 'n1 | n2, n3' },
          state(300, 'n2', 'leader', 2),
        ],
      }),
    );
    const strip = buildQuorumStrip(model);
    assert.deepEqual(quorumAt(strip, 200)!.leaders, ['n1']);
    assert.equal(quorumAt(strip, 200)!.largestGroup, 2);
    assert.deepEqual(quorumAt(strip, 400)!.leaders, ['n1', 'n2']);
    assert.equal(stateAt(model.states[1]!, 299)?.state.role, undefined);
    assert.equal(stateAt(model.states[1]!, 300)?.state.role, 'leader');
  });

  it('client operations become intervals coloured by outcome, in rows so concurrent ones do not overlap', function () {
    const model = buildRunModel(
      handMadeReport({
        clients: ['alice'],
        trace: [],
        history: [
          { index: 0, process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 1, time: 10, opId: 1 },
          { index: 1, process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 2, time: 20, opId: 2 },
          { index: 2, process: 'alice', type: 'ok', f: 'write', key: 'x', value: 1, time: 30, opId: 1 },
          { index: 3, process: 'alice', type: 'info', f: 'write', key: 'x', value: 2, time: 90, opId: 2, error: 'timeout' },
          { index: 4, process: 'alice', type: 'invoke', f: 'read', key: 'x', value: null, time: 95, opId: 3 },
        ],
      }),
    );
    assert.deepEqual(model.ops.map((op) => [op.outcome, op.start, op.end, op.row]), [['ok', 10, 30, 0], ['info', 20, 90, 1], ['pending', 95, 1_000_000, 0]]);
    assert.equal(model.ops[0]!.line, 10, 'an operation links to its client declaration');
    assert.equal(model.opOfHistoryIndex.get(3), 1);
  });

  it('a run classified PC/EC whose linearizability broke is reported as differing from its classification', function () {
    const report = handMadeReport({
      clients: ['alice'],
      trace: [
        { kind: 'partition', t: 100, blocked: [['n1', 'n2'], ['n2', 'n1']], label: 'n1 | n2' },
        { kind: 'heal', t: 500 },
      ],
      history: [
        { index: 0, process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 1, time: 150, opId: 1 },
        { index: 1, process: 'alice', type: 'info', f: 'write', key: 'x', value: 1, time: 450, opId: 1, error: 'timeout' },
        { index: 2, process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 2, time: 600, opId: 2 },
        { index: 3, process: 'alice', type: 'ok', f: 'write', key: 'x', value: 2, time: 610, opId: 2 },
      ],
    });
    report.classification = { static: { cap: 'CP', pacelc: 'PC/EC', reason: '' } } as unknown as typeof report.classification;
    report.expectations = [{ text: 'linearizable', line: 9, holds: false, summary: 'a read saw an old value' }];
    const model = buildRunModel(report);
    const observed = observedBehaviour(report, model.ops, model.partitions);
    assert.deepEqual(observed.lines, ['During partitions 0% of 1 operations succeeded (the rest failed or timed out).', 'Without a partition: 100% succeeded, median latency 10µs.']);
    assert.equal(observed.differences.length, 1);
    assert.match(observed.differences[0]!, /“linearizable” broke/);
  });

  it('zooming keeps the time under the pointer where it was, and the window stays inside the run', function () {
    const viewport = new Viewport(1_000_000);
    viewport.left = 100;
    viewport.width = 800;
    const anchor = viewport.time(500);
    viewport.zoom(0.25, anchor);
    assert.ok(Math.abs(viewport.x(anchor) - 500) < 1e-6);
    viewport.panPixels(1e9);
    assert.equal(viewport.start, 0);
    viewport.panPixels(-1e9);
    assert.equal(viewport.end, 1_000_000);
  });
});

describe('page safety', function () {
  it('JSON embedded in the page can never close its script element and reads back the same', function () {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (a, b) => {
        const value = { scenario: `${a}</script><img src=x onerror=alert(1)>${b}`, note: '\u2028<!--' };
        const text = jsonForScriptElement(value);
        assert.ok(!/[<>&\u2028\u2029]/.test(text));
        assert.deepEqual(JSON.parse(text), value);
      }),
    );
  });

  it('the standalone page allows no script without the nonce and loads nothing', function () {
    const html = playgroundHtml({ nonce: 'abc', title: '<b>x</b>', script: { inline: 'let s = "</script>";' }, style: { inline: 'body{}' }, workerUri: null, mode: 'standalone' });
    assert.match(html, /script-src &#39;nonce-abc&#39;/);
    assert.match(html, /connect-src &#39;none&#39;/);
    assert.match(html, /<title>&lt;b&gt;x&lt;\/b&gt;<\/title>/);
    assert.equal(html.match(/<\/script>/g)!.length, 2, 'the boot data and the script end where they should');
  });

  it('a page carrying its worker script keeps it inert, starts it under the nonce and fetches nothing for it', function () {
    const worker = 'const s = "</script><script>alert(1)</script>"; onmessage = () => postMessage(s);';
    const html = playgroundHtml({ nonce: 'abc', title: 't', script: { inline: 'main();' }, style: { inline: '' }, workerUri: null, workerScript: worker, cspSource: 'https://x', mode: 'vscode' });
    assert.match(html, /worker-src blob:/);
    assert.match(html, /<script type="text\/plain" id="faultline-worker-source">/);
    assert.ok(!html.includes('rel="preload"'), 'nothing to fetch');
    assert.match(html, /"workerInline":true/);
    // Its </script> cannot end the element: the page's scripts are the boot data, the worker's text,
    // the worker's start, and the page's script.
    assert.equal(html.match(/<\/script>/g)!.length, 4);
    const start = html.indexOf('faultline-worker-source');
    assert.ok(start < html.indexOf('faultlineWorkerBoot') && html.indexOf('faultlineWorkerBoot') < html.indexOf('main();'), 'the worker starts before the page script');
  });

  it('the host accepts only well-formed webview messages', function () {
    assert.ok(isWebviewToHostMessage({ type: 'reveal-line', line: 12 }));
    assert.ok(!isWebviewToHostMessage({ type: 'reveal-line', line: 0 }));
    assert.ok(!isWebviewToHostMessage({ type: 'reveal-line', line: '12' }));
    assert.ok(!isWebviewToHostMessage({ type: 'open-file', path: '/etc/passwd' }));
    assert.ok(isWebviewToHostMessage({ type: 'ready', state: null }));
    assert.ok(!isHostToWebviewMessage({ type: 'run-scenario', text: 'x' }), 'a run needs its source');
    assert.ok(isHostToWebviewMessage({ type: 'highlight-line', line: null }));
    const source = { documentUri: 'file:///a.fault', fileName: 'a.fault' };
    assert.ok(isHostToWebviewMessage({ type: 'run-scenario', text: 'x', source, hostRunId: 3 }));
    assert.ok(!isHostToWebviewMessage({ type: 'run-scenario', text: 'x', source, hostRunId: -1 }), 'a host run id is a count');
    assert.ok(isHostToWebviewMessage({ type: 'prepared-run', runId: 3, run: new Uint8Array(8) }));
    assert.ok(isHostToWebviewMessage({ type: 'prepared-run', runId: 3, failed: 'the run worker stopped early' }));
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-run', runId: 3, run: [1, 2, 3] }), 'a packed run is bytes');
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-run', runId: 3, run: new Uint8Array(8), failed: 'both' }), 'a run or a failure, not both');
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-run', run: new Uint8Array(8) }), 'an answer names its run');
    const finding = { title: 'linearizable', holds: false, summary: 'a read saw an old value', operations: [3, 4], source: 'checker', at: 120 };
    const verdicts = { scenario: 's', seed: 1, protocol: 'raft', findings: [finding, { ...finding, holds: null, line: 12, source: 'expectation' }] };
    assert.ok(isHostToWebviewMessage({ type: 'prepared-verdicts', runId: 3, verdicts }));
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-verdicts', verdicts }), 'verdicts name their run');
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-verdicts', runId: 3, verdicts: { ...verdicts, findings: [{ ...finding, holds: 'no' }] } }), 'a finding holds, breaks or is undecided');
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-verdicts', runId: 3, verdicts: { ...verdicts, findings: [{ ...finding, operations: [-1] }] } }), 'evidence is history indexes');
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-verdicts', runId: 3, verdicts: { ...verdicts, findings: [{ ...finding, line: 0 }] } }), 'a line is 1-based');
    assert.ok(!isHostToWebviewMessage({ type: 'prepared-verdicts', runId: 3, verdicts: { ...verdicts, findings: [{ ...finding, title: '<b>', source: 'html' }] } }));
    const summary = { scenario: 's', seed: 1, passed: 1, failed: 0, undecided: 0, events: 9, simulatedUs: 5, wallMs: 1, stoppedBy: 'end' };
    assert.ok(isWebviewToHostMessage({ type: 'run-finished', summary }));
    assert.ok(isWebviewToHostMessage({ type: 'run-finished', summary: { ...summary, strongest: 'linearizable' } }));
    assert.ok(!isWebviewToHostMessage({ type: 'run-finished', summary: { ...summary, strongest: 3 } }), 'the strongest model is a name');
    // A run stopped by its memory budget is reported to the host like one stopped by its event budget.
    assert.ok(isWebviewToHostMessage({ type: 'run-finished', summary: { ...summary, stoppedBy: 'memory-budget' } }));
    assert.ok(!isWebviewToHostMessage({ type: 'run-finished', summary: { ...summary, stoppedBy: 'out-of-luck' } }));
  });
});
