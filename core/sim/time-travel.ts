// Time travel: a run you can drive. Step one event forward, run to a time or to the next event a
// predicate picks, and step BACK — exactly, not as an animation: every K events the controller
// keeps a checkpoint (a deep copy of the whole simulation: nodes' protocol state, clocks, timers,
// in-flight messages, the event queue, every random stream, the clients), and going back to event
// n restores the nearest checkpoint at or before n and re-runs the few events in between. The run
// is deterministic, so the re-run is the run.
//
// Actions taken by hand at the cursor (crash a node, cut links, ...) fork the run: they are faults
// the caller compiled from `.fault` text (core/debug/scenario-fork.ts), queued at a moment chosen
// so that the saved scenario replays the fork event for event (see `act`). The future past the
// cursor is forgotten and re-run on demand.
//
// The engine's loop is untouched: stepping uses `Engine.advance` (its ordinary loop with a
// nearer event budget), and the per-event bookkeeping rides on the observer hook the loop already
// calls. A normal `runScenario` pays nothing for any of this.

import type { ScheduledFault, SimConfig, Micros } from '../types/sim-config.ts';
import type { TraceEvent } from '../types/trace.ts';
import type { History } from '../types/history.ts';
import type { RunStats } from '../types/report.ts';
import { Engine, type AnyProtocol, type EngineResult } from './engine.ts';
import { deepCopy } from './deep-copy.ts';
import type { SimView } from './observer.ts';
import { GRADING_EVENT_CAP } from './trace-log.ts';
import { LogWithFuture } from './log-with-future.ts';

/** Events between checkpoints by default: re-running that many takes a few milliseconds. */
export const DEFAULT_CHECKPOINT_EVERY = 5_000;
/** Checkpoints kept at most; past it every other one is dropped and the spacing doubles. */
export const MAX_CHECKPOINTS = 512;
/** How far `act` may step to find a free microsecond after the cursor (events at one instant). */
const MAX_EVENTS_TO_A_FREE_MOMENT = 100_000;

export type TimeTravelOptions = {
  /** The run's event budget (default: the config is trusted to end; 5,000,000). */
  maxEvents?: number;
  checkpointEvery?: number;
  /** Trace cap; the default keeps every event (up to the trace's grading cap). */
  maxTraceEvents?: number;
};

/** A fault put in by hand: when (event count and time) and what, as compiled from its text. */
export type ManualFault = {
  /** Events processed when it was taken: it happens right after event `atEvent`. */
  atEvent: number;
  fault: ScheduledFault;
};

type Checkpoint = {
  eventCount: number;
  engine: Engine;
  traceLength: number;
  timelineLength: number;
  historyLength: number;
  /** How many manual faults the copy has already queued. */
  faultsQueued: number;
};

export class TimeTravelRun {
  readonly config: SimConfig;
  private engine: Engine;
  private checkpoints: Checkpoint[] = [];
  private checkpointEvery: number;
  private readonly maxEvents: number;
  /** The append-only logs every copy shares (deep-copy.ts), cut back on restore. */
  private readonly shared: Set<object>;
  /** What the protocol says never changes (shared by checkpoints, see Protocol.immutable). */
  private readonly immutable: ((value: object) => boolean) | undefined;
  private readonly trace: TraceEvent[];
  private readonly timeline: unknown[];
  private readonly history: History;
  /** The three logs with what stepping back cut off (log-with-future.ts). */
  private readonly logs: { trace: LogWithFuture<TraceEvent>; timeline: LogWithFuture<unknown>; history: LogWithFuture<History[number]> };
  /** Per event n (1-based, index n): global time and trace length after it, in this timeline. */
  private times = new Float64Array(1024);
  private traceEnds = new Int32Array(1024);
  private historyEnds = new Int32Array(1024);
  /** Events of this timeline recorded in `times`/`traceEnds` (the furthest point reached). */
  private known = 0;
  private faults: ManualFault[] = [];
  private faultsQueued = 0;
  private stoppedBy: RunStats['stoppedBy'] | undefined;
  private result: EngineResult | undefined;

  constructor(config: SimConfig, protocol: AnyProtocol, options: TimeTravelOptions = {}) {
    this.config = config;
    this.maxEvents = Math.max(0, Math.floor(options.maxEvents ?? 5_000_000));
    this.checkpointEvery = Math.max(1, Math.floor(options.checkpointEvery ?? DEFAULT_CHECKPOINT_EVERY));
    this.engine = new Engine(config, protocol, {
      maxEvents: this.maxEvents,
      recordTrace: true,
      maxTraceEvents: options.maxTraceEvents ?? GRADING_EVENT_CAP,
      traceMessages: true,
      // A message fault line taken by hand picks a message sent before it: label them all.
      watchMessages: true,
      // Copies of the engine share this function (deep-copy.ts): it reads the copy it is given.
      observer: (view) => this.record(view),
    });
    this.trace = this.engine.trace.events;
    this.timeline = this.engine.timeline as unknown[];
    this.history = this.engine.history;
    this.logs = { trace: new LogWithFuture(this.trace), timeline: new LogWithFuture(this.timeline), history: new LogWithFuture(this.history) };
    this.immutable = protocol.immutable?.bind(protocol);
    this.shared = new Set<object>([config, protocol, this.trace, this.timeline, this.history]);
    this.engine.start();
    this.keepCheckpoint();
  }

  // ---- where the cursor is ----------------------------------------------------------------------

  /** Events processed so far: the cursor. 0 is the moment after start, before any event. */
  get cursor(): number {
    return this.engine.eventCount;
  }
  /** Global time of the last event processed (0 at the start). */
  get now(): Micros {
    return this.engine.now;
  }
  /** Read access to every node at the cursor (do not mutate what it returns). */
  get view(): Engine {
    return this.engine;
  }
  /** True when no event is left (the run ended or spent its budget). */
  get atEnd(): boolean {
    return this.engine.nextEventTime() === Infinity || this.engine.eventCount >= this.maxEvents;
  }
  /** The trace up to the cursor (shared: valid until the next move). */
  get traceSoFar(): readonly TraceEvent[] {
    return this.trace;
  }
  get historySoFar(): History {
    return this.history;
  }
  get manualFaults(): readonly ManualFault[] {
    return this.faults;
  }
  /** Trace events the event at the cursor produced: [start, end) in `traceSoFar`. */
  eventTraceRange(): { start: number; end: number } {
    const n = this.cursor;
    if (n === 0) return { start: 0, end: this.trace.length };
    return { start: this.traceEnds[n - 1]!, end: this.traceEnds[n]! };
  }
  /**
   * The event whose handling recorded trace event `index`; 0 for start(). Answers for any event of
   * this timeline reached so far (`knownEvents`), past the cursor too: their trace lengths stay valid
   * until a fork forgets them.
   */
  eventOfTraceIndex(index: number): number {
    let low = 0;
    let high = this.known;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.traceEnds[mid]! <= index) low = mid + 1;
      else high = mid;
    }
    return low;
  }
  /** Trace events event n produced ([start, end) in `traceSoFar`), for n ≤ the cursor. */
  traceRangeOf(n: number): { start: number; end: number } {
    if (n <= 0) return { start: 0, end: this.traceEnds[0]! };
    return { start: this.traceEnds[n - 1]!, end: this.traceEnds[n]! };
  }
  /**
   * Per event n (index n, 0 = after start) of this timeline as far as it is known: its time, and
   * the trace and history lengths after it. Copies: they outlive later moves.
   */
  eventColumns(): { times: Float64Array; traceEnds: Int32Array; historyEnds: Int32Array } {
    const count = this.known + 1;
    return { times: this.times.slice(0, count), traceEnds: this.traceEnds.slice(0, count), historyEnds: this.historyEnds.slice(0, count) };
  }
  /** The last event before the cursor that recorded something in the trace (0 when none). */
  previousVisibleEvent(): number {
    for (let n = this.cursor - 1; n >= 1; n--) if (this.traceEnds[n]! > this.traceEnds[n - 1]!) return n;
    return 0;
  }
  /** Time of event n of this timeline, when it has been reached (else undefined). */
  timeOfEvent(n: number): Micros | undefined {
    return n >= 1 && n <= this.known ? this.times[n] : undefined;
  }
  /** Events known in this timeline (the furthest the cursor has been since the last fork). */
  get knownEvents(): number {
    return this.known;
  }
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  // ---- moving -----------------------------------------------------------------------------------

  /** Steps `count` events forward (fewer at the end). Returns how many were processed. */
  stepForward(count = 1): number {
    const before = this.cursor;
    this.advanceTo(before + Math.max(0, Math.floor(count)));
    return this.cursor - before;
  }

  /** Steps `count` events back (to 0 at most). Returns how many. */
  stepBack(count = 1): number {
    const before = this.cursor;
    this.seek(Math.max(0, before - Math.max(0, Math.floor(count))));
    return before - this.cursor;
  }

  /**
   * Puts the cursor after event `target` (clamped to the run): forward from here when it lies
   * ahead, else from the nearest checkpoint at or before it. Exact both ways.
   */
  seek(target: number): void {
    target = Math.max(0, Math.floor(target));
    if (target < this.cursor || (this.result !== undefined && target !== this.cursor)) this.restore(target);
    else if (this.canJumpTo(this.checkpointAtOrBefore(target))) this.restore(target);
    this.advanceTo(target);
  }

  /**
   * Steps forward until `stop` says so after an event (checked after each one), or the run ends,
   * or `limit` events went by. Returns true when `stop` matched.
   */
  runUntil(stop: (view: SimView) => boolean, limit = Infinity): boolean {
    const end = this.cursor + limit;
    while (this.cursor < end && !this.atEnd) {
      this.advanceTo(this.cursor + 1);
      if (stop(this.engine)) return true;
    }
    return false;
  }

  /** Steps forward through every event at or before `timeUs`. */
  runToTime(timeUs: Micros): void {
    while (!this.atEnd && this.engine.nextEventTime() <= timeUs) this.advanceTo(this.cursor + 1);
  }

  /**
   * The last event before the cursor after which `matches` holds, searched backward one checkpoint
   * segment at a time (each re-run once); the cursor ends there, or stays when none matched.
   * Returns whether one did.
   */
  reverseUntil(matches: (view: SimView) => boolean): boolean {
    const from = this.cursor;
    let segmentEnd = from;
    while (segmentEnd > 0) {
      const checkpoint = this.checkpointAtOrBefore(segmentEnd - 1);
      this.restore(checkpoint.eventCount);
      let found = -1;
      if (checkpoint.eventCount > 0 && matches(this.engine)) found = checkpoint.eventCount;
      while (this.cursor < segmentEnd - 1) {
        this.advanceTo(this.cursor + 1);
        if (matches(this.engine)) found = this.cursor;
      }
      if (found >= 0) {
        this.seek(found);
        return true;
      }
      segmentEnd = checkpoint.eventCount;
    }
    this.seek(from);
    return false;
  }

  /** Runs to the end and returns the engine's result (history, trace, timeline, stats). */
  finish(): EngineResult {
    if (this.result !== undefined) return this.result;
    this.advanceTo(Infinity);
    this.result = this.engine.finish(this.stoppedBy ?? 'end');
    return this.result;
  }

  /**
   * The body of message `id`, sent while event `event` was handled (1 ≤ event ≤ knownEvents): that
   * one event is re-run from the moment before it with the engine told to keep that message's body
   * (Engine.capturedId); the cursor is left after `event` (the caller puts it back: it may have
   * more to read nearby first). Exact — the re-run is the run — and it finds messages the network
   * lost as they were sent, which no in-flight table holds. Undefined when the event sent no such
   * message.
   */
  sentBody(id: number, event: number): { body: unknown } | undefined {
    this.seek(event - 1);
    if (this.cursor !== event - 1) return undefined;
    const engine = this.engine;
    engine.capturedId = id;
    engine.captured = undefined;
    this.advanceTo(event);
    const captured = engine.captured;
    // A checkpoint kept at `event` copied the request: it must not keep the body alive.
    for (const checkpoint of this.checkpoints) {
      checkpoint.engine.capturedId = -1;
      checkpoint.engine.captured = undefined;
    }
    engine.capturedId = -1;
    engine.captured = undefined;
    return captured;
  }

  // ---- forking ----------------------------------------------------------------------------------

  /**
   * The moment a fault taken at the cursor happens: the first round moment after the last event
   * (a whole millisecond when one is free, else a tenth of one, ..., else the next microsecond)
   * before which no other event is queued. A saved scenario queues the fault from the start, so
   * at its moment it comes first; nothing else may be due at that moment or before it for the
   * fork to equal the replay. When the next event is due in the very next microsecond, the cursor
   * steps over it first (events of one instant cannot be split by a fault line).
   */
  momentForAction(): Micros {
    this.unfinish();
    for (let steps = 0; steps <= MAX_EVENTS_TO_A_FREE_MOMENT; steps++) {
      const last = this.engine.now;
      const next = this.engine.nextEventTime();
      for (const unit of [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1]) {
        const moment = (Math.floor(last / unit) + 1) * unit;
        if (moment < next && moment <= this.config.runForUs) return moment;
      }
      if (this.atEnd) break;
      this.advanceTo(this.cursor + 1);
    }
    throw new Error('no free moment for an action before the end of the run');
  }

  /**
   * Forks the run at the cursor with a fault compiled from text (its `atUs` must be
   * `momentForAction()`): the future past the cursor is forgotten, the fault is queued, and a
   * checkpoint at the cursor keeps it.
   */
  act(fault: ScheduledFault): void {
    this.unfinish();
    const at = this.cursor;
    if (fault.atUs <= this.engine.now || fault.atUs >= this.engine.nextEventTime()) {
      throw new Error(`a fault taken at event ${at} must fall between its time and the next event's (got ${fault.atUs}µs)`);
    }
    // Manual faults after the cursor belong to the forgotten future.
    this.faults = this.faults.filter((f) => f.atEvent <= at);
    this.faults.push({ atEvent: at, fault });
    this.checkpoints = this.checkpoints.filter((c) => c.eventCount <= at);
    this.known = at;
    this.forgetFuture();
    this.stoppedBy = undefined;
    this.queueDueFaults();
    this.keepCheckpoint();
  }

  /** Forgets the manual faults after the first `count` (undo), re-running from before them. */
  undoTo(count: number): void {
    if (count >= this.faults.length) return;
    const firstUndone = this.faults[count]!.atEvent;
    const cursor = this.cursor;
    this.faults = this.faults.slice(0, count);
    // A checkpoint that queued an undone fault is of the forgotten fork.
    this.checkpoints = this.checkpoints.filter((c) => c.faultsQueued <= count);
    this.known = Math.min(this.known, firstUndone);
    this.restore(Math.min(cursor, firstUndone));
    this.forgetFuture();
    this.advanceTo(cursor);
  }

  // ---- internals --------------------------------------------------------------------------------

  /** After `finish` the live engine has closed its clients' operations: take it back to the cursor. */
  private unfinish(): void {
    if (this.result === undefined) return;
    const cursor = this.cursor;
    this.restore(cursor);
    this.advanceTo(cursor);
  }

  /** Runs forward to event `target` (or the end), keeping checkpoints and queuing manual faults. */
  private advanceTo(target: number): void {
    if (this.result !== undefined) return;
    for (;;) {
      const engine = this.engine;
      const cursor = engine.eventCount;
      if (cursor >= target || cursor >= this.maxEvents) return;
      let stop = Math.min(target, this.maxEvents, this.lastCheckpoint().eventCount + this.checkpointEvery);
      const nextFault = this.faults[this.faultsQueued];
      if (nextFault !== undefined && nextFault.atEvent > cursor) stop = Math.min(stop, nextFault.atEvent);
      const stoppedBy = engine.advance(stop);
      if (stoppedBy === 'end') {
        this.stoppedBy = 'end';
        return;
      }
      if (engine.eventCount >= this.maxEvents) this.stoppedBy = 'event-budget';
      this.queueDueFaults();
      if (engine.eventCount === this.lastCheckpoint().eventCount + this.checkpointEvery) this.keepCheckpoint();
    }
  }

  private queueDueFaults(): void {
    while (this.faultsQueued < this.faults.length && this.faults[this.faultsQueued]!.atEvent === this.engine.eventCount) {
      const { fault } = this.faults[this.faultsQueued++]!;
      this.engine.scheduleFault(fault.atUs, { kind: 'scheduled', fault });
    }
  }

  /** Per-event bookkeeping, called by the engine after each event (and once after start). */
  private record(view: SimView): void {
    const n = view.eventCount;
    if (n >= this.times.length) {
      const times = new Float64Array(this.times.length * 2);
      times.set(this.times);
      this.times = times;
      const ends = new Int32Array(this.traceEnds.length * 2);
      ends.set(this.traceEnds);
      this.traceEnds = ends;
      const historyEnds = new Int32Array(this.historyEnds.length * 2);
      historyEnds.set(this.historyEnds);
      this.historyEnds = historyEnds;
    }
    this.times[n] = view.now;
    this.traceEnds[n] = this.trace.length;
    this.historyEnds[n] = this.history.length;
    if (n > this.known) this.known = n;
  }

  /** A checkpoint ahead of the cursor whose logs the cut-off future still holds. */
  private canJumpTo(checkpoint: Checkpoint): boolean {
    if (checkpoint.eventCount <= this.cursor || this.result !== undefined) return false;
    const { trace, timeline, history } = this.logs;
    return trace.canExtendTo(checkpoint.traceLength) && timeline.canExtendTo(checkpoint.timelineLength) && history.canExtendTo(checkpoint.historyLength);
  }

  private forgetFuture(): void {
    this.logs.trace.forgetFuture();
    this.logs.timeline.forgetFuture();
    this.logs.history.forgetFuture();
  }

  private lastCheckpoint(): Checkpoint {
    return this.checkpoints[this.checkpoints.length - 1]!;
  }

  private checkpointAtOrBefore(eventCount: number): Checkpoint {
    let found = this.checkpoints[0]!;
    for (const checkpoint of this.checkpoints) {
      if (checkpoint.eventCount > eventCount) break;
      found = checkpoint;
    }
    return found;
  }

  private keepCheckpoint(): void {
    const engine = this.engine;
    const checkpoint: Checkpoint = {
      eventCount: engine.eventCount,
      engine: deepCopy(engine, this.shared, this.immutable),
      traceLength: this.trace.length,
      timelineLength: this.timeline.length,
      historyLength: this.history.length,
      faultsQueued: this.faultsQueued,
    };
    // Two checkpoints may share an event count: before and after a manual fault (undo needs both).
    this.checkpoints.push(checkpoint);
    if (this.checkpoints.length > MAX_CHECKPOINTS) {
      // Thin out: keep the first and every other one after it, twice as far apart.
      this.checkpoints = this.checkpoints.filter((_, index) => index % 2 === 0);
      this.checkpointEvery *= 2;
    }
  }

  /** The live engine becomes a copy of the checkpoint for `target`, the logs cut back to it. */
  private restore(target: number): void {
    const checkpoint = this.checkpointAtOrBefore(target);
    this.engine = deepCopy(checkpoint.engine, this.shared, this.immutable);
    const { trace, timeline, history } = this.logs;
    if (checkpoint.traceLength > this.trace.length) {
      // Forward, to a checkpoint of this timeline: its logs come back from the future (canJumpTo).
      trace.extendTo(checkpoint.traceLength);
      timeline.extendTo(checkpoint.timelineLength);
      history.extendTo(checkpoint.historyLength);
    } else {
      trace.cutTo(checkpoint.traceLength);
      timeline.cutTo(checkpoint.timelineLength);
      history.cutTo(checkpoint.historyLength);
    }
    this.faultsQueued = checkpoint.faultsQueued;
    this.result = undefined;
    this.stoppedBy = undefined;
  }
}
