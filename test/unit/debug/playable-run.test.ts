// The playground's playable run: stepping back is exact (the state one event back equals the
// state reached by stepping forward to it), a crash by hand forks the run and a saved scenario
// replays the fork event for event, undo brings the original run back, and each node's state
// reads in its protocol's own words.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { PlayableRun } from '../../../core/debug/playable-run.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const FIXTURE = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');
const sample = (name: string) => readFileSync(`samples/${name}`, 'utf8');

function open(source: string, options: { scenario?: string; seed?: number } = {}): PlayableRun {
  const run = PlayableRun.open({ source, checkpointEvery: 200, ...options });
  if ('error' in run) throw new Error(run.error);
  return run;
}

/** Source lines move when a fault is saved into a child scenario; nothing else may differ. */
function withoutLines(trace: readonly TraceEvent[]): unknown[] {
  return trace.map((event) => {
    const { line: _line, ...rest } = event as TraceEvent & { line?: number };
    return rest;
  });
}

describe('playable run (the playground\'s time travel)', () => {
  it('the run it shows is the scenario as written: same trace and verdicts as runScenario', () => {
    const play = open(FIXTURE);
    const compiled = compile(FIXTURE);
    const report = runScenario(compiled.config!);
    assert.deepEqual(play.report.trace, report.trace);
    assert.deepEqual(play.report.expectations.map((e) => e.holds), report.expectations.map((e) => e.holds));
    assert.equal(play.lastEvent, report.stats.events);
    assert.equal(play.cursor, 0);
  });

  it('one step back shows exactly the state one step forward had reached', () => {
    const play = open(FIXTURE);
    play.seekEvent(600);
    const before = JSON.stringify(play.snapshot());
    play.step(1);
    const after = JSON.stringify(play.snapshot());
    assert.notEqual(after, before, 'the event changed something the panel shows (at least the cursor)');
    play.step(-1);
    assert.equal(JSON.stringify(play.snapshot()), before);
    // Far back, across many checkpoints, and forward again.
    play.seekEvent(3);
    play.seekEvent(600);
    assert.equal(JSON.stringify(play.snapshot()), before);
  });

  it('jumps land on an event of the asked kind, both ways, and stay when there is none', () => {
    const play = open(FIXTURE);
    for (const kind of ['message', 'fault', 'role', 'expectation'] as const) {
      const events = play.landmarkEvents(kind);
      assert.ok(events.length > 0, `the fixture has ${kind} landmarks`);
      play.seekEvent(0);
      assert.equal(play.jump(kind, 1), true);
      assert.equal(play.cursor, events[0]);
      play.seekEvent(play.lastEvent);
      if (events[events.length - 1] === play.lastEvent) play.step(-1);
      assert.equal(play.jump(kind, -1), true);
      assert.ok(events.includes(play.cursor));
    }
    // Faults in the fixture: partition at 1s, crash n3 at 1.5s, restart at 2.2s, pause at 2.6s, heal at 3s.
    play.seekTime(1_499_999);
    assert.equal(play.jump('fault', 1), true);
    assert.ok(play.snapshot().happened.some((line) => line === 'crash n3'), play.snapshot().happened.join('; '));
    assert.equal(play.snapshot().nodes[2]!.status, 'crashed');
    play.seekEvent(play.landmarkEvents('fault').at(-1)!);
    assert.equal(play.jump('fault', 1), false, 'no fault after the last one');
  });

  it('a Raft node reads as role, term, vote and a log with commit and applied marks', () => {
    const play = open(FIXTURE);
    play.seekTime(900_000);
    const leader = play.snapshot().nodes.find((n) => n.role === 'leader');
    assert.ok(leader, 'a leader by 0.9s');
    assert.equal(leader.termLabel, 'term');
    assert.ok(leader.term !== null && leader.term >= 1);
    assert.ok(leader.log !== null && leader.log.length >= 1);
    assert.ok(leader.log.commit !== null && leader.log.commit <= leader.log.length);
    assert.ok(leader.store !== null, 'the state machine is shown as a store');
  });

  it('a primary reads with its epoch, a lock service with its holder and token', () => {
    const pb = open(sample('primary-backup-async-failover.fault'));
    pb.seekEvent(Math.floor(pb.lastEvent / 2));
    const primary = pb.snapshot().nodes.find((n) => n.role === 'primary');
    assert.ok(primary);
    assert.equal(primary.termLabel, 'epoch');
    assert.ok(primary.term !== null);
    const lease = open(sample('lease-lock-no-fencing.fault'));
    lease.seekEvent(Math.floor(lease.lastEvent / 2));
    assert.ok(lease.snapshot().nodes.some((n) => n.lock !== null && /token/.test(n.lock)), JSON.stringify(lease.snapshot().nodes.map((n) => n.lock)));
  });

  it('a crash by hand forks the run, and the saved child scenario replays the fork event for event', () => {
    const play = open(FIXTURE);
    const original = play.report.trace;
    play.seekTime(700_000);
    const result = play.act('crash n2');
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.match(result.line, /^at 7\d\d(\.\d+)?ms crash n2$/);
    assert.deepEqual(play.manualLines, [result.line]);
    const crash = play.report.trace.findIndex((e) => e.kind === 'crash' && e.node === 'n2' && e.t < 1_000_000);
    assert.ok(crash >= 0, 'the fork\'s trace has the crash');
    assert.notDeepEqual(withoutLines(play.report.trace.slice(crash)), withoutLines(original.slice(crash)), 'the future differs');
    assert.equal(play.snapshot().nodes[1]!.status, 'up', 'the cursor stays before the crash happens');
    play.step(1);
    assert.equal(play.snapshot().nodes[1]!.status, 'crashed');

    const saved = play.saved();
    assert.equal(saved.name, 'everything on one timeline (forked)');
    assert.match(saved.scenarioText, /^scenario "everything on one timeline \(forked\)" extends "everything on one timeline" \{/);
    assert.ok(saved.scenarioText.includes(`    ${result.line}\n`));
    const replay = compile(saved.fileText, saved.name);
    assert.ok(replay.config);
    const replayed = runScenario(replay.config);
    assert.deepEqual(withoutLines(replayed.trace), withoutLines(play.report.trace));
    assert.deepEqual(replayed.expectations.map((e) => e.holds), play.report.expectations.map((e) => e.holds));
  });

  it('undo takes the action back: the original run, trace and verdicts, returns', () => {
    const play = open(FIXTURE);
    const original = play.report;
    play.seekTime(700_000);
    assert.ok(play.act('crash n2').ok);
    const cursor = play.cursor;
    assert.equal(play.undo()?.endsWith('crash n2'), true);
    assert.deepEqual(play.report.trace, original.trace);
    assert.deepEqual(play.report.expectations, original.expectations);
    assert.equal(play.cursor, cursor, 'the cursor stays where it was');
    assert.equal(play.undo(), undefined, 'nothing left to undo');
  });

  it('an action taken before an earlier one forks before it: the earlier one is forgotten by the run, the saved file and undo alike', () => {
    const play = open(FIXTURE);
    const original = play.report;
    play.seekTime(2_000_000);
    assert.ok(play.act('crash n1').ok);
    play.seekTime(500_000);
    const earlier = play.act('crash n2');
    assert.ok(earlier.ok);
    assert.deepEqual(play.manualLines, [earlier.line], 'the 2s crash belongs to the forgotten future');
    assert.equal(play.report.trace.some((e) => e.kind === 'crash' && e.node === 'n1' && e.t >= 2_000_000 && e.t < 2_100_000), false);
    const saved = play.saved();
    assert.equal(saved.scenarioText.includes('crash n1'), false);
    const replayed = runScenario(compile(saved.fileText, saved.name).config!);
    assert.deepEqual(withoutLines(replayed.trace), withoutLines(play.report.trace));
    assert.equal(play.undo(), earlier.line);
    assert.deepEqual(play.report.trace, original.trace, 'undo of the one action left gives the scenario as written');
    assert.equal(play.undo(), undefined);
  });

  it('two actions taken at the same cursor are both kept, by the run and the saved file', () => {
    const play = open(FIXTURE);
    play.seekTime(1_200_000);
    const first = play.act('partition n1 | n2, n3');
    const second = play.act('crash n3');
    assert.ok(first.ok && second.ok);
    assert.deepEqual(play.manualLines, [first.line, second.line]);
    const replayed = runScenario(compile(play.saved().fileText, play.saved().name).config!);
    assert.deepEqual(withoutLines(replayed.trace), withoutLines(play.report.trace));
  });

  it('a seed other than the scenario\'s is written into the saved fork', () => {
    const play = open(FIXTURE, { seed: 99 });
    play.seekTime(500_000);
    assert.ok(play.act('partition n1 | n2, n3').ok);
    const saved = play.saved();
    assert.match(saved.scenarioText, /\n {2}seed 99\n/);
    const replayed = runScenario(compile(saved.fileText, saved.name).config!);
    assert.deepEqual(withoutLines(replayed.trace), withoutLines(play.report.trace));
  });

  it('an action the language does not accept is refused with the reason, and the run is unchanged', () => {
    const play = open(FIXTURE);
    play.seekTime(500_000);
    const trace = play.report.trace;
    const result = play.act('crash n9');
    assert.equal(result.ok, false);
    assert.deepEqual(play.report.trace, trace);
    assert.deepEqual(play.manualLines, []);
  });
});
