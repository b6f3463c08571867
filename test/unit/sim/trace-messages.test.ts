// A run recorded with `traceMessages: false` (a sweep's graded seed) leaves out message and timer
// events, which grading never reads, and keeps everything else exactly as a full trace has it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';

const MESSAGE_KINDS = new Set(['send', 'deliver', 'drop', 'duplicate', 'timer']);

describe('a trace without message events', () => {
  it('keeps every state, apply, fault, client and note event of the full trace, in order, and nothing else', () => {
    const { config } = compile(readFileSync(new URL('../../../samples/raft-leader-isolated.fault', import.meta.url), 'utf8'));
    assert.ok(config !== null);
    const full = runScenario(config, { analyze: false });
    const lean = runScenario(config, { analyze: false, traceMessages: false });
    const kept = full.trace.filter((e) => !MESSAGE_KINDS.has(e.kind));
    assert.ok(kept.length < full.trace.length / 2, `${kept.length} of ${full.trace.length} events are not message events`);
    assert.ok(kept.some((e) => e.kind === 'apply') && kept.some((e) => e.kind === 'partition'));
    assert.deepEqual(lean.trace, kept);
    // The run itself is the same run.
    assert.deepEqual(lean.history, full.history);
    assert.deepEqual(lean.stats.messages, full.stats.messages);
  });
});
