// "You are the network" in the playground: the messages in flight at the cursor, and the four
// things a person may do to one of them (drop, duplicate, delay, deliver now). Each is taken
// through PlayableRun exactly as a crash is (one manual line, undone by undo), does to the very
// message picked what its fault line says, and the saved child scenario replays the fork event
// for event. The node and link actions the panel offers are held to the same replay standard.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { IN_FLIGHT_SHOWN, messageDelayProblem, payloadSummary, PlayableRun, type InFlightView } from '../../../core/debug/playable-run.ts';
import { MESSAGE_ACTIONS, messageActionFor, type MessageOnItsWay } from '../../../core/debug/scenario-fork.ts';
import { durationText, parseQuantity, toMicros } from '../../../core/language/values.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const FIXTURE = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');
const DELAY = '30ms';
const DELAY_US = 30_000;

type MessageEvent = Extract<TraceEvent, { msg: number }>;

function open(): PlayableRun {
  const run = PlayableRun.open({ source: FIXTURE, checkpointEvery: 200 });
  if ('error' in run) throw new Error(run.error);
  return run;
}

function withoutLines(trace: readonly TraceEvent[]): unknown[] {
  return trace.map((event) => {
    const { line: _line, ...rest } = event as TraceEvent & { line?: number };
    return rest;
  });
}

const messageEvents = (trace: readonly TraceEvent[], msg: number) => trace.filter((e): e is MessageEvent => 'msg' in e && e.msg === msg);

/** An earlier message of the same type on the same link, still on the network, listed beside `m`. */
function aheadOf(m: InFlightView, listed: readonly InFlightView[]): InFlightView | undefined {
  return listed.find((o) => o.heldBy === undefined && o.id < m.id && o.type === m.type && o.from === m.from && o.to === m.to);
}

/**
 * From `at`, the first cursor with a node-to-node message on its way that a line can name alone:
 * the next of its kind on its link (`next`), or one with an earlier one of its kind ahead (`behind`).
 */
function cursorWithNamableMessage(play: PlayableRun, atUs: number, which: 'next' | 'behind' = 'next', maxSteps = 2_000): InFlightView {
  play.seekTime(atUs);
  for (let steps = 0; steps < maxSteps; steps++) {
    const { inFlight, now } = play.snapshot();
    const found = inFlight.find((m) => m.refusal === undefined && m.heldBy === undefined && m.dueAt > now + 2 && (aheadOf(m, inFlight) === undefined) === (which === 'next'));
    if (found !== undefined) return found;
    play.step(1);
  }
  throw new Error(`no namable message (${which}) in flight within ${maxSteps} events`);
}

/** The saved child scenario, replayed by the core as `faultline run` replays it. */
function replayOfSaved(play: PlayableRun): TraceEvent[] {
  const saved = play.saved();
  const compiled = compile(saved.fileText, saved.name);
  assert.ok(compiled.config, JSON.stringify(compiled.diagnostics.filter((d) => d.severity === 'error')));
  return runScenario(compiled.config).trace;
}

describe('messages in flight at the cursor (playable run)', () => {
  it('lists what the engine has on its way, earliest arrival first, with the send time the trace recorded', () => {
    const play = open();
    cursorWithNamableMessage(play, 1_200_000);
    const snapshot = play.snapshot();
    const full = play.report.trace;
    assert.ok(snapshot.inFlight.length > 0 && snapshot.inFlight.length <= IN_FLIGHT_SHOWN);
    assert.ok(snapshot.inFlightTotal >= snapshot.inFlight.length);
    assert.deepEqual(snapshot.inFlight.map((m) => m.dueAt), [...snapshot.inFlight.map((m) => m.dueAt)].sort((a, b) => a - b), 'earliest arrival first');
    for (const m of snapshot.inFlight) {
      const events = messageEvents(full, m.id);
      const send = events.find((e) => e.kind === 'send');
      assert.ok(send, `message #${m.id} was sent`);
      assert.equal(m.sentAt, send.t, `#${m.id}'s send time`);
      assert.ok(send.t <= snapshot.now, 'sent by the cursor');
      assert.equal(`${m.type} ${m.from} ${m.to}`, `${send.type} ${send.from} ${send.to}`);
      // Not yet arrived: its delivery (or its death on arrival) is at dueAt, after the cursor's time or at it.
      if (m.heldBy === undefined) {
        assert.ok(m.dueAt >= snapshot.now);
        assert.ok(events.some((e) => (e.kind === 'deliver' || e.kind === 'drop') && e.t === m.dueAt), `#${m.id} arrives (or dies) at ${m.dueAt}`);
      }
    }
  });

  it('a client\'s request or reply is listed but not offered: fault lines name messages between nodes', () => {
    const play = open();
    play.seekTime(300_000);
    let client: InFlightView | undefined;
    for (let steps = 0; steps < 3_000 && client === undefined; steps++) {
      client = play.snapshot().inFlight.find((m) => m.type === 'ClientRequest' || m.type === 'ClientReply');
      if (client === undefined) play.step(1);
    }
    assert.ok(client, 'a client message is on its way at some point');
    assert.match(client.refusal ?? '', /client/);
    const result = play.actOnMessage(client.id, 'drop');
    assert.equal(result.ok, false);
    assert.deepEqual(play.manualLines, []);
  });

  it('a payload reads as its fields in a line, bounded however large the message is', () => {
    assert.equal(payloadSummary({ term: 3, leader: 'n1', entries: [1, 2], commit: 5 }), 'term=3 leader=n1 entries=[2] commit=5');
    assert.equal(payloadSummary({ kind: 'AppendEntries', term: 3 }, 'AppendEntries'), 'term=3', 'a field that repeats the type is left out');
    const huge = payloadSummary({ entries: new Array(1_000_000).fill({ x: 1 }), note: 'x'.repeat(10_000), a: 1, b: 2, c: 3, d: 4, e: 5, f: 6 });
    assert.ok(huge.length <= 72, huge);
    assert.match(huge, /^entries=\[1000000\] note=x{15}…/);
  });

  it('a delay must be one duration between a microsecond and an hour', () => {
    assert.equal(messageDelayProblem('200ms'), null);
    assert.equal(messageDelayProblem(' 1.5s '), null);
    assert.equal(messageDelayProblem('1h'), null);
    assert.match(messageDelayProblem('') ?? '', /how much later/);
    assert.match(messageDelayProblem('200') ?? '', /not a duration/);
    assert.match(messageDelayProblem('-5ms') ?? '', /not a duration/);
    assert.match(messageDelayProblem('0ms') ?? '', /less than a microsecond/);
    assert.match(messageDelayProblem('61m') ?? '', /more than an hour/);
    assert.match(messageDelayProblem('200ms; crash n1') ?? '', /not a duration/);
  });
});

describe('you are the network: an action on one message forks the run, and the saved scenario replays it', () => {
  for (const action of MESSAGE_ACTIONS) {
    it(`${action} on a message in flight does it to exactly that message, and the saved "${action} next" line replays the fork event for event`, () => {
      const play = open();
      const original = play.report.trace;
      const picked = cursorWithNamableMessage(play, 700_000);
      const result = play.actOnMessage(picked.id, action, action === 'delay' ? DELAY : undefined);
      assert.ok(result.ok, result.ok ? '' : result.error);
      const by = action === 'delay' ? ` by ${DELAY}` : '';
      assert.match(result.line, new RegExp(`^at \\d+(\\.\\d+)?(s|ms) ${action} next ${picked.type} ${picked.from} -> ${picked.to}${by}$`));
      assert.deepEqual(play.manualLines, [result.line], 'one breadcrumb entry');
      assert.equal(play.snapshot().forkedAt, toMicros(parseQuantity(/^at (\S+) /.exec(result.line)![1]!)), 'the fork point is the line\'s time');

      const fork = play.report.trace;
      const copies = messageEvents(fork, picked.id);
      const delivered = copies.filter((e) => e.kind === 'deliver');
      const at = play.snapshot().forkedAt!;
      switch (action) {
        case 'drop':
          assert.equal(delivered.length, 0, 'it never arrives');
          assert.ok(copies.some((e) => e.kind === 'drop' && e.reason === 'drop next' && e.t === picked.dueAt), 'it dies when it would have arrived');
          break;
        case 'duplicate':
          assert.equal(delivered.length, 2, 'it arrives twice');
          assert.ok(delivered.every((e) => e.t === picked.dueAt));
          break;
        case 'delay':
          assert.deepEqual(delivered.map((e) => e.t), [picked.dueAt + DELAY_US], `it arrives ${DELAY} later`);
          break;
        case 'deliver': {
          assert.deepEqual(delivered.map((e) => e.t), [at], 'it arrives at the action\'s moment');
          const next = fork.find((e) => e.kind === 'deliver' && e.t >= at);
          assert.equal(next !== undefined && 'msg' in next ? next.msg : -1, picked.id, 'it is the next delivery');
          break;
        }
      }
      assert.notDeepEqual(withoutLines(fork), withoutLines(original), 'the run changed');
      assert.deepEqual(withoutLines(replayOfSaved(play)), withoutLines(fork), 'the saved scenario replays the fork event for event');
      assert.match(play.saved().scenarioText, new RegExp(`\\n {4}${result.line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));

      assert.equal(play.undo(), result.line);
      assert.deepEqual(play.report.trace, original, 'undo brings the run as written back');
      assert.equal(play.snapshot().forkedAt, null);
    });
  }

  for (const action of MESSAGE_ACTIONS) {
    it(`${action} on a message with an earlier one of its kind ahead of it writes a \`sent at\` line that takes exactly it, and the saved scenario replays the fork event for event`, () => {
      const play = open();
      const original = play.report.trace;
      // The fixture reorders and duplicates: two of a kind on one link are on their way at once.
      const picked = cursorWithNamableMessage(play, 200_000, 'behind', 20_000);
      const ahead = aheadOf(picked, play.snapshot().inFlight)!;
      const result = play.actOnMessage(picked.id, action, action === 'delay' ? DELAY : undefined);
      assert.ok(result.ok, result.ok ? '' : result.error);
      const by = action === 'delay' ? ` by ${DELAY}` : '';
      assert.equal(result.line.replace(/^at \S+ /, ''), `${action} ${picked.type} ${picked.from} -> ${picked.to} sent at ${durationText(picked.sentAt)}${by}`);
      assert.deepEqual(play.manualLines, [result.line], 'one breadcrumb entry');

      const fork = play.report.trace;
      const at = play.snapshot().forkedAt!;
      const delivered = messageEvents(fork, picked.id).filter((e) => e.kind === 'deliver').map((e) => e.t);
      const expected = { drop: [], duplicate: [picked.dueAt, picked.dueAt], delay: [picked.dueAt + DELAY_US], deliver: [at] }[action];
      assert.deepEqual(delivered, expected, `what ${action} does to #${picked.id}`);
      // The one ahead of it (what a `next` line would take) is not taken: it arrives as it did before.
      const arrivals = (trace: readonly TraceEvent[]) => messageEvents(trace, ahead.id).filter((e) => (e.kind === 'deliver' || e.kind === 'drop') && e.t <= ahead.dueAt).map((e) => `${e.kind}@${e.t}`);
      assert.deepEqual(arrivals(fork), arrivals(original), `#${ahead.id}, ahead of it, is untouched`);
      assert.deepEqual(withoutLines(replayOfSaved(play)), withoutLines(fork), 'the saved scenario replays the fork event for event');
      assert.equal(play.undo(), result.line);
      assert.deepEqual(play.report.trace, original, 'undo brings the run as written back');
    });
  }

  it('only a held message, or one sent in the same microsecond as an earlier one of its kind, cannot be named alone', () => {
    const link = { type: 'AppendEntries', from: 'n1', to: 'n2' };
    const inFlight: MessageOnItsWay[] = [
      { id: 5, ...link, sentAt: 1_000_000 },
      { id: 7, ...link, sentAt: 1_000_000 },
      { id: 8, ...link, sentAt: 1_234_567 },
      { id: 9, ...link, sentAt: 1_300_000, heldBy: 'n2' },
    ];
    assert.deepEqual(messageActionFor(inFlight, 5, 'drop'), { ok: true, action: 'drop next AppendEntries n1 -> n2' });
    assert.deepEqual(messageActionFor(inFlight, 8, 'delay', '5ms'), { ok: true, action: 'delay AppendEntries n1 -> n2 sent at 1.234567s by 5ms' });
    assert.match((messageActionFor(inFlight, 7, 'drop') as { error: string }).error, /#7 was sent at the same microsecond as #5/);
    assert.match((messageActionFor(inFlight, 9, 'drop') as { error: string }).error, /paused and holds it/);
  });

  it('a delay that is not a duration is refused before anything moves', () => {
    const play = open();
    const picked = cursorWithNamableMessage(play, 700_000);
    const cursor = play.cursor;
    const result = play.actOnMessage(picked.id, 'delay', 'soon');
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.error, /not a duration/);
    assert.equal(play.cursor, cursor);
    assert.deepEqual(play.manualLines, []);
  });
});

describe('node and link actions of the panel replay from the saved scenario too', () => {
  // crash and partition are covered in playable-run.test.ts; these are the panel's other buttons.
  const chains: Array<Array<[atUs: number, action: string]>> = [
    [[400_000, 'pause n1 for 500ms']],
    [[400_000, 'crash n2'], [800_000, 'restart n2']],
    [[400_000, 'partition n1 | n2, n3'], [900_000, 'heal']],
  ];
  for (const chain of chains) {
    it(`${chain.map(([, a]) => a).join(', then ')}: the fork's trace is the saved scenario's, event for event`, () => {
      const play = open();
      const original = play.report.trace;
      for (const [at, action] of chain) {
        play.seekTime(at);
        const result = play.act(action);
        assert.ok(result.ok, result.ok ? '' : result.error);
      }
      assert.equal(play.manualLines.length, chain.length);
      assert.notDeepEqual(withoutLines(play.report.trace), withoutLines(original));
      assert.deepEqual(withoutLines(replayOfSaved(play)), withoutLines(play.report.trace));
    });
  }
});
