import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { getProtocol } from '../../../core/protocols/registry.ts';
import { TimeTravelRun } from '../../../core/sim/time-travel.ts';
import { compileAction, fileWithFork, forkName, type ScenarioFork } from '../../../core/debug/scenario-fork.ts';
import { durationText } from '../../../core/language/values.ts';
import { analyzeForDebugging } from '../../../core/debug/run-analysis.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import { faultyClusterScenario, RAFT_PROTOCOL } from '../../../bench/shared.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'samples');
const sample = (file: string) => readFileSync(join(samples, file), 'utf8');

function configOf(text: string, scenario?: string): SimConfig {
  const compiled = compile(text, scenario);
  assert.ok(compiled.config, JSON.stringify(compiled.diagnostics.filter((d) => d.severity === 'error')));
  return compiled.config;
}

function travel(config: SimConfig, checkpointEvery = 500): TimeTravelRun {
  return new TimeTravelRun(config, getProtocol(config.protocol.name)!, { checkpointEvery });
}

/** Everything a step can change, as text: every node's state, clocks, in-flight messages, trace, history. */
function stateAt(run: TimeTravelRun): string {
  const view = run.view;
  const nodes = view.nodes.map((_, i) => ({
    up: view.isUp(i),
    paused: view.isPaused(i),
    state: view.protocolState(i),
    durable: view.durableState(i),
    clock: view.localTime(i),
    timers: view.armedTimers(i),
  }));
  return JSON.stringify({ cursor: run.cursor, now: run.now, nodes, messages: view.messagesInFlight(), trace: run.traceSoFar, history: run.historySoFar });
}

/** Source lines differ between a scenario and its saved fork (the fault lines move); nothing else may. */
function withoutLines(trace: readonly TraceEvent[]): unknown[] {
  return trace.map((event) => {
    const { line: _line, ...rest } = event as TraceEvent & { line?: number };
    return rest;
  });
}

describe('time travel', () => {
  const raft = configOf(sample('raft-leader-isolated.fault'));

  it('a controlled run driven to the end gives the same trace, history and stats as runScenario', () => {
    const report = runScenario(raft, { analyze: false, maxTraceEvents: 1_000_000 });
    const run = travel(raft);
    const result = run.finish();
    assert.equal(result.stats.events, report.stats.events);
    assert.deepEqual(result.trace, report.trace);
    assert.deepEqual(result.history, report.history);
    assert.ok(run.checkpointCount > 3, `checkpoints were kept (${run.checkpointCount})`);
  });

  it('stepping back then forward returns the identical state, across checkpoints', () => {
    const run = travel(raft);
    for (const target of [1, 499, 500, 501, 1234, 2600]) {
      run.seek(target);
      const before = stateAt(run);
      run.stepForward(37);
      run.stepBack(37);
      assert.equal(stateAt(run), before, `at event ${target}`);
    }
  });

  it('seeking forward past checkpoints of this timeline jumps to them and lands on the same state', () => {
    const walked = travel(raft);
    walked.seek(2700);
    const expected = stateAt(walked);
    walked.seek(3); // every checkpoint up to the end of the run now lies ahead
    walked.seek(2700);
    assert.equal(stateAt(walked), expected);
  });

  it('seeking back to an event shows exactly what the first pass showed there', () => {
    const run = travel(raft);
    const seen = new Map<number, string>();
    for (const target of [10, 700, 1501, 2999]) {
      run.seek(target);
      seen.set(target, stateAt(run));
    }
    for (const target of [2999, 10, 1501, 700]) {
      run.seek(target);
      assert.equal(stateAt(run), seen.get(target), `at event ${target}`);
    }
  });

  it('reverse search lands on the last event before the cursor that matches', () => {
    const run = travel(raft);
    run.seek(2500);
    const crashIndex = raft.faults.findIndex((f) => f.type === 'partition');
    assert.ok(crashIndex >= 0);
    const partitionAt = raft.faults[crashIndex]!.atUs;
    assert.ok(run.reverseUntil((view) => view.now < partitionAt));
    assert.ok(run.now < partitionAt);
    run.stepForward(1);
    assert.ok(run.now >= partitionAt, 'the next event is at or after the partition');
  });

  it('grading the stepped run decides every expect line as runScenario does', () => {
    for (const file of ['primary-backup-async-failover.fault', 'raft-leader-isolated.fault']) {
      const config = configOf(sample(file));
      const protocol = getProtocol(config.protocol.name)!;
      const run = travel(config);
      run.seek(700);
      const analysis = analyzeForDebugging(run, protocol, config);
      const report = runScenario(config, { maxTraceEvents: 1_000_000 });
      assert.deepEqual(analysis.report.expectations, report.expectations, file);
      assert.ok(analysis.report.expectations.some((e) => e.holds === false) || file.startsWith('raft'), 'the failover sample breaks');
      run.seek(700);
      assert.equal(run.cursor, 700, 'the cursor goes back after the analysis');
    }
  });

  it('an event range points at the trace events that event produced', () => {
    const run = travel(raft);
    run.seek(200);
    const { start, end } = run.eventTraceRange();
    assert.ok(end > start, 'event 200 traced something');
    for (let i = start; i < end; i++) assert.equal(run.traceSoFar[i]!.t, run.now);
  });
});

describe('forking a paused run by hand and saving it as a scenario', () => {
  const file = sample('raft-leader-isolated.fault');
  const name = 'raft: leader isolated';
  const config = configOf(file, name);

  it('a moment is printed exact to the microsecond, in seconds from 1s and in milliseconds below', () => {
    assert.equal(durationText(2_345_000), '2.345s');
    assert.equal(durationText(2_000_001), '2.000001s');
    assert.equal(durationText(3_000_000), '3s');
    assert.equal(durationText(500_000), '500ms');
    assert.equal(durationText(1), '1us');
  });

  it('an action that is not a fault line is refused with the forms that are', () => {
    const fork: ScenarioFork = { source: file, scenario: name, lines: [] };
    const unknownNode = compileAction(fork, 'crash n9', 1_000);
    assert.equal(unknownNode.ok, false);
    const junk = compileAction(fork, 'scenario "x" {', 1_000);
    assert.equal(junk.ok, false);
    assert.match(junk.ok ? '' : junk.error, /crash NODE/);
  });

  for (const actions of [['crash n2'], ['pause n3 for 300ms'], ['partition n1, n2 | n3', 'heal'], ['crash n1', 'restart n1'], ['skew n2 +200ms']]) {
    it(`a fork by "${actions.join('", then "')}" saved as a scenario replays to the same trace and verdicts`, () => {
      const run = travel(config);
      let fork: ScenarioFork = { source: file, scenario: name, lines: [] };
      let cursor = 900;
      for (const action of actions) {
        run.seek(cursor);
        const at = run.momentForAction();
        const compiled = compileAction(fork, action, at);
        assert.ok(compiled.ok, compiled.ok ? '' : compiled.error);
        run.act(compiled.fault);
        fork = { ...fork, lines: [...fork.lines, compiled.line] };
        cursor += 700;
      }
      const forked = run.finish();
      const saved = fileWithFork(fork);
      const replayConfig = configOf(saved, forkName({ ...fork, lines: [] }));
      const replay = runScenario(replayConfig, { maxTraceEvents: 1_000_000 });
      assert.deepEqual(withoutLines(forked.trace), withoutLines(replay.trace));
      assert.deepEqual(forked.history, replay.history);
      const original = runScenario(config, { maxTraceEvents: 1_000_000 });
      assert.notDeepEqual(withoutLines(original.trace), withoutLines(replay.trace), 'the action changed the run');
      // The fork's own verdicts (graded as runScenario grades) equal the replay's.
      const regraded = runScenario(replayConfig, { maxTraceEvents: 1_000_000 });
      assert.deepEqual(regraded.expectations, replay.expectations);
    });
  }

  it('with random crashes, partitions and pauses (their own random streams), a fork replays too', () => {
    const source = faultyClusterScenario('random faults', RAFT_PROTOCOL, 6);
    const random = configOf(source);
    const run = travel(random, 700);
    run.seek(4000);
    const before = stateAt(run);
    run.stepForward(900);
    run.stepBack(900);
    assert.equal(stateAt(run), before, 'step back is exact with random streams in flight');
    let fork: ScenarioFork = { source, scenario: 'random faults', lines: [] };
    const compiled = compileAction(fork, 'partition n1, n2 | n3, n4, n5', run.momentForAction());
    assert.ok(compiled.ok, compiled.ok ? '' : compiled.error);
    run.act(compiled.fault);
    fork = { ...fork, lines: [compiled.line] };
    const forked = run.finish();
    const replay = runScenario(configOf(fileWithFork(fork), forkName({ ...fork, lines: [] })), { maxTraceEvents: 1_000_000 });
    assert.deepEqual(withoutLines(forked.trace), withoutLines(replay.trace));
    assert.deepEqual(forked.history, replay.history);
  });

  it('stepping back past a manual fault and forward again replays it', () => {
    const run = travel(config);
    const fork: ScenarioFork = { source: file, scenario: name, lines: [] };
    run.seek(1000);
    const compiled = compileAction(fork, 'crash n3', run.momentForAction());
    assert.ok(compiled.ok);
    run.act(compiled.fault);
    run.seek(1800);
    const after = stateAt(run);
    run.seek(300);
    run.seek(1800);
    assert.equal(stateAt(run), after);
    assert.equal(run.view.isUp(2), false, 'n3 is down after the manual crash');
  });

  it('undo forgets a manual fault and returns to the original run', () => {
    const plain = travel(config);
    plain.seek(1800);
    const original = stateAt(plain);
    const run = travel(config);
    run.seek(1000);
    const compiled = compileAction({ source: file, scenario: name, lines: [] }, 'crash n3', run.momentForAction());
    assert.ok(compiled.ok);
    run.act(compiled.fault);
    run.seek(1800);
    run.undoTo(0);
    run.seek(1800);
    assert.equal(stateAt(run), original);
  });
});
