// The message inspector's facts, on real Raft runs: an AppendEntries carries its sender's term,
// prevLogIndex/prevLogTerm, entries and leaderCommit; its receiver answers it with an
// AppendEntriesReply to the sender; the vote that wins an election arms the heartbeat timer; that reply was "sent because"
// the receiver was handling the AppendEntries; a message the network lost as it was sent still
// shows what it carried; reading a payload leaves the time-travel cursor, and the state there, as
// they were.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PlayableRun } from '../../../core/debug/playable-run.ts';
import { arrayReader } from '../../../core/debug/causal-events.ts';
import { describePayload, messageCause, messageEffects, PAYLOAD_ITEMS } from '../../../core/debug/message-inspection.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const sample = (name: string) => readFileSync(`samples/${name}`, 'utf8');

function open(source: string, scenario?: string): PlayableRun {
  const run = PlayableRun.open({ source, checkpointEvery: 200, ...(scenario === undefined ? {} : { scenario }) });
  if ('error' in run) throw new Error(run.error);
  return run;
}

type MessageEvent = Extract<TraceEvent, { msg: number }>;

/** The sender's last reported term before trace index `index`. */
function termBefore(trace: readonly TraceEvent[], node: string, index: number): unknown {
  for (let i = index - 1; i >= 0; i--) {
    const event = trace[i]!;
    if (event.kind === 'state' && event.node === node && 'term' in event.state) return event.state['term'];
  }
  return undefined;
}

describe('message inspector (payload, effects, cause)', () => {
  const play = open(sample('raft-log-replication.fault'));
  const trace = play.report.trace;
  const reader = arrayReader(trace);
  const nodes = new Set(play.config.nodes);
  const isNode = (name: string) => nodes.has(name);
  // An AppendEntries carrying entries, delivered, well into the run (after the first election).
  const deliverIndex = trace.findIndex((event, i) => event.kind === 'deliver' && event.type === 'AppendEntries' && event.t > 2_000_000 && i > 0);
  const deliver = trace[deliverIndex] as MessageEvent;
  const sendIndex = trace.findIndex((event) => event.kind === 'send' && event.msg === deliver.msg);
  const send = trace[sendIndex] as MessageEvent;

  it("an AppendEntries's payload names Raft's fields, with the sender's term; the cursor stays", () => {
    play.seekEvent(Math.floor(play.lastEvent / 3));
    const cursorBefore = play.cursor;
    const snapshotBefore = play.snapshot();
    const inspection = play.inspectMessage({ msg: send.msg, sendT: send.t, deliverT: deliver.t });
    assert.ok(inspection.payload !== null, inspection.payloadNote);
    const fields = new Map(inspection.payload.map((field) => [field.name, field]));
    for (const name of ['term', 'leader', 'prevLogIndex', 'prevLogTerm', 'entries', 'leaderCommit']) assert.ok(fields.has(name), `payload lacks ${name}: ${[...fields.keys()].join(', ')}`);
    assert.equal(fields.get('term')!.value, String(termBefore(trace, send.from, sendIndex)));
    assert.equal(fields.get('leader')!.value, send.from);
    assert.equal(play.cursor, cursorBefore, 'reading a payload moved the cursor');
    assert.deepEqual(play.snapshot(), snapshotBefore, 'reading a payload changed the state at the cursor');
  });

  it('its effects include the AppendEntriesReply sent back to the leader', () => {
    const effects = messageEffects(reader, deliverIndex, isNode);
    assert.ok(effects !== null);
    assert.equal(effects.node, deliver.to);
    const reply = effects.sent.find((sent) => sent.type === 'AppendEntriesReply');
    assert.ok(reply !== undefined, `sent: ${JSON.stringify(effects.sent)}`);
    assert.equal(reply.to, deliver.from);
    assert.equal(reply.reply, false);
  });

  it('the vote that wins an election: candidate → leader, heartbeat timer armed, election timer cancelled', () => {
    const winning = trace.findIndex((event, i) => event.kind === 'deliver' && event.type === 'RequestVoteReply' && (messageEffects(reader, i, isNode)?.state ?? []).some((change) => change.field === 'role' && change.after === 'leader'));
    assert.ok(winning > 0, 'no vote made a leader');
    const vote = trace[winning] as MessageEvent;
    const effects = messageEffects(reader, winning, isNode)!;
    assert.deepEqual(effects.state.find((change) => change.field === 'role'), { field: 'role', before: 'candidate', after: 'leader' });
    // A new leader announces itself at once (§5.2): AppendEntries to every other node.
    assert.equal(effects.sent.filter((sent) => sent.type === 'AppendEntries').length, nodes.size - 1);
    const sendOfVote = trace.findIndex((event) => event.kind === 'send' && event.msg === vote.msg);
    const timers = play.inspectMessage({ msg: vote.msg, sendT: trace[sendOfVote]!.t, deliverT: vote.t }).timers;
    assert.ok(timers !== null);
    assert.ok(timers.some((timer) => timer.name === 'heartbeat' && timer.change === 'armed' && timer.due !== null && timer.due > vote.t), JSON.stringify(timers));
    assert.ok(timers.some((timer) => timer.name === 'election' && timer.change === 'cancelled'), JSON.stringify(timers));
  });

  it('the reply was sent because its sender was handling that AppendEntries', () => {
    const effects = messageEffects(reader, deliverIndex, isNode)!;
    const reply = effects.sent.find((sent) => sent.type === 'AppendEntriesReply')!;
    const replyIndex = trace.findIndex((event) => event.kind === 'send' && event.msg === reply.msg);
    const cause = messageCause(reader, replyIndex, play.config, isNode);
    assert.equal(cause.message?.msg, deliver.msg);
    assert.match(cause.text, new RegExp(`${deliver.to} was handling AppendEntries #${deliver.msg} from ${deliver.from}`));
  });

  it("a heartbeat's cause is the leader's heartbeat timer", () => {
    const heartbeat = trace.findIndex((event, i) => event.kind === 'send' && event.type === 'AppendEntries' && i > 0 && trace[i - 1]!.kind === 'timer');
    assert.ok(heartbeat > 0);
    assert.match(messageCause(reader, heartbeat, play.config, isNode).text, /timer '.+' fired/);
  });

  it("a primary's first Append is sent because it starts (nothing traced before it)", () => {
    const primary = open(sample('primary-backup-monotonic-reads.fault'));
    const first = primary.report.trace.findIndex((event) => event.kind === 'send' && event.type === 'Append');
    assert.equal(primary.report.trace[first]!.t, 0);
    const nodeNames = new Set(primary.config.nodes);
    const cause = messageCause(arrayReader(primary.report.trace), first, primary.config, (name) => nodeNames.has(name));
    assert.match(cause.text, /^\S+ starts \(its first act at time 0\)$/);
    assert.equal(cause.message, undefined);
  });

  it("a client's request is sent because the client invokes an operation, or retries one", () => {
    const retries = open(sample('idempotency-retries.fault'));
    const t = retries.report.trace;
    const nodeNames = new Set(retries.config.nodes);
    const r = arrayReader(t);
    const requests = t.map((event, i) => (event.kind === 'send' && event.type === 'ClientRequest' ? i : -1)).filter((i) => i >= 0);
    const invokedRightBefore = (i: number) => {
      const before = t[i - 1]!;
      return before.kind === 'client' && before.phase === 'invoke';
    };
    const invoked = requests.filter(invokedRightBefore);
    const retried = requests.filter((i) => !invokedRightBefore(i));
    assert.ok(invoked.length > 0 && retried.length > 0);
    for (const i of invoked) assert.match(messageCause(r, i, retries.config, (name) => nodeNames.has(name)).text, /^\S+ invokes operation #\d+$/);
    for (const i of retried) assert.match(messageCause(r, i, retries.config, (name) => nodeNames.has(name)).text, /sends its request again \(a retry\)$/);
  });

  it('a client request answered while it is handled lists the reply to that client', () => {
    const answered = trace.findIndex((event, i) => event.kind === 'deliver' && event.type === 'ClientRequest' && (messageEffects(reader, i, isNode)?.sent ?? []).some((sent) => sent.reply));
    assert.ok(answered > 0, 'no client request was answered while being handled');
    const request = trace[answered] as MessageEvent;
    const reply = messageEffects(reader, answered, isNode)!.sent.find((sent) => sent.reply)!;
    assert.equal(reply.to, request.from);
    assert.equal(reply.type, 'ClientReply');
  });

  it('a message the network lost as it was sent still shows its payload', () => {
    const lossy = open(sample('network-unreliable.fault'), 'network: lossy');
    const lost = lossy.report.trace.findIndex((event, i) => event.kind === 'drop' && event.type === 'AppendEntries' && i > 0 && lossy.report.trace[i - 1]!.kind === 'send' && (lossy.report.trace[i - 1] as MessageEvent).msg === event.msg);
    assert.ok(lost > 0, 'the lossy scenario lost no message at send');
    const sendOfLost = lossy.report.trace[lost - 1] as MessageEvent;
    const inspection = lossy.inspectMessage({ msg: sendOfLost.msg, sendT: sendOfLost.t });
    assert.ok(inspection.payload !== null && inspection.payload.some((field) => field.name === 'term'), JSON.stringify(inspection));
    assert.equal(inspection.timers, null);
  });

  it('a long entry list is bounded: the first few entries and a count of the rest', () => {
    const entries = Array.from({ length: 100 }, (_, i) => ({ term: 2, command: i === 0 ? null : { op: 'put', key: 'x', value: i } }));
    const fields = describePayload({ kind: 'AppendEntries', term: 2, entries });
    const listed = fields.find((field) => field.name === 'entries')!;
    assert.equal(listed.value, '100');
    assert.equal(listed.items!.length, PAYLOAD_ITEMS);
    assert.equal(listed.items![0], 'term 2: no-op');
    assert.equal(listed.items![1], 'term 2: put x 1');
    assert.equal(listed.more, 100 - PAYLOAD_ITEMS);
    assert.ok(!fields.some((field) => field.name === 'kind'), 'the type is the heading, not a field');
  });
});
