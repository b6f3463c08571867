// The time-travel jumps (previous / next message, fault, role change, broken expectation) checked
// against facts found another way: the live simulation's own state at each event (node roles and
// statuses, the messages on the network), the scenario's fault times and the report's verdicts.
// The landmarks themselves are read from the trace; nothing here reads the trace.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { PlayableRun } from '../../../core/debug/playable-run.ts';

const FIXTURE = readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8');

type Walk = { times: number[]; roleChanges: number[]; statusChanges: number[]; networkChanges: number[] };

/** Every event of the run stepped through once, with what the live state says changed at it. */
function walk(play: PlayableRun): Walk {
  play.seekEvent(0);
  const first = play.snapshot();
  const known = new Map<string, string | null>(first.nodes.map((n) => [n.name, n.role]));
  let statuses = first.nodes.map((n) => n.status).join();
  let inFlight = first.inFlightTotal;
  const out: Walk = { times: [first.now], roleChanges: [], statusChanges: [], networkChanges: [] };
  for (let n = 1; n <= play.lastEvent; n++) {
    play.step(1);
    const s = play.snapshot();
    out.times.push(s.now);
    // A role change as the protocol's state says it: a running node now holds another role than
    // the last one it was seen holding (a crash in between does not count as a change by itself).
    let changed = false;
    for (const node of s.nodes) {
      if (node.status !== 'up') continue;
      const before = known.get(node.name);
      if (before !== undefined && before !== null && node.role !== null && before !== node.role) changed = true;
      if (node.role !== null) known.set(node.name, node.role);
    }
    if (changed) out.roleChanges.push(n);
    const nowStatuses = s.nodes.map((node) => node.status).join();
    if (nowStatuses !== statuses) out.statusChanges.push(n);
    statuses = nowStatuses;
    if (s.inFlightTotal !== inFlight) out.networkChanges.push(n);
    inFlight = s.inFlightTotal;
  }
  return out;
}

describe('time-travel jumps agree with the live simulation', () => {
  const play = PlayableRun.open({ source: FIXTURE, checkpointEvery: 200 });
  if ('error' in play) throw new Error(play.error);
  const facts = walk(play);

  it('role-change jumps stop exactly where a running node\'s role (from the protocol state) changes', () => {
    assert.ok(facts.roleChanges.length >= 2, `the fixture elects and re-elects: ${facts.roleChanges.join(', ')}`);
    assert.deepEqual(play.landmarkEvents('role'), facts.roleChanges);
  });

  it('every event that crashes, restarts, pauses or resumes a node is a fault stop, and every scheduled fault time has one', () => {
    const faults = new Set(play.landmarkEvents('fault'));
    for (const n of facts.statusChanges) assert.ok(faults.has(n), `event ${n} changed a node's status`);
    const scheduled = compile(FIXTURE).config!.faults.map((f) => f.atUs);
    const stopTimes = new Set([...faults].map((n) => facts.times[n]));
    for (const at of scheduled) assert.ok(stopTimes.has(at), `a fault stop at ${at}µs (scheduled)`);
  });

  it('every event that changes what is on the network is a message stop', () => {
    const messages = new Set(play.landmarkEvents('message'));
    assert.ok(facts.networkChanges.length > 100);
    for (const n of facts.networkChanges) assert.ok(messages.has(n), `event ${n} changed the messages in flight`);
  });

  it('the broken-expectation stop is at the moment the report says the expectation broke', () => {
    const broken = play.report.expectations.filter((e) => e.holds === false && e.at !== undefined);
    assert.ok(broken.length >= 1, 'the fixture breaks an expectation');
    const stops = play.landmarkEvents('expectation').map((n) => facts.times[n]);
    for (const e of broken) assert.ok(stops.includes(e.at!), `${e.text} broke at ${e.at}µs; stops at ${stops.join(', ')}`);
  });
});

describe('two-phase commit state at the cursor', () => {
  it('while the coordinator is down after prepare, p1 and p2 show a prepared transaction; the coordinator\'s counts match the history', () => {
    const source = readFileSync('samples/two-phase-commit-coordinator-crash.fault', 'utf8');
    const play = PlayableRun.open({ source, scenario: '2pc: coordinator crashes after prepare', checkpointEvery: 200 });
    if ('error' in play) throw new Error(play.error);
    // Just before the crash at 2s: the coordinator has committed exactly the transfers acknowledged so far (or more, not yet answered).
    play.seekTime(1_999_000);
    const before = play.snapshot();
    const coordinator = before.nodes.find((n) => n.name === 'coord')!;
    const counts = /^(\d+) active · (\d+) decided · (\d+) committed · (\d+) aborted$/.exec(coordinator.transaction ?? '');
    assert.ok(counts, coordinator.transaction ?? 'no 2PC line');
    const acknowledged = play.report.history.filter((e) => e.type === 'ok' && e.f === 'transfer' && e.time <= before.now).length;
    assert.ok(Number(counts[3]) >= acknowledged && Number(counts[3]) > 0, `${counts[3]} committed, ${acknowledged} acknowledged`);
    // In the middle of the blocked window the run reports (2s–6s), both participants hold a prepared transaction.
    play.seekTime(4_000_000);
    const blocked = play.snapshot();
    assert.equal(blocked.nodes.find((n) => n.name === 'coord')!.status, 'crashed');
    for (const name of ['p1', 'p2']) {
      const line = blocked.nodes.find((n) => n.name === name)!.transaction ?? '';
      assert.match(line, /^[1-9]\d* prepared · last /, `${name}: ${line}`);
    }
  });
});
