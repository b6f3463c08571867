import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { getProtocol } from '../../../core/protocols/registry.ts';
import { TimeTravelRun } from '../../../core/sim/time-travel.ts';
import { compileAction, fileWithFork, forkName, messageActionFor, type MessageAction, type ScenarioFork } from '../../../core/debug/scenario-fork.ts';
import { durationText } from '../../../core/language/values.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const SAMPLE = 'raft-log-replication.fault';
const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'samples', SAMPLE), 'utf8');
const scenario = /scenario "([^"]+)"/.exec(source)![1]!;
const TYPE = 'AppendEntries';
const [FROM, TO] = ['n1', 'n2']; // n1 leads this sample's run and replicates to n2
const DELAY_US = 30_000;

type MessageEvent = Extract<TraceEvent, { msg: number }>;

function configOf(text: string, name = scenario): SimConfig {
  const compiled = compile(text, name);
  assert.ok(compiled.config, JSON.stringify(compiled.diagnostics.filter((d) => d.severity === 'error')));
  return compiled.config;
}

/** The sample with one more fault line. */
function traceWith(line: string | undefined): TraceEvent[] {
  const text = line === undefined ? source : source.replace(/faults \{/, `faults {\n    ${line}`);
  return runScenario(configOf(text), { maxTraceEvents: 1_000_000 }).trace;
}

const messages = (trace: readonly TraceEvent[]) => trace.filter((e): e is MessageEvent => 'msg' in e);
const onLink = (e: MessageEvent) => e.type === TYPE && e.from === FROM && e.to === TO;
const deliveries = (trace: readonly TraceEvent[], msg: number) => messages(trace).filter((e) => e.kind === 'deliver' && e.msg === msg);

/**
 * Which message "next" means at T, worked out from the run without the line (identical to the
 * run with it up to T): the earliest-sent one on its way at T, else the first one sent after T.
 */
function expectedTarget(base: readonly TraceEvent[], atUs: number): { msg: number; inFlight: boolean } {
  const sends = messages(base).filter((e) => e.kind === 'send' && onLink(e) && e.deliverAt !== undefined);
  const onItsWay = sends.filter((e) => e.t < atUs && e.deliverAt! > atUs);
  if (onItsWay.length > 0) return { msg: Math.min(...onItsWay.map((e) => e.msg)), inFlight: true };
  return { msg: sends.find((e) => e.t > atUs)!.msg, inFlight: false };
}

const base = traceWith(undefined);
const linkSends = messages(base).filter((e) => e.kind === 'send' && onLink(e) && e.t > 2_000_000 && e.deliverAt !== undefined);
/** A moment with an AppendEntries n1 -> n2 on its way (1µs after it was sent). */
const IN_FLIGHT_AT = linkSends.find((e) => e.deliverAt! - e.t >= 3)!.t + 1;
/** A moment with none on its way: 1µs after one arrived, well before the next is sent. */
const IDLE_AT = (() => {
  for (let i = 0; i + 1 < linkSends.length; i++) {
    const at = linkSends[i]!.deliverAt! + 1;
    if (linkSends[i + 1]!.t > at + 10) return at;
  }
  throw new Error('no idle moment on the link');
})();

const lineFor = (effect: MessageAction, atUs: number) => `at ${durationText(atUs)} ${effect} next ${TYPE} ${FROM} -> ${TO}${effect === 'delay' ? ` by ${DELAY_US / 1000}ms` : ''}`;

/** Source lines differ between a scenario and its saved fork (the fault lines move); nothing else may. */
function withoutLines(trace: readonly TraceEvent[]): unknown[] {
  return trace.map((event) => {
    const { line: _line, ...rest } = event as TraceEvent & { line?: number };
    return rest;
  });
}

describe('message fault lines (engine)', () => {
  it('"next" is the earliest-sent message on its way at T, and the first one sent after T when none is', () => {
    for (const atUs of [IN_FLIGHT_AT, IDLE_AT]) {
      const target = expectedTarget(base, atUs);
      assert.equal(target.inFlight, atUs === IN_FLIGHT_AT);
      const dropped = messages(traceWith(lineFor('drop', atUs))).filter((e) => e.kind === 'drop' && e.reason === 'drop next');
      assert.deepEqual(dropped.map((e) => e.msg), [target.msg], `at ${atUs}µs`);
    }
  });

  for (const [label, atUs] of [['on its way at T', IN_FLIGHT_AT], ['sent after T', IDLE_AT]] as const) {
    describe(`the picked AppendEntries n1 -> n2 is ${label}`, () => {
      const target = expectedTarget(base, atUs);
      const [baseDelivery] = deliveries(base, target.msg);
      // Everything before T is the same run (the sample's own lines move down by one).
      const before = (trace: readonly TraceEvent[]) => withoutLines(trace.filter((e) => e.t < atUs));

      it('drop: its receiver never handles it; it is dropped when it would have arrived', () => {
        const trace = traceWith(lineFor('drop', atUs));
        assert.equal(deliveries(base, target.msg).length, 1, 'delivered without the line');
        assert.deepEqual(deliveries(trace, target.msg), []);
        const drop = messages(trace).find((e) => e.kind === 'drop' && e.msg === target.msg)!;
        assert.equal(drop.t, baseDelivery!.t);
        assert.ok(drop.line !== undefined, 'the drop names the line that caused it');
        assert.deepEqual(before(trace), before(base), 'nothing changes before T');
      });

      it('duplicate: it is handled twice, both copies arriving when it would have', () => {
        const trace = traceWith(lineFor('duplicate', atUs));
        assert.deepEqual(deliveries(trace, target.msg).map((e) => e.t), [baseDelivery!.t, baseDelivery!.t]);
        assert.deepEqual(before(trace), before(base));
      });

      it(`delay by ${DELAY_US / 1000}ms: it arrives exactly that much later than it would have`, () => {
        const trace = traceWith(lineFor('delay', atUs));
        assert.deepEqual(deliveries(trace, target.msg).map((e) => e.t), [baseDelivery!.t + DELAY_US]);
        assert.deepEqual(before(trace), before(base));
      });

      it(target.inFlight ? 'deliver: it arrives at T, the very next delivery' : 'deliver: it arrives the moment it is sent, with no latency', () => {
        const trace = traceWith(lineFor('deliver', atUs));
        const [delivery] = deliveries(trace, target.msg);
        if (target.inFlight) {
          assert.equal(delivery!.t, atUs, 'delivered at T');
          assert.ok(baseDelivery!.t > atUs, 'without the line it was still on its way');
        } else {
          const send = messages(trace).find((e) => e.kind === 'send' && e.msg === target.msg)!;
          assert.equal(delivery!.t, send.t, 'delivered the moment it was sent');
          assert.equal(send.deliverAt, send.t);
        }
        if (target.inFlight) {
          const firstDeliveryAfter = messages(trace).find((e) => e.kind === 'deliver' && e.t >= atUs);
          assert.equal(firstDeliveryAfter?.msg, target.msg, 'no other message is delivered before it');
        }
        assert.deepEqual(before(trace), before(base));
      });
    });
  }

  it('every line, whether its message was on its way or it waited for the next one sent, notes which message it took', () => {
    for (const atUs of [IN_FLIGHT_AT, IDLE_AT]) {
      const target = expectedTarget(base, atUs);
      for (const effect of ['drop', 'duplicate', 'delay', 'deliver'] as const) {
        const trace = traceWith(lineFor(effect, atUs));
        const took = trace.filter((e): e is Extract<TraceEvent, { kind: 'note' }> => e.kind === 'note' && e.text.startsWith(`${effect} next ${TYPE} ${FROM} -> ${TO}: message `));
        assert.equal(took.length, 1, `${effect} at ${atUs}µs: ${JSON.stringify(took)}`);
        assert.match(took[0]!.text, new RegExp(`: message ${target.msg}[ ,]`), `${effect} at ${atUs}µs names message ${target.msg}`);
        assert.ok(took[0]!.line !== undefined, 'the note carries the line, so `faultline run` lists it with the faults');
      }
    }
  });

  it('the same file and seed give the identical trace twice', () => {
    const line = lineFor('delay', IN_FLIGHT_AT);
    assert.deepEqual(traceWith(line), traceWith(line));
  });
});

describe('message fault lines naming one message by its send time (engine)', () => {
  // Two AppendEntries n1 -> n2 on their way at once: `ahead` was sent first, `behind` while it travelled.
  const sends = messages(base).filter((e) => e.kind === 'send' && onLink(e) && e.deliverAt !== undefined);
  const pair = sends.map((ahead, i) => [ahead, sends[i + 1]] as const).find(([ahead, behind]) => behind !== undefined && behind.t + 1 < Math.min(ahead.deliverAt!, behind.deliverAt!));
  assert.ok(pair !== undefined, 'the sample has two AppendEntries n1 -> n2 in flight at once');
  const [ahead, behind] = pair as readonly [MessageEvent, MessageEvent];
  const atUs = behind.t + 1;
  const sentAtLine = (effect: MessageAction, sentAtUs: number, at = atUs) =>
    `at ${durationText(at)} ${effect} ${TYPE} ${FROM} -> ${TO} sent at ${durationText(sentAtUs)}${effect === 'delay' ? ` by ${DELAY_US / 1000}ms` : ''}`;
  const [aheadDelivery] = deliveries(base, ahead.msg);
  const [behindDelivery] = deliveries(base, behind.msg);
  const notes = (trace: readonly TraceEvent[]) => trace.filter((e): e is Extract<TraceEvent, { kind: 'note' }> => e.kind === 'note' && e.line !== undefined);

  it('`next` at that moment would take the one sent first: the send time is what tells them apart', () => {
    assert.equal(expectedTarget(base, atUs).msg, ahead.msg);
    assert.ok(ahead.msg < behind.msg);
  });

  for (const effect of ['drop', 'duplicate', 'delay', 'deliver'] as const) {
    it(`${effect} … sent at: it is done to the message sent then, and the one sent before it arrives as without the line`, () => {
      const trace = traceWith(sentAtLine(effect, behind.t));
      assert.deepEqual(deliveries(trace, ahead.msg).map((e) => e.t), [aheadDelivery!.t], 'the earlier one is untouched');
      const arrivals = deliveries(trace, behind.msg).map((e) => e.t);
      switch (effect) {
        case 'drop': {
          assert.deepEqual(arrivals, []);
          const drop = messages(trace).find((e) => e.kind === 'drop' && e.msg === behind.msg);
          assert.equal(drop?.reason, 'drop sent at');
          assert.equal(drop?.t, behindDelivery!.t, 'it dies when it would have arrived');
          break;
        }
        case 'duplicate':
          assert.deepEqual(arrivals, [behindDelivery!.t, behindDelivery!.t]);
          break;
        case 'delay':
          assert.deepEqual(arrivals, [behindDelivery!.t + DELAY_US]);
          break;
        case 'deliver':
          assert.deepEqual(arrivals, [atUs]);
          break;
      }
      const [took] = notes(trace).filter((e) => e.text.startsWith(`${effect} ${TYPE} ${FROM} -> ${TO} sent at `));
      assert.match(took?.text ?? '', new RegExp(`: message ${behind.msg} `), 'the note names the message it took');
      assert.deepEqual(withoutLines(trace.filter((e) => e.t < atUs)), withoutLines(base.filter((e) => e.t < atUs)), 'nothing changes before the line');
    });
  }

  it('when no message sent at that microsecond is on its way, the line notes it and the run is the run without it', () => {
    const withoutNotes = (trace: readonly TraceEvent[]) => withoutLines(trace.filter((e) => !(e.kind === 'note' && e.line !== undefined)));
    const cases = [
      // No AppendEntries n1 -> n2 was sent a microsecond earlier.
      sentAtLine('drop', behind.t - 1),
      // This one was sent then, but it has arrived by the line's moment: it is no longer on its way.
      sentAtLine('delay', ahead.t, aheadDelivery!.t + 1),
    ];
    for (const line of cases) {
      const trace = traceWith(line);
      assert.deepEqual(withoutNotes(trace), withoutNotes(base), line);
      const said = notes(trace).filter((e) => e.text.endsWith('no such message is on its way, so nothing happens'));
      assert.equal(said.length, 1, line);
    }
  });
});

describe('message fault lines (time travel fork, saved as a scenario)', () => {
  const config = configOf(source);
  const travel = () => new TimeTravelRun(config, getProtocol(config.protocol.name)!, { checkpointEvery: 500 });

  /** The first event after `from` at which an AppendEntries n1 -> n2 is on its way. */
  function seekToMessageOnItsWay(run: TimeTravelRun, from: number): void {
    run.seek(from);
    const onLink = () => run.view.messagesInFlight().some((m) => m.type === TYPE && m.from === FROM && m.to === TO && m.heldBy === undefined);
    assert.ok(onLink() || run.runUntil(onLink, 10_000), 'an AppendEntries n1 -> n2 goes out');
  }

  for (const effect of ['drop', 'duplicate', 'delay', 'deliver'] as const) {
    it(`a fork by "${effect} next ${TYPE} ${FROM} -> ${TO}" replays event for event from the saved scenario`, () => {
      const run = travel();
      seekToMessageOnItsWay(run, 2500);
      const fork: ScenarioFork = { source, scenario, lines: [] };
      const action = `${effect} next ${TYPE} ${FROM} -> ${TO}${effect === 'delay' ? ' by 30ms' : ''}`;
      const compiled = compileAction(fork, action, run.momentForAction());
      assert.ok(compiled.ok, compiled.ok ? '' : compiled.error);
      run.act(compiled.fault);
      const forked = run.finish();
      const saved = fileWithFork({ ...fork, lines: [compiled.line] });
      assert.ok(saved.includes(`    ${compiled.line}\n`));
      const replay = runScenario(configOf(saved, forkName(fork)), { maxTraceEvents: 1_000_000 });
      assert.deepEqual(withoutLines(forked.trace), withoutLines(replay.trace));
      assert.deepEqual(forked.history, replay.history);
      assert.notDeepEqual(withoutLines(replay.trace), withoutLines(base), 'the line changed the run');
    });
  }

  it('a message picked among those in flight (`drop #ID`) becomes the `next` line that takes exactly it', () => {
    const run = travel();
    seekToMessageOnItsWay(run, 2500);
    const inFlight = run.view.messagesInFlight();
    const first = inFlight.filter((m) => m.type === TYPE && m.from === FROM && m.to === TO && m.heldBy === undefined).sort((a, b) => a.id - b.id);
    const choice = messageActionFor(inFlight, first[0]!.id, 'drop');
    assert.deepEqual(choice, { ok: true, action: `drop next ${TYPE} ${FROM} -> ${TO}` });
    assert.deepEqual(messageActionFor(inFlight, first[0]!.id, 'delay', '5ms'), { ok: true, action: `delay next ${TYPE} ${FROM} -> ${TO} by 5ms` });
    assert.equal(messageActionFor(inFlight, first[0]!.id, 'delay').ok, false, 'a delay needs its duration');
    assert.equal(messageActionFor(inFlight, -5, 'drop').ok, false);
    if (first.length > 1) {
      const behind = first[1]!;
      assert.deepEqual(messageActionFor(inFlight, behind.id, 'drop'), { ok: true, action: `drop ${TYPE} ${FROM} -> ${TO} sent at ${durationText(behind.sentAt)}` });
    }
    const compiled = compileAction({ source, scenario, lines: [] }, (choice as { action: string }).action, run.momentForAction());
    assert.ok(compiled.ok);
    run.act(compiled.fault);
    const forked = run.finish();
    const drop = forked.trace.find((e) => e.kind === 'drop' && e.reason === 'drop next');
    assert.equal(drop !== undefined && 'msg' in drop ? drop.msg : -1, first[0]!.id, 'the very message picked was dropped');
  });
});
