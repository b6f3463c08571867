// The debug adapter, driven over the Debug Adapter Protocol exactly as an editor drives it:
// `faultline dap` (the built CLI, bin/faultline) with @vscode/debugadapter-testsupport's client.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import { DEBUGGER_CURSOR_EVENT, isDebuggerCursor, type DebuggerCursor } from '../../core/debug/debugger-cursor.ts';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import { analyzeForDebugging } from '../../core/debug/run-analysis.ts';
import { getProtocol } from '../../core/protocols/registry.ts';
import { TimeTravelRun } from '../../core/sim/time-travel.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const samplePath = (file: string) => join(root, 'samples', file);
const FAILOVER = samplePath('primary-backup-async-failover.fault');
const RAFT = samplePath('raft-leader-isolated.fault');

/** 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} in ${file}`);
  return index + 1;
}

describe('faultline dap: the command', () => {
  it('refuses an option it does not know, with exit code 2 and what it accepts', () => {
    const result = spawnSync(join(root, 'bin', 'faultline'), ['dap', '--server=4711'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown option '--server=4711' \(only --stdio/);
  });
});

describe('faultline dap: the debug adapter over DAP', function () {
  this.timeout(60_000);
  let dc: DebugClient;

  beforeEach(async () => {
    dc = new DebugClient(join(root, 'bin', 'faultline'), 'dap', 'faultline', { cwd: root });
    await dc.start();
    await dc.initializeRequest({ adapterID: 'faultline', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  });
  afterEach(async () => {
    await dc.stop();
  });

  /** Launches with these line breakpoints and waits for the first stop. */
  async function launchTo(program: string, breakpoints: DebugProtocol.SourceBreakpoint[], launch: Record<string, unknown> = {}, filters: string[] = []): Promise<DebugProtocol.StoppedEvent> {
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.launchRequest({ program, ...launch } as DebugProtocol.LaunchRequestArguments);
    await dc.setBreakpointsRequest({ source: { path: program }, breakpoints });
    await dc.setExceptionBreakpointsRequest({ filters });
    await dc.configurationDoneRequest();
    return stopped;
  }
  async function value(expression: string, context = 'watch'): Promise<string> {
    return (await dc.evaluateRequest({ expression, context, frameId: 0 })).body.result;
  }
  async function after(request: Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
    const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await request;
    return stopped;
  }

  it('a breakpoint on `no split brain` stops at the very event the second primary appears', async () => {
    const line = lineOf(FAILOVER, 'no split brain');
    const compiled = compile(readFileSync(FAILOVER, 'utf8'));
    const config = compiled.config!;
    const protocol = getProtocol(config.protocol.name)!;
    const expected = analyzeForDebugging(new TimeTravelRun(config, protocol), protocol, config).expectationBreaks.get(line);
    assert.ok(expected !== undefined && expected > 0, 'the sample breaks `no split brain`');
    const stop = await launchTo(FAILOVER, [{ line }]);
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal(await value('event'), String(expected));
    assert.equal(await value('leaders'), '2', 'two primaries after this event');
    await after(dc.stepBackRequest({ threadId: 1 }));
    assert.equal(await value('leaders'), '1', 'one primary just before it');
  });

  it('a conditional breakpoint stops when its condition becomes true, and not before', async () => {
    const stop = await launchTo(RAFT, [{ line: lineOf(RAFT, 'nodes n1, n2, n3'), condition: 'n2.role == "leader"' }], {}, []);
    assert.equal(stop.body.reason, 'data breakpoint');
    assert.equal(await value('n2.role'), '"leader"');
    assert.equal(await value('leaders >= 1'), 'true');
    await after(dc.stepBackRequest({ threadId: 1 }));
    assert.notEqual(await value('n2.role'), '"leader"', 'one event earlier n2 did not lead yet');
  });

  it('step back then next returns the identical state', async () => {
    await launchTo(RAFT, [{ line: lineOf(RAFT, 'at 2s partition') }]);
    await after(dc.nextRequest({ threadId: 1 }));
    await after(dc.nextRequest({ threadId: 1 }));
    const probe = ['event', 'now', 'n1', 'n2', 'n3', 'inFlight', 'ops'];
    const before = await Promise.all(probe.map((e) => value(e)));
    await after(dc.stepBackRequest({ threadId: 1 }));
    assert.notDeepEqual(await Promise.all(probe.map((e) => value(e))), before, 'stepping back changed the cursor');
    await after(dc.nextRequest({ threadId: 1 }));
    assert.deepEqual(await Promise.all(probe.map((e) => value(e))), before);
  });

  it('the Variables view shows each Raft node with its log entries and terms', async () => {
    await launchTo(RAFT, [{ line: lineOf(RAFT, 'at 2s partition') }]);
    const frames = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames;
    assert.ok(frames.length >= 1);
    const scopes = (await dc.scopesRequest({ frameId: frames[0]!.id })).body.scopes;
    const nodesScope = scopes.find((s) => s.name === 'Nodes')!;
    const nodes = (await dc.variablesRequest({ variablesReference: nodesScope.variablesReference })).body.variables;
    assert.deepEqual(nodes.map((n) => n.name), ['n1', 'n2', 'n3']);
    const n1 = (await dc.variablesRequest({ variablesReference: nodes[0]!.variablesReference })).body.variables;
    const log = n1.find((v) => v.name === 'log')!;
    assert.ok(log, `n1 has a log: ${n1.map((v) => v.name).join(', ')}`);
    const logFields = (await dc.variablesRequest({ variablesReference: log.variablesReference })).body.variables;
    const entries = logFields.find((v) => v.name === 'entries')!;
    const items = (await dc.variablesRequest({ variablesReference: entries.variablesReference })).body.variables;
    assert.ok(items.length > 5, 'by 2s the leader has replicated client writes');
    assert.equal(items[0]!.name, '[1]', "Raft's log is 1-based");
    assert.match(items[items.length - 1]!.value, /term: \d+/);
    assert.ok(n1.some((v) => v.name === 'commitIndex'));
  });

  it('reverse continue goes back from the heal to the partition', async () => {
    const partition = lineOf(RAFT, 'at 2s partition');
    const heal = lineOf(RAFT, 'at 5s heal');
    await launchTo(RAFT, [{ line: partition }, { line: heal }]);
    assert.equal(await value('now'), '2000000');
    await after(dc.continueRequest({ threadId: 1 }));
    assert.equal(await value('now'), '5000000');
    const back = await after(dc.reverseContinueRequest({ threadId: 1 }));
    assert.equal(back.body.reason, 'breakpoint');
    assert.equal(await value('now'), '2000000');
    const top = (await dc.stackTraceRequest({ threadId: 1 })).body.stackFrames[0]!;
    assert.equal(top.line, partition, 'the top frame points at the fault line');
  });

  it('every stop tells a view of the same run where the cursor is (time, event, forked actions)', async () => {
    const cursors: DebuggerCursor[] = [];
    dc.on(DEBUGGER_CURSOR_EVENT, (event: DebugProtocol.Event) => cursors.push(event.body as DebuggerCursor));
    await launchTo(RAFT, [{ line: lineOf(RAFT, 'at 2s partition') }]);
    const atPartition = cursors[cursors.length - 1]!;
    assert.ok(isDebuggerCursor(atPartition));
    assert.deepEqual({ ...atPartition, event: 0 }, { program: RAFT, scenario: 'raft: leader isolated', seed: atPartition.seed, t: 2_000_000, event: 0, forked: 0 });
    assert.equal(String(atPartition.event), await value('event'));
    await after(dc.nextRequest({ threadId: 1 }));
    assert.equal(cursors[cursors.length - 1]!.event, atPartition.event + 1, 'one event later');
    await after(dc.evaluateRequest({ expression: 'crash n2', context: 'repl', frameId: 0 }));
    assert.equal(cursors[cursors.length - 1]!.forked, 1, 'an action by hand marks the run forked');
  });

  it('a crash typed in the console forks the run, and the saved scenario replays it', async () => {
    const stop = await launchTo(RAFT, [{ line: lineOf(RAFT, 'at 2s partition') }]);
    assert.equal(stop.body.reason, 'breakpoint');
    const forked = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const answer = await value('crash n2', 'repl');
    assert.match(answer, /^at 2\.\d+s crash n2/);
    assert.match((await forked).body.text ?? '', /forked: at 2\.\d+s crash n2/);
    const saved = (await dc.customRequest('saveAsScenario')).body as { name: string; fileText: string };
    const ended = await after(dc.continueRequest({ threadId: 1 }));
    assert.equal(ended.body.reason, 'end');
    const events = Number(await value('event'));
    const ops = Number(await value('ops'));
    const replay = runScenario(compile(saved.fileText, saved.name).config!);
    assert.equal(events, replay.stats.events);
    assert.equal(ops, replay.history.length);
    const original = runScenario(compile(readFileSync(RAFT, 'utf8')).config!);
    assert.notEqual(replay.stats.events, original.stats.events, 'the crash changed the run');
  });

  it('the split brain exception filter stops where two primaries both have writes accepted', async () => {
    const stop = await launchTo(FAILOVER, [], {}, ['split-brain']);
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.text ?? '', /split brain/);
    assert.equal(await value('leaders'), '2');
  });

  it('a hit count stops at the third operation of a client line; a logpoint prints and runs on', async () => {
    const output: string[] = [];
    dc.on('output', (event: DebugProtocol.OutputEvent) => output.push(event.body.output));
    const writeLine = lineOf(RAFT, 'write x every 100ms');
    const partition = lineOf(RAFT, 'at 2s partition');
    const stop = await launchTo(RAFT, [{ line: writeLine, hitCondition: '3' }, { line: partition, logMessage: 'cut at {now}, n1 is {n1.role}' }]);
    assert.equal(stop.body.reason, 'breakpoint');
    assert.deepEqual(stop.body.hitBreakpointIds?.length, 1);
    const first = Number(await value('event'));
    const threads = (await dc.threadsRequest()).body.threads;
    assert.equal(threads.find((t) => t.id === stop.body.threadId)?.name, 'alice (client)', 'the stop is on the client thread');
    const top = (await dc.stackTraceRequest({ threadId: stop.body.threadId! })).body.stackFrames[0]!;
    assert.match(top.name, /alice: operation #\d+ (invoke|ok|fail|info)/);
    assert.equal(top.line, writeLine);
    await after(dc.continueRequest({ threadId: 1 }));
    assert.ok(Number(await value('event')) > first, 'the next hit is later');
    // Run past the partition: the logpoint prints without stopping there.
    await dc.setBreakpointsRequest({ source: { path: RAFT }, breakpoints: [{ line: partition, logMessage: 'cut at {now}, n1 is {n1.role}' }] });
    const ended = await after(dc.continueRequest({ threadId: 1 }));
    assert.equal(ended.body.reason, 'end');
    assert.ok(output.some((line) => line.includes('cut at 2000000, n1 is "leader"')), output.join(''));
  });

  it('an action that is not a fault line is answered with the forms that are', async () => {
    await launchTo(RAFT, [], { stopOnEntry: true });
    assert.match(await value('crash n9', 'repl'), /n9/);
    // Without `next` or a send time a message action names no message: the answer says how to write one.
    assert.match(await value('deliver AppendEntries n1 -> n2', 'repl'), /Expected `sent at` and when the message was sent .*or `next` before the type/);
    assert.match(await value('drop next Vote n1 -> n2', 'repl'), /`raft` sends no `Vote` message\. .*AppendEntries/);
    assert.match(await value('drop #999999', 'repl'), /no message #999999 is on its way/);
  });

  it('`drop next AppendEntries n1 -> n2` in the console forks the run; the saved scenario has the line and replays it', async () => {
    const stop = await launchTo(RAFT, [{ line: lineOf(RAFT, 'write x every 100ms'), hitCondition: '3' }]);
    assert.equal(stop.body.reason, 'breakpoint');
    assert.equal(await value('n1.role'), '"leader"', 'n1 leads and sends AppendEntries to n2');
    const forked = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    const answer = await value('drop next AppendEntries n1 -> n2', 'repl');
    assert.match(answer, /^at \d+(\.\d+)?ms drop next AppendEntries n1 -> n2/);
    assert.match((await forked).body.text ?? '', /forked: at \d+(\.\d+)?ms drop next AppendEntries n1 -> n2/);
    const saved = (await dc.customRequest('saveAsScenario')).body as { name: string; fileText: string };
    const line = answer.split('   ')[0]!;
    assert.ok(saved.fileText.includes(`    ${line}\n`), saved.fileText);
    await dc.setBreakpointsRequest({ source: { path: RAFT }, breakpoints: [] });
    const ended = await after(dc.continueRequest({ threadId: 1 }));
    assert.equal(ended.body.reason, 'end');
    const events = Number(await value('event'));
    const ops = Number(await value('ops'));
    const compiled = compile(saved.fileText, saved.name);
    assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error'), []);
    const replay = runScenario(compiled.config!, { maxTraceEvents: 1_000_000 });
    assert.equal(events, replay.stats.events);
    assert.equal(ops, replay.history.length);
    const dropped = replay.trace.filter((e) => e.kind === 'drop' && e.reason === 'drop next');
    assert.equal(dropped.length, 1, 'exactly one message was taken by the line');
    assert.deepEqual([dropped[0]!.kind === 'drop' && dropped[0]!.type, dropped[0]!.kind === 'drop' && dropped[0]!.to], ['AppendEntries', 'n2']);
  });

  it('`drop #ID` on a message with an earlier one of its kind ahead of it writes a `sent at` line; the saved scenario drops exactly it', async () => {
    // Where two AppendEntries of one link are on their way at once, worked out on the same run.
    const config = compile(readFileSync(RAFT, 'utf8')).config!;
    const travel = new TimeTravelRun(config, getProtocol(config.protocol.name)!);
    let found: { event: number; id: number } | undefined;
    while (found === undefined && !travel.atEnd && travel.cursor < 20_000) {
      travel.stepForward(1);
      const onTheWay = travel.view.messagesInFlight().filter((m) => m.type === 'AppendEntries' && m.heldBy === undefined);
      const behind = onTheWay.find((m) => m.arriveAt > travel.now + 10 && onTheWay.some((o) => o.id < m.id && o.from === m.from && o.to === m.to && o.sentAt !== m.sentAt));
      if (behind !== undefined) found = { event: travel.cursor, id: behind.id };
    }
    assert.ok(found !== undefined, 'two AppendEntries of one link travel at once in this sample');
    const stop = await launchTo(RAFT, [{ line: lineOf(RAFT, 'nodes n1, n2, n3'), condition: `event == ${found.event}` }]);
    assert.equal(await value('event'), String(found.event), stop.body.reason);
    const answer = await value(`drop #${found.id}`, 'repl');
    assert.match(answer, /^at \S+ drop AppendEntries n\d -> n\d sent at \d+(\.\d+)?(s|ms|us)/);
    const saved = (await dc.customRequest('saveAsScenario')).body as { name: string; fileText: string };
    const replay = runScenario(compile(saved.fileText, saved.name).config!, { maxTraceEvents: 1_000_000 });
    const dropped = replay.trace.filter((e) => e.kind === 'drop' && e.reason === 'drop sent at');
    assert.deepEqual(dropped.map((e) => e.kind === 'drop' && e.msg), [found.id], 'the very message picked, not the one ahead of it');
  });
});
