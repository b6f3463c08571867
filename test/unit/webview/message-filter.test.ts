// The diagram's message filters (webview/model/message-filter.ts) on a real run of the Raft sample:
// a hidden type, client traffic or node leaves exactly the other copies, and the zoomed-out counts
// of a filter add up to the copies it keeps.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { messageMask, messageTypeCounts, SHOW_ALL_MESSAGES } from '../../../webview/model/message-filter.ts';
import { buildMessagePyramid } from '../../../webview/model/message-pyramid.ts';
import { buildRunModel } from '../../../webview/model/run-model.ts';

describe('diagram message filters', () => {
  const model = buildRunModel(runScenario(compile(readFileSync('samples/raft-leader-isolated.fault', 'utf8')).config!));
  const table = model.messages;
  const typeOf = (i: number) => table.types[table.typeIndex[i]!]!;
  const kept = (mask: Uint8Array | null) => (mask === null ? table.count : mask.reduce((sum, bit) => sum + bit, 0));

  it('lists the run\'s message types by frequency, counting every copy once', () => {
    const counts = messageTypeCounts(table);
    for (let i = 1; i < counts.length; i++) assert.ok(counts[i - 1]!.count >= counts[i]!.count, 'most frequent first');
    // Raft's replication traffic leads; its heartbeats (appends with no entries) are a type of their own.
    assert.deepEqual(counts.map((c) => c.type).slice(0, 2).sort(), ['AppendEntries', 'AppendEntriesReply']);
    assert.ok(counts.some((c) => c.type === 'AppendEntries (heartbeat)'), 'appends with no entries are counted apart');
    assert.equal(counts.reduce((sum, c) => sum + c.count, 0), table.count);
  });

  it('showing everything needs no mask', () => {
    assert.equal(messageMask(table, model.lanes, SHOW_ALL_MESSAGES), null);
  });

  it('hiding AppendEntries and its replies keeps exactly the other copies', () => {
    const hidden = new Set(['AppendEntries', 'AppendEntriesReply']);
    const mask = messageMask(table, model.lanes, { ...SHOW_ALL_MESSAGES, hiddenTypes: hidden })!;
    for (let i = 0; i < table.count; i++) assert.equal(mask[i], hidden.has(typeOf(i)) ? 0 : 1);
    assert.ok(kept(mask) > 0 && kept(mask) < table.count);
  });

  it('turning client traffic off hides every copy to or from a client, and only those', () => {
    const mask = messageMask(table, model.lanes, { ...SHOW_ALL_MESSAGES, clientTraffic: false })!;
    for (let i = 0; i < table.count; i++) {
      const touchesClient = model.lanes[table.fromLane[i]!]!.kind === 'client' || model.lanes[table.toLane[i]!]!.kind === 'client';
      assert.equal(mask[i], touchesClient ? 0 : 1);
    }
  });

  it('hiding node n1 hides what n1 sent and received', () => {
    const n1 = model.lanes.findIndex((lane) => lane.name === 'n1');
    const mask = messageMask(table, model.lanes, { ...SHOW_ALL_MESSAGES, hiddenNodes: new Set([n1]) })!;
    for (let i = 0; i < table.count; i++) assert.equal(mask[i], table.fromLane[i] === n1 || table.toLane[i] === n1 ? 0 : 1);
  });

  it('the zoomed-out counts of a filtered run add up to the copies the filter keeps, at every level', () => {
    const mask = messageMask(table, model.lanes, { ...SHOW_ALL_MESSAGES, hiddenTypes: new Set(['AppendEntries']), clientTraffic: false })!;
    const pyramid = buildMessagePyramid(table, model.endUs, mask);
    for (const level of pyramid.levels) assert.equal(level.sent.reduce((sum, n) => sum + n, 0), kept(mask));
    const all = buildMessagePyramid(table, model.endUs);
    assert.equal(all.levels[0]!.sent.reduce((sum, n) => sum + n, 0), table.count);
  });
});
