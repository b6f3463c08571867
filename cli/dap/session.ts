// The Faultline debug adapter (Debug Adapter Protocol): a `.fault` scenario debugs like a program
// whose execution is a distributed run. Threads are the nodes (and clients); one step is one
// event; the stack is the event and its causal chain; variables are every node's state, what is
// in flight, the clocks and the history so far. Stepping back is exact: the time-travel core
// (core/sim/time-travel.ts) restores a checkpoint and re-runs. Console actions (`crash n2`,
// `partition n1 | n2, n3`, `heal`) fork the run; "save as scenario" writes the fork as `.fault`.
//
// Every request answers from the run at the cursor; nothing here changes how a run behaves.

import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { DebugSession, Event, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { compile } from '../../core/language/index.ts';
import { getProtocol } from '../../core/protocols/registry.ts';
import { TimeTravelRun } from '../../core/sim/time-travel.ts';
import { isSeed, MAX_SEED } from '../../core/sim/seed-text.ts';
import type { AnyProtocol } from '../../core/sim/engine.ts';
import { analyzeForDebugging, findRaftSafetyBreak, type RunAnalysis } from '../../core/debug/run-analysis.ts';
import { MANUAL_ACTION_FORMS, MESSAGE_ACTIONS, messageActionFor, type MessageAction, type ScenarioFork } from '../../core/debug/scenario-fork.ts';
import { HandActions, type SavedFork } from '../../core/debug/hand-actions.ts';
import { evaluate, evaluateText, ExpressionError, truthy } from '../../core/debug/expression.ts';
import { leadingNodes, nodeView, simScope } from '../../core/debug/sim-scope.ts';
import { formatMicros } from '../../core/sim/format-micros.ts';
import { DEBUGGER_CURSOR_EVENT, type DebuggerCursor } from '../../core/debug/debugger-cursor.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';
import { makeBreakpoint, nextAfter, placeBreakpoints, previousBefore, type BreakpointSpec, type LineBreakpoint } from './breakpoints.ts';
import { causalChain, describeEvent, type EventFrame } from './event-frames.ts';
import { VariableStore, preview } from './variables.ts';

export type LaunchArguments = DebugProtocol.LaunchRequestArguments & {
  program?: string;
  scenario?: string;
  seed?: number;
  stopOnEntry?: boolean;
};

/** Exception breakpoint filters: stop where the run goes wrong, whatever the breakpoints say. */
const EXCEPTION_FILTERS: DebugProtocol.ExceptionBreakpointsFilter[] = [
  { filter: 'expectation', label: 'Any expectation breaks', default: true },
  { filter: 'raft-safety', label: 'Raft safety violated', default: false },
  { filter: 'split-brain', label: 'Split brain', default: false },
];

/** Events a continue runs between two looks at a pause request (so `pause` is answered). */
const SLICE_EVENTS = 5_000;
/** Events a step may skip looking for one that did something visible. */
const MAX_SILENT_EVENTS = 100_000;
/** Client instances listed as threads at most (a `client web * 1000` would drown the view). */
const MAX_CLIENT_THREADS = 32;

type Loaded = {
  program: string;
  source: string;
  scenario: string;
  seed: number | undefined;
  /** The scenario's own config: breakpoints read its lines. */
  config: SimConfig;
  protocol: AnyProtocol;
  run: TimeTravelRun;
  analysis: RunAnalysis;
  /** The actions taken by hand (the same bookkeeping as the playground's). */
  hand: HandActions;
};

export class FaultlineDebugSession extends DebugSession {
  private loaded: Loaded | undefined;
  private launchArgs: LaunchArguments | undefined;
  private specs: BreakpointSpec[] = [];
  private breakpoints: LineBreakpoint[] = [];
  private nextBreakpointId = 1;
  private exceptionFilters = new Set<string>(['expectation']);
  private readonly variables = new VariableStore();
  private frames: EventFrame[] = [];
  private pauseRequested = false;
  private running = false;
  private linesStartAt1 = true;
  /** The thread the last stop was reported on: its stack is the event's causal chain. */
  private stoppedThread = 1;

  constructor() {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse, args: DebugProtocol.InitializeRequestArguments): void {
    this.linesStartAt1 = args.linesStartAt1 ?? true;
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsStepBack: true,
      supportsRestartRequest: true,
      supportsEvaluateForHovers: true,
      supportsTerminateRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS,
    };
    this.sendResponse(response);
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: LaunchArguments): Promise<void> {
    this.launchArgs = args;
    const failure = await this.load(args);
    if (failure !== undefined) {
      this.sendErrorResponse(response, 1, failure);
      return;
    }
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  /** Reads, compiles and analyses the scenario; returns what went wrong, in words. */
  private async load(args: LaunchArguments): Promise<string | undefined> {
    if (typeof args.program !== 'string' || args.program === '') return 'launch needs "program": the .fault file to debug';
    let source: string;
    try {
      source = await readFile(args.program, 'utf8');
    } catch (error) {
      return `${args.program}: cannot read it (${(error as Error).message})`;
    }
    const compiled = compile(source, args.scenario);
    if (compiled.config === null) {
      if (args.scenario !== undefined && !compiled.scenarios.includes(args.scenario)) {
        return `${basename(args.program)}: no scenario named "${args.scenario}"; scenarios: ${compiled.scenarios.map((s) => `"${s}"`).join(', ') || 'none'}`;
      }
      const first = compiled.diagnostics.find((d) => d.severity === 'error');
      return `${basename(args.program)}: the scenario has errors${first === undefined ? '' : ` (line ${first.range.start.line + 1}: ${first.message})`}; fix them to debug it`;
    }
    if (args.seed !== undefined && !isSeed(args.seed)) return `seed must be a whole number from 0 to ${MAX_SEED} (got ${String(args.seed)})`;
    const config = args.seed === undefined ? compiled.config : { ...compiled.config, seed: args.seed };
    const protocol = getProtocol(config.protocol.name);
    if (protocol === undefined) return `the ${config.protocol.name} protocol cannot be simulated yet`;
    const scenario = config.scenario;
    const fork: ScenarioFork = args.seed === undefined ? { source, scenario, lines: [] } : { source, scenario, lines: [], seed: args.seed };
    // The run is driven to its end once (checkpoints all along) and graded; then back to the start.
    const run = new TimeTravelRun(config, protocol);
    const analysis = analyzeForDebugging(run, protocol, config);
    run.seek(0);
    this.loaded = { program: args.program, source, scenario, seed: args.seed, config, protocol, run, analysis, hand: new HandActions(fork) };
    this.rebuildBreakpoints();
    return undefined;
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.sendResponse(response);
    if (this.loaded === undefined) return;
    if (this.launchArgs?.stopOnEntry === true) this.stopped('entry', 'the run is about to start');
    else void this.continueRun();
  }

  // ---- breakpoints ------------------------------------------------------------------------------

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const program = this.loaded?.program ?? this.launchArgs?.program;
    if (program !== undefined && args.source.path !== undefined && resolve(args.source.path) !== resolve(program)) {
      // Another file: only the debugged scenario's lines act in this run.
      response.body = {
        breakpoints: (args.breakpoints ?? []).map((bp) => ({ verified: false, line: bp.line, message: `only ${basename(program)} is being debugged` })),
      };
      this.sendResponse(response);
      return;
    }
    this.specs = (args.breakpoints ?? []).map((bp) => {
      const spec: BreakpointSpec = { line: this.toFileLine(bp.line) };
      if (bp.condition !== undefined) spec.condition = bp.condition;
      if (bp.hitCondition !== undefined) spec.hitCondition = bp.hitCondition;
      if (bp.logMessage !== undefined) spec.logMessage = bp.logMessage;
      return spec;
    });
    this.rebuildBreakpoints();
    response.body = {
      breakpoints: this.breakpoints.map((bp) => {
        const result: DebugProtocol.Breakpoint = { id: bp.id, verified: bp.verified, line: this.toClientLine(bp.line) };
        if (bp.message !== undefined) result.message = bp.message;
        return result;
      }),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.exceptionFilters = new Set(args.filters);
    this.sendResponse(response);
  }

  private rebuildBreakpoints(): void {
    const loaded = this.loaded;
    if (loaded === undefined) {
      // Before launch the lines cannot be classified yet; they are when the scenario is loaded.
      this.breakpoints = this.specs.map((spec) => ({ id: this.nextBreakpointId++, line: spec.line, kind: 'watch', hits: 0, lastValue: false, events: [], verified: true }));
      return;
    }
    const previous = new Map(this.breakpoints.map((bp) => [bp.line, bp.id]));
    this.breakpoints = this.specs.map((spec) => makeBreakpoint(previous.get(spec.line) ?? this.nextBreakpointId++, spec, loaded.config));
    placeBreakpoints(this.breakpoints, loaded.analysis, loaded.config);
  }

  /** Event numbers where an exception filter stops. */
  private exceptionEvents(): Array<{ event: number; text: string }> {
    const loaded = this.loaded!;
    const found: Array<{ event: number; text: string }> = [];
    if (this.exceptionFilters.has('expectation')) {
      for (const result of loaded.analysis.report.expectations) {
        const event = loaded.analysis.expectationBreaks.get(result.line);
        if (event !== undefined) found.push({ event, text: `expect ${result.text} (line ${result.line}) breaks: ${result.summary}` });
      }
    }
    if (this.exceptionFilters.has('raft-safety') && !loaded.analysis.raftSafetyChecked) {
      const raft = findRaftSafetyBreak(this.replayConfig(), loaded.protocol);
      loaded.analysis.raftSafetyChecked = true;
      loaded.analysis.raftSafetyBreak = raft?.event;
    }
    if (this.exceptionFilters.has('raft-safety') && loaded.analysis.raftSafetyBreak !== undefined) {
      found.push({ event: loaded.analysis.raftSafetyBreak, text: 'raft safety violated' });
    }
    if (this.exceptionFilters.has('split-brain') && loaded.analysis.splitBrainBreak !== undefined) {
      found.push({ event: loaded.analysis.splitBrainBreak, text: 'split brain: two nodes act as leader at once' });
    }
    return found;
  }

  // ---- running ----------------------------------------------------------------------------------

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    response.body = { allThreadsContinued: true };
    this.sendResponse(response);
    void this.continueRun();
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.pauseRequested = true;
    this.sendResponse(response);
    if (!this.running) this.stopped('pause', 'paused');
  }

  /**
   * Runs forward to the next event where a breakpoint or exception filter stops. Breakpoints
   * whose events are known are jumped to; watches (conditions on other lines) are tested after
   * every event in between. Runs in slices so that a pause request is seen.
   */
  private async continueRun(): Promise<void> {
    const loaded = this.loaded;
    if (loaded === undefined) return;
    const run = loaded.run;
    this.running = true;
    this.pauseRequested = false;
    const watches = this.breakpoints.filter((bp) => bp.kind === 'watch' && bp.verified && bp.condition !== undefined);
    for (const watch of watches) watch.lastValue = this.conditionHolds(watch);
    try {
      for (;;) {
        if (run.atEnd) {
          // The end closes the clients' open operations (indeterminate), as a run's report does.
          run.finish();
          this.stopped('end', `the run ended at ${formatMicros(run.now)} after ${run.cursor} events`);
          return;
        }
        const target = this.nextTriggerAfter(run.cursor);
        if (watches.length === 0) {
          const stop = Math.min(target, run.cursor + SLICE_EVENTS * 20);
          run.seek(stop === Infinity ? Number.MAX_SAFE_INTEGER : stop);
        } else {
          const sliceEnd = Math.min(target, run.cursor + SLICE_EVENTS);
          let hit: LineBreakpoint | undefined;
          while (run.cursor < sliceEnd && !run.atEnd && hit === undefined) {
            run.stepForward(1);
            hit = this.firstWatchHit(watches);
          }
          if (hit !== undefined) {
            this.stopped('data breakpoint', `${hit.conditionText ?? 'condition'} became true`, [hit.id]);
            return;
          }
        }
        if (run.cursor === target) {
          const stop = this.triggersAt(run.cursor);
          if (stop !== undefined) {
            this.stopped(stop.reason, stop.text, stop.ids);
            return;
          }
        }
        if (this.pauseRequested) {
          this.stopped('pause', 'paused');
          return;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
  }

  private nextTriggerAfter(cursor: number): number {
    let next = Infinity;
    for (const bp of this.breakpoints) if (bp.verified && bp.kind !== 'watch') next = Math.min(next, nextAfter(bp.events, cursor));
    for (const { event } of this.exceptionEvents()) if (event > cursor) next = Math.min(next, event);
    return next;
  }

  private previousTriggerBefore(cursor: number): number {
    let previous = -1;
    for (const bp of this.breakpoints) if (bp.verified && bp.kind !== 'watch') previous = Math.max(previous, previousBefore(bp.events, cursor));
    for (const { event } of this.exceptionEvents()) if (event < cursor) previous = Math.max(previous, event);
    return previous;
  }

  /**
   * What stops at this event: breakpoints whose trigger it is (with their conditions and hit
   * counts; logpoints print and go on) and exception filters. Undefined: run on.
   */
  private triggersAt(event: number, countHits = true): { reason: string; text: string; ids: number[] } | undefined {
    const ids: number[] = [];
    const texts: string[] = [];
    for (const bp of this.breakpoints) {
      if (!bp.verified || bp.kind === 'watch' || !bp.events.includes(event)) continue;
      if (bp.condition !== undefined && !this.conditionHolds(bp)) continue;
      if (countHits) bp.hits++;
      if (bp.hitsNeeded !== undefined && bp.hits < bp.hitsNeeded) continue;
      if (bp.logMessage !== undefined) {
        this.sendEvent(new OutputEvent(`${this.interpolate(bp.logMessage)}\n`, 'console'));
        continue;
      }
      ids.push(bp.id);
      texts.push(`line ${bp.line} (${bp.kind})`);
    }
    const exceptions = this.exceptionEvents().filter((e) => e.event === event);
    if (ids.length > 0) return { reason: 'breakpoint', text: texts.join(', '), ids };
    if (exceptions.length > 0) return { reason: 'exception', text: exceptions.map((e) => e.text).join('; '), ids: [] };
    return undefined;
  }

  private firstWatchHit(watches: LineBreakpoint[]): LineBreakpoint | undefined {
    let hit: LineBreakpoint | undefined;
    for (const watch of watches) {
      const now = this.conditionHolds(watch);
      const rose = now && !watch.lastValue;
      watch.lastValue = now;
      if (!rose || hit !== undefined) continue;
      watch.hits++;
      if (watch.hitsNeeded !== undefined && watch.hits < watch.hitsNeeded) continue;
      if (watch.logMessage !== undefined) {
        this.sendEvent(new OutputEvent(`${this.interpolate(watch.logMessage)}\n`, 'console'));
        continue;
      }
      hit = watch;
    }
    return hit;
  }

  private conditionHolds(bp: LineBreakpoint): boolean {
    if (bp.condition === undefined) return true;
    try {
      return truthy(evaluate(bp.condition, simScope(this.loaded!.run.view)));
    } catch {
      return false; // a name that does not exist yet (a crashed node's field) reads as false
    }
  }

  /** A logpoint's text with each {expression} replaced by its value. */
  private interpolate(message: string): string {
    return message.replace(/\{([^{}]{1,200})\}/g, (_, text: string) => {
      try {
        return preview(evaluateText(text, simScope(this.loaded!.run.view)));
      } catch (error) {
        return `<${(error as Error).message}>`;
      }
    });
  }

  // ---- stepping ---------------------------------------------------------------------------------

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.sendResponse(response);
    this.stepVisible(1);
    this.stopped('step', undefined);
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sendResponse(response);
    // Into the effects of this event: the next event that handles a message it sent.
    const run = this.loaded!.run;
    const { start, end } = run.eventTraceRange();
    const sent = new Set<number>();
    for (let i = start; i < end; i++) {
      const event = run.traceSoFar[i]!;
      if (event.kind === 'send') sent.add(event.msg);
    }
    if (sent.size === 0) this.stepVisible(1);
    else {
      run.runUntil(() => {
        const range = run.eventTraceRange();
        for (let i = range.start; i < range.end; i++) {
          const event = run.traceSoFar[i]!;
          if ((event.kind === 'deliver' || event.kind === 'drop') && sent.has(event.msg)) return true;
        }
        return false;
      }, MAX_SILENT_EVENTS);
    }
    this.stopped('step', undefined);
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sendResponse(response);
    // Out to the next event of a different node (or client).
    const loaded = this.loaded!;
    const actor = this.currentActor();
    loaded.run.runUntil(() => {
      const actorNow = this.currentActor();
      return actorNow !== undefined && actorNow !== actor;
    }, MAX_SILENT_EVENTS);
    this.stopped('step', undefined);
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sendResponse(response);
    const run = this.loaded!.run;
    run.seek(run.previousVisibleEvent());
    this.stopped('step', undefined);
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sendResponse(response);
    const run = this.loaded!.run;
    const previous = this.previousTriggerBefore(run.cursor);
    if (previous < 0) {
      run.seek(0);
      this.stopped('entry', 'back at the start of the run');
      return;
    }
    run.seek(previous);
    const stop = this.triggersAt(previous, false);
    this.stopped(stop?.reason ?? 'breakpoint', stop?.text, stop?.ids);
  }

  protected override restartRequest(response: DebugProtocol.RestartResponse): void {
    void (async () => {
      const failure = this.launchArgs === undefined ? 'nothing to restart' : await this.load(this.launchArgs);
      if (failure !== undefined) this.sendErrorResponse(response, 2, failure);
      else {
        this.sendResponse(response);
        if (this.launchArgs?.stopOnEntry === true) this.stopped('entry', 'the run is about to start');
        else void this.continueRun();
      }
    })();
  }

  protected override terminateRequest(response: DebugProtocol.TerminateResponse): void {
    this.sendResponse(response);
    this.sendEvent(new TerminatedEvent());
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse): void {
    this.loaded = undefined;
    this.sendResponse(response);
  }

  /** Steps until an event that did something visible (a re-armed timer's void wake-up is not). */
  private stepVisible(count: number): void {
    const run = this.loaded!.run;
    for (let i = 0; i < count; i++) {
      for (let skipped = 0; skipped < MAX_SILENT_EVENTS && !run.atEnd; skipped++) {
        run.stepForward(1);
        const { start, end } = run.eventTraceRange();
        if (end > start) break;
      }
    }
  }

  private currentActor(): string | undefined {
    const run = this.loaded!.run;
    const { start, end } = run.eventTraceRange();
    return describeEvent(run.traceSoFar.slice(start, end), this.loaded!.config).actor;
  }

  private stopped(reason: string, text: string | undefined, hitBreakpointIds: number[] = []): void {
    this.variables.reset();
    this.frames = [];
    this.stoppedThread = this.loaded === undefined ? 1 : this.threadIdOf(this.currentActor());
    const event = new StoppedEvent(reason, this.stoppedThread) as DebugProtocol.StoppedEvent;
    event.body.allThreadsStopped = true;
    if (text !== undefined) event.body.text = text;
    if (hitBreakpointIds.length > 0) event.body.hitBreakpointIds = hitBreakpointIds;
    const run = this.loaded?.run;
    if (run !== undefined) event.body.description = `event ${run.cursor} @ ${formatMicros(run.now)}${text === undefined ? '' : `: ${text}`}`;
    const loaded = this.loaded;
    if (loaded !== undefined) {
      // For a view of the same run (the playground): where the cursor now is. Sent before the
      // stop, so a client that acts on the stop already knows it.
      const cursor: DebuggerCursor = { program: loaded.program, scenario: loaded.scenario, seed: loaded.config.seed, t: loaded.run.now, event: loaded.run.cursor, forked: loaded.hand.count };
      this.sendEvent(new Event(DEBUGGER_CURSOR_EVENT, cursor));
    }
    this.sendEvent(event);
  }

  // ---- what a stopped run shows -----------------------------------------------------------------

  private actors(): string[] {
    const loaded = this.loaded;
    if (loaded === undefined) return [];
    const clients: string[] = [];
    for (const client of loaded.config.clients) {
      const count = Math.max(1, Math.floor(client.count));
      for (let i = 1; i <= count && clients.length < MAX_CLIENT_THREADS; i++) clients.push(count === 1 ? client.name : `${client.name}${i}`);
    }
    return [...loaded.config.nodes, ...clients];
  }

  private threadIdOf(actor: string | undefined): number {
    const index = actor === undefined ? -1 : this.actors().indexOf(actor);
    return index < 0 ? 1 : index + 1;
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const loaded = this.loaded;
    response.body = {
      threads: this.actors().map((actor, i) => {
        const node = loaded?.run.view.nodeIndex(actor) ?? -1;
        const role = node >= 0 ? String(nodeView(loaded!.run.view, node)['role'] ?? '') : 'client';
        return new Thread(i + 1, role === '' ? actor : `${actor} (${role})`);
      }),
    };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const loaded = this.loaded;
    if (loaded === undefined) {
      response.body = { stackFrames: [], totalFrames: 0 };
      this.sendResponse(response);
      return;
    }
    const run = loaded.run;
    const actor = this.actors()[args.threadId - 1];
    if (this.frames.length === 0) this.frames = causalChain(run, loaded.config, (client, op) => this.clientLine(client, op));
    const source = new Source(basename(loaded.program), loaded.program);
    let frames: StackFrame[];
    if (actor !== undefined && args.threadId !== this.stoppedThread) {
      // Another thread: what it is doing now, not the event in hand.
      const node = run.view.nodeIndex(actor);
      const summary = node >= 0 ? preview(pick(nodeView(run.view, node), ['role', 'term', 'leader', 'commitIndex', 'up'])) : 'client';
      frames = [new StackFrame(10_000 + args.threadId, `${actor}: ${summary}`)];
    } else {
      frames = this.frames.map((frame, i) => {
        const stackFrame = new StackFrame(i, `#${frame.event} ${frame.name}`, frame.line === undefined ? undefined : source, frame.line === undefined ? 0 : this.toClientLine(frame.line), 1);
        if (frame.line === undefined) (stackFrame as DebugProtocol.StackFrame).presentationHint = 'subtle';
        return stackFrame;
      });
      if (frames.length === 0) frames = [new StackFrame(0, `#${run.cursor} start`)];
    }
    const start = args.startFrame ?? 0;
    const levels = args.levels ?? frames.length;
    response.body = { stackFrames: frames.slice(start, start + levels), totalFrames: frames.length };
    this.sendResponse(response);
  }

  private clientLine(client: string, op: number): number | undefined {
    const loaded = this.loaded!;
    const entry = loaded.run.historySoFar[op];
    for (const spec of loaded.config.clients) {
      if (client !== spec.name && !client.startsWith(spec.name)) continue;
      const line = spec.ops.find((o) => entry === undefined || (o.op === entry.f && (entry.key === undefined || o.keys.includes(entry.key))))?.line;
      if (line !== undefined) return line;
    }
    return undefined;
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const loaded = this.loaded;
    if (loaded === undefined) {
      response.body = { scopes: [] };
      this.sendResponse(response);
      return;
    }
    const run = loaded.run;
    const engine = run.view;
    const v = this.variables;
    const scopes: Scope[] = [];
    const frame = this.frames[args.frameId];
    if (frame !== undefined) scopes.push(new Scope(`Event #${frame.event}`, v.group(() => frame.traceEvents.map((e, i) => v.variable(`${i}: ${e.kind}`, e))), false));
    scopes.push(
      new Scope('Nodes', v.group(() => engine.nodes.map((name, i) => v.variable(name, nodeState(engine, i)))), false),
      new Scope(
        'In flight',
        v.group(() => engine.messagesInFlight().slice(0, 500).map((m) => v.variable(`#${m.id} ${m.type} ${m.from} → ${m.to}`, { sentAt: m.sentAt, arriveAt: m.arriveAt, heldBy: m.heldBy, body: m.body }))),
        false,
      ),
      new Scope(
        'Clocks',
        v.group(() =>
          engine.nodes.map((name, i) => v.variable(name, { local: engine.localTime(i), skewFromGlobal: engine.localTime(i) - engine.now, timers: engine.armedTimers(i) })),
        ),
        false,
      ),
      new Scope('History', v.group(() => v.children(v.referenceFor(run.historySoFar.slice(-500)))), true),
      new Scope(
        'Run',
        v.group(() => [
          v.variable('event', run.cursor),
          v.variable('now', formatMicros(run.now)),
          v.variable('leaders', leadingNodes(engine)),
          v.variable('seed', loaded.config.seed),
          v.variable('manual faults', [...loaded.hand.lines]),
        ]),
        false,
      ),
    );
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    response.body = { variables: this.variables.children(args.variablesReference) };
    this.sendResponse(response);
  }

  // ---- evaluate: watches, hovers, and the console's actions -------------------------------------

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const loaded = this.loaded;
    if (loaded === undefined) {
      this.sendErrorResponse(response, 3, 'no scenario is being debugged');
      return;
    }
    const text = args.expression.trim();
    if (args.context === 'repl') {
      const command = this.consoleCommand(text);
      if (command !== undefined) {
        response.body = { result: command, variablesReference: 0 };
        this.sendResponse(response);
        return;
      }
    }
    try {
      const value = evaluateText(text, simScope(loaded.run.view));
      response.body = { result: preview(value), variablesReference: this.variables.referenceFor(value) };
      this.sendResponse(response);
    } catch (error) {
      const message = error instanceof ExpressionError ? error.message : `cannot evaluate: ${(error as Error).message}`;
      this.sendErrorResponse(response, 4, message);
    }
  }

  /** Console words that act instead of evaluating; undefined when `text` is an expression. */
  private consoleCommand(text: string): string | undefined {
    const word = /^[a-z]+/.exec(text)?.[0] ?? '';
    if (text === 'help') {
      return `Actions at the cursor: ${MANUAL_ACTION_FORMS.join(', ')} (or drop|duplicate|deliver #ID, delay #ID by DURATION for a message in flight); undo; save as scenario. Anything else is an expression: n1.role == "leader", n2.commitIndex > 40, leaders > 1.`;
    }
    if (text === 'save' || text === 'save as scenario') return this.saveAsScenario().scenarioText;
    if (text === 'undo') return this.undo();
    if ((MESSAGE_ACTIONS as readonly string[]).includes(word)) {
      // `drop #42`, `delay #42 by 200ms`: a message listed under "in flight", by its number.
      const shorthand = /^([a-z]+)\s+#(\d+)(?:\s+by\s+(\S+))?$/.exec(text);
      if (shorthand === null) return this.act(text);
      // The action's moment first (it may step over the events of one instant): the line is
      // written for the messages on their way then, as the playground does.
      const moment = HandActions.momentAt(this.loaded!.run);
      if (!moment.ok) return moment.error;
      const choice = messageActionFor(this.loaded!.run.view.messagesInFlight(), Number(shorthand[2]), word as MessageAction, shorthand[3]);
      return choice.ok ? this.act(choice.action) : choice.error;
    }
    if (['crash', 'restart', 'pause', 'partition', 'heal', 'skew'].includes(word)) return this.act(text);
    return undefined;
  }

  /** Forks the run at the cursor with a fault line; the breakpoints' events follow the new run. */
  private act(action: string): string {
    const loaded = this.loaded!;
    const run = loaded.run;
    const moment = HandActions.momentAt(run);
    if (!moment.ok) return moment.error;
    const taken = loaded.hand.take(run, action, moment.at);
    if (!taken.ok) return taken.error;
    this.reanalyze();
    this.stopped('step', `forked: ${taken.line}`);
    return `${taken.line}   (the run is forked from event ${run.cursor}; "save as scenario" writes it, "undo" takes it back)`;
  }

  private undo(): string {
    const loaded = this.loaded!;
    const undone = loaded.hand.undo(loaded.run);
    if (undone === undefined) return 'nothing to undo: no action was taken by hand';
    this.reanalyze();
    this.stopped('step', `undone: ${undone}`);
    return `undone: ${undone}`;
  }

  /**
   * Grades the forked run (driven to its end from the cursor, then back). The Raft monitor's own
   * run replays the scenario's faults plus the manual ones, stable-sorted by time as the compiler
   * sorts a file's faults: the same run.
   */
  private reanalyze(): void {
    const loaded = this.loaded!;
    const cursor = loaded.run.cursor;
    loaded.analysis = analyzeForDebugging(loaded.run, loaded.protocol, this.replayConfig());
    loaded.run.seek(cursor);
    placeBreakpoints(this.breakpoints, loaded.analysis, loaded.config);
  }

  /** The scenario's config with the manual faults in it, stable-sorted by time as the compiler sorts a file's. */
  private replayConfig(): SimConfig {
    const loaded = this.loaded!;
    return loaded.hand.replayConfig(loaded.config);
  }

  private saveAsScenario(): SavedFork {
    return this.loaded!.hand.saved();
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    if (this.loaded === undefined) {
      this.sendErrorResponse(response, 3, 'no scenario is being debugged');
      return;
    }
    if (command === 'saveAsScenario') {
      response.body = this.saveAsScenario();
      this.sendResponse(response);
      return;
    }
    if (command === 'action') {
      const text = typeof (args as { action?: unknown })?.action === 'string' ? (args as { action: string }).action : '';
      response.body = { result: this.consoleCommand(text) ?? `'${text}' is not an action: ${MANUAL_ACTION_FORMS.join(', ')}` };
      this.sendResponse(response);
      return;
    }
    if (command === 'cursor') {
      const run = this.loaded.run;
      response.body = { event: run.cursor, now: run.now, scenario: this.loaded.scenario, manual: [...this.loaded.hand.lines] };
      this.sendResponse(response);
      return;
    }
    super.customRequest(command, response, args);
  }

  private toFileLine(clientLine: number): number {
    return this.linesStartAt1 ? clientLine : clientLine + 1;
  }
  private toClientLine(fileLine: number): number {
    return this.linesStartAt1 ? fileLine : fileLine - 1;
  }
}

/** A node's state for the Variables view: the protocol's state, with up/paused beside it. */
function nodeState(engine: TimeTravelRun['view'], index: number): unknown {
  if (!engine.isUp(index)) return { up: false, durable: engine.durableState(index) };
  const state = engine.protocolState(index);
  return engine.isPaused(index) ? { paused: true, ...(state as object) } : state;
}

function pick(record: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (record[key] !== undefined) out[key] = record[key];
  return out;
}
