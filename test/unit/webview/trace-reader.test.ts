// The page's random access to its packed trace reads back exactly the events packed (every kind:
// message columns, whole events, state columns, client and apply events), and finds a node's
// earlier state values as a plain walk over the trace does — so the inspector's cause and effects
// are the same whether read from the page's columns or from the run's own trace.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { arrayReader } from '../../../core/debug/causal-events.ts';
import { messageCause, messageEffects, scanValuesBefore } from '../../../core/debug/message-inspection.ts';
import { decodeRun, encodeRun } from '../../../webview/model/packed-run.ts';
import { packedTraceReader } from '../../../webview/model/trace-reader.ts';

describe('packed trace reader (the message inspector in the page)', () => {
  const report = runScenario(compile(readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8')).config!);
  const trace = report.trace;
  // Through the bytes, as the page receives a run from the worker or the HTML report.
  const packed = decodeRun(encodeRun(report)).trace;
  const reader = packedTraceReader(packed);

  it('reads back every event of the trace, in order', () => {
    assert.equal(reader.length, trace.length);
    const kinds = new Set<string>();
    for (let i = 0; i < trace.length; i++) {
      assert.deepEqual(reader.at(i), trace[i], `trace event ${i}`);
      kinds.add(trace[i]!.kind);
    }
    for (const kind of ['send', 'deliver', 'drop', 'duplicate', 'state', 'client', 'timer', 'crash']) assert.ok(kinds.has(kind), `the fixture has ${kind} events`);
  });

  it("finds a node's earlier state values as a walk over the trace does, and the same effects and causes", () => {
    const nodes = new Set(report.config.nodes);
    const isNode = (name: string) => nodes.has(name);
    const plain = arrayReader(trace);
    let compared = 0;
    for (let i = 0; i < trace.length; i++) {
      const event = trace[i]!;
      if (event.kind === 'deliver') {
        assert.deepEqual(messageEffects(reader, i, isNode, reader.valuesBefore), messageEffects(plain, i, isNode, scanValuesBefore(plain)), `effects of trace event ${i}`);
        compared++;
      }
      if (event.kind === 'send') assert.deepEqual(messageCause(reader, i, report.config, isNode), messageCause(plain, i, report.config, isNode), `cause of trace event ${i}`);
    }
    assert.ok(compared > 100);
  });
});
