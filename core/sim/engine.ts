// The discrete-event simulator: one loop that pops the earliest event, applies it, and lets the
// protocol's handlers answer with effects that the engine turns into new events. Nothing here reads
// a wall clock or Math.random: time is the event queue's, randomness comes from named streams
// (prng.ts), and so the same config and seed replay the same run, event for event.
//
// Node faults, as the engine applies them:
// - crash: the node stops; its volatile state is gone, `protocol.durable(state)` is kept; every
//   armed timer is void; messages arriving while it is down are dropped ("receiver down").
// - restart: `protocol.restart(durable)` builds a new state; volatile state starts empty.
// - pause: the process is frozen (a GC pause, SIGSTOP, a VM migration): it handles nothing, its
//   clock keeps running, and what arrives (messages, due timers) waits in order and is handled
//   when it resumes — the classic way a leader wakes up still believing it leads.
// - clock jump: the node's clock reading steps (see clock.ts for what that does to timers).

import type { ClientReply, ClientRequest, Effect, NodeContext, Protocol } from './protocol.ts';
import type { ClientPlace, MessageEffect, Micros, SimConfig } from '../types/sim-config.ts';
import type { History, HistoryEvent } from '../types/history.ts';
import type { RunStats } from '../types/report.ts';
import type { TraceEvent } from '../types/trace.ts';
import { LocalClock } from './clock.ts';
import { EventQueue } from './event-queue.ts';
import { DEFAULT_MESSAGE_BYTES, Network } from './network.ts';
import { ANY_NODE, type Observer, type SimView } from './observer.ts';
import { streamFor, type Rng } from './prng.ts';
import { FaultInjector, type FaultEvent, type FaultHost } from './fault-injector.ts';
import { ClientPlacement, type Placement } from './client-placement.ts';
import type { Timeline } from './timeline.ts';
import { InFlightTable } from './in-flight.ts';
import { estimateStoredBytes, megabytes, MEMORY_CHECK_EVERY } from './memory-budget.ts';
import { interned } from './interned.ts';
import { objectList } from './object-list.ts';
import { TraceLog } from './trace-log.ts';
import type { MessageFaultAction, MessageRule } from './message-faults.ts';
import { formatMicros } from './format-micros.ts';
// Exact, as the scenario writes it: a `sent at` note must quote the microsecond its line names.
import { durationText as exactTimeText } from '../language/values.ts';
import { Workload, type WorkloadHost } from './workload/client.ts';

// Event kinds in the queue.
const EV_DELIVER = 1; // argA: receiving endpoint; argB: 1 when replayed after a pause; payload: in-flight record number
const EV_TIMER = 2; // argA: node; argB: timer generation; payload: timer name
const EV_FAULT = 3; // payload: FaultEvent
const EV_CLIENT = 4; // argA: client index; argB: the client's event code (workload/client.ts); payload: its data

/** What is left in the queue where a message fault line moved a message: nothing to do. */
const MESSAGE_MOVED: FaultEvent = { kind: 'message-moved' };
/** The reason a drop line's message is traced with: which form of the line took it. */
const DROP_NEXT = 'drop next';
const DROP_SENT_AT = 'drop sent at';

/**
 * One named timer of a node. Protocols re-arm some timers constantly (Raft resets its election
 * timer on every heartbeat), so a re-arm to a LATER time does not queue a new event: it moves
 * `due`, and the event already queued, when it comes, sees the timer is not due yet and queues
 * itself again at `due`. Only an earlier deadline queues a new event (voiding the old one by
 * generation). Same firing times, far less queue traffic.
 */
type TimerSlot = {
  armed: boolean;
  /** Global time the timer is due. */
  due: Micros;
  /** Time of the queued event that will look at this timer, or -1 when none is queued. */
  queuedAt: Micros;
  /** Generation of that queued event; older events for this name are void. */
  generation: number;
};

/** More client instances than this (per declaration) would only exhaust memory. */
const MAX_CLIENT_INSTANCES = 10_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProtocol = Protocol<any, any, any>;

/** The node indexes a client's place names: its node (`near n1`), or its region's nodes (`in eu`). */
function anchorsOf(place: ClientPlace | undefined, nodes: readonly string[], regions: Readonly<Record<string, string>>): number[] {
  if (place === undefined) return [];
  if ('near' in place) {
    const index = nodes.indexOf(place.near);
    return index < 0 ? [] : [index];
  }
  const anchors: number[] = [];
  nodes.forEach((node, index) => {
    if (regions[node] === place.region) anchors.push(index);
  });
  return anchors;
}

class SimNode {
  up = true;
  paused = false;
  pauseGeneration = 0;
  crashGeneration = 0;
  state: unknown = undefined;
  durable: unknown = undefined;
  /** The node's timers by name (see TimerSlot). */
  readonly timers = new Map<string, TimerSlot>();
  /** Arrivals and due timers held while paused, in arrival order. */
  backlog: Array<{ kind: number; argB: number; payload: unknown }> = [];
  /** The role, term and leader last put on the timeline (what the leader deciders read). */
  timelineRole: unknown = undefined;
  timelineTerm: unknown = undefined;
  timelineLeader: unknown = undefined;
  readonly ctx: { self: string; nodes: readonly string[]; options: NodeContext['options']; now: Micros; recording: boolean };

  constructor(
    readonly index: number,
    readonly name: string,
    readonly clock: LocalClock,
    readonly timerRng: Rng,
    nodes: readonly string[],
    options: NodeContext['options'],
    recording: boolean,
  ) {
    this.ctx = { self: name, nodes, options, now: 0, recording };
  }
}

export type EngineOptions = {
  maxEvents: number;
  /**
   * Memory budget in estimated bytes (memory-budget.ts): the run stops with 'memory-budget' once
   * what it stored is priced above it. Checked every MEMORY_CHECK_EVERY events. Default: none.
   */
  maxMemoryBytes?: number;
  recordTrace: boolean;
  maxTraceEvents: number;
  /** Keep message and timer events in the trace (default true); see TraceLog.messages. */
  traceMessages?: boolean;
  /**
   * Watch every message from the start, so message fault lines taken by hand later (time travel)
   * can pick one (see watchMessages). A config with such a line is watched anyway.
   */
  watchMessages?: boolean;
  observer?: Observer;
};

/** A message on its way, as a debugger shows it (Engine.messagesInFlight). */
export type InFlightMessage = {
  /** The trace's message id (the same copy of a duplicated message shares it). */
  id: number;
  from: string;
  to: string;
  type: string;
  body: unknown;
  /** When it arrives (global time); for a message held by a paused node, now. */
  arriveAt: Micros;
  /** When it was sent (global time): what a `sent at` line names it by. */
  sentAt: Micros;
  /** Set when the receiver is paused and the message waits in its backlog. */
  heldBy?: string;
};

export type EngineResult = {
  history: History;
  trace: TraceEvent[];
  timeline: Timeline;
  stats: RunStats;
};

export class Engine implements SimView, FaultHost, WorkloadHost {
  readonly nodes: readonly string[];
  now: Micros = 0;
  eventCount = 0;

  private readonly config: SimConfig;
  private readonly protocol: AnyProtocol;
  private readonly options: EngineOptions;
  private readonly queue = new EventQueue();
  private readonly simNodes: SimNode[];
  private readonly endpointNames: string[];
  private readonly endpointByName = new Map<string, number>();
  /** A client declaration's name (`web` of `client web * 100`) → its endpoints. */
  private readonly clientGroups = new Map<string, number[]>();
  private readonly network: Network;
  private readonly workload: Workload;
  readonly trace: TraceLog;
  readonly timeline: Timeline = objectList();
  private readonly faults: FaultInjector;
  /** Where handlers put their effects: an array of objects from the start (see objectList). */
  private readonly out: Effect<unknown>[] = objectList();
  private nextMessageId = 1;
  private readonly inFlight = new InFlightTable();
  private nextTimerGeneration = 1;
  private readonly stats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };
  /** Notes about the configuration itself, put at the head of the trace. */
  private readonly startupNotes: string[] = [];
  /**
   * Message fault lines waiting for the next message on their link (message-faults.ts); undefined
   * while messages are not watched, which is every run without such a line.
   */
  private messageRules: MessageRule[] | undefined = undefined;
  /**
   * The message inspector's look-up (core/debug/message-inspection.ts, via TimeTravelRun.sentBody):
   * the watched send of message `capturedId` keeps its body in `captured`. A message the network
   * loses as it is sent never reaches the in-flight table, so this is the one place its body is
   * seen. Read only on the watched path, where one comparison per send costs nothing measurable.
   */
  capturedId = -1;
  captured: { body: unknown } | undefined = undefined;

  constructor(config: SimConfig, protocol: AnyProtocol, options: EngineOptions) {
    this.config = config;
    this.protocol = protocol;
    this.options = options;
    // Shared copies (interned.ts): node names are compared on every send (the engine finds the
    // target, Raft finds the peer).
    this.nodes = config.nodes.map(interned);
    this.trace = new TraceLog(options.recordTrace, options.maxTraceEvents, options.traceMessages ?? true);

    // Endpoints: nodes first (index = node index), then every client instance.
    this.endpointNames = this.nodes.slice();
    this.nodes.forEach((name, index) => this.endpointByName.set(name, index));
    const clientInstances: Array<{ name: string; config: SimConfig['clients'][number] }> = [];
    const placements: Placement[] = [];
    /** A placed client's endpoint name → its first anchor's name (whose link settings it takes). */
    const linkHomes = new Map<string, string>();
    for (const client of config.clients) {
      const group: number[] = [];
      const count = Math.min(MAX_CLIENT_INSTANCES, Math.max(1, Math.floor(client.count)));
      if (client.count > MAX_CLIENT_INSTANCES) {
        this.startupNotes.push(`client ${client.name} * ${client.count}: only the first ${MAX_CLIENT_INSTANCES} instances are simulated`);
      }
      for (let i = 1; i <= count; i++) {
        const name = count === 1 ? client.name : `${client.name}${i}`;
        group.push(this.endpointNames.length);
        // A name already taken (a node, an earlier client) keeps its meaning in faults and links.
        if (!this.endpointByName.has(name)) this.endpointByName.set(name, this.endpointNames.length);
        const anchors = anchorsOf(client.place, this.nodes, config.network.regions);
        if (anchors.length > 0) {
          placements.push({ endpoint: this.endpointNames.length, anchors });
          linkHomes.set(name, this.nodes[anchors[0]!]!);
        }
        this.endpointNames.push(name);
        clientInstances.push({ name, config: client });
      }
      this.clientGroups.set(client.name, group);
    }
    this.network = new Network(config.network, this.endpointNames, config.seed, linkHomes);
    this.faults = new FaultInjector(config, this, this.network, new ClientPlacement(placements, this.nodes.length));

    const clockConfigs = new Map(config.clocks.map((clock) => [clock.node, clock]));
    this.simNodes = this.nodes.map((name, index) => {
      const clock = clockConfigs.get(name);
      return new SimNode(
        index,
        name,
        new LocalClock(clock?.skewUs ?? 0, clock?.driftPpm ?? 0),
        streamFor(config.seed, `timers:${name}`),
        this.nodes,
        config.protocol.options,
        this.trace.on,
      );
    });

    // The engine is its own WorkloadHost (methods, not closures over `this`), so a snapshot of the
    // engine (time-travel.ts) carries a workload that talks to the copy, not to the original.
    this.workload = new Workload(this, config.runForUs);
    clientInstances.forEach((instance) => {
      // A placed client first asks the node it sits beside.
      const home = linkHomes.get(instance.name);
      this.workload.addClient(instance.name, this.endpointByName.get(instance.name)!, instance.config, config.seed, home === undefined ? -1 : this.nodeIndex(home));
    });
    if (options.watchMessages === true || config.faults.some((fault) => fault.type === 'message')) this.watchMessages();
  }

  /**
   * From here on every send goes through `sendWatched`: it labels each message (a line picks one
   * by type, link and id) and hands it to a waiting message fault line. Installed as the
   * engine's own `send`, so a run without message lines keeps the plain `send` and pays nothing.
   */
  private watchMessages(): void {
    if (this.messageRules !== undefined) return;
    this.messageRules = [];
    (this as unknown as { send: Engine['sendWatched'] }).send = Engine.prototype.sendWatched;
  }

  // ---- SimView -------------------------------------------------------------------------------

  isUp(node: number): boolean {
    return this.simNodes[node]!.up;
  }
  isPaused(node: number): boolean {
    return this.simNodes[node]!.paused;
  }
  protocolState(node: number): unknown {
    return this.simNodes[node]!.state;
  }
  durableState(node: number): unknown {
    return this.simNodes[node]!.durable;
  }
  localTime(node: number): Micros {
    return this.simNodes[node]!.clock.read(this.now);
  }

  // ---- what a debugger reads (time-travel.ts); never called by the run itself ----------------

  /** Messages on their way (or held by a paused receiver), earliest arrival first. */
  messagesInFlight(): InFlightMessage[] {
    const found: Array<InFlightMessage & { seq: number }> = [];
    const m = this.inFlight;
    const describe = (record: number, arriveAt: Micros, seq: number, heldBy: string | undefined): void => {
      const message: InFlightMessage & { seq: number } = {
        id: m.id[record]!,
        from: this.endpointNames[m.from[record]!]!,
        to: this.endpointNames[m.to[record]!]!,
        type: m.type[record]!,
        body: m.body[record],
        arriveAt,
        sentAt: m.sentAt[record]!,
        seq,
      };
      if (heldBy !== undefined) message.heldBy = heldBy;
      found.push(message);
    };
    this.queue.forEachQueued((slot, time, seq) => {
      if (this.queue.kinds[slot] === EV_DELIVER) describe(this.queue.payloads[slot] as number, time, seq, undefined);
    });
    for (const node of this.simNodes) {
      node.backlog.forEach((item, position) => {
        if (item.kind === EV_DELIVER) describe(item.payload as number, this.now, -1 - position, node.name);
      });
    }
    found.sort((a, b) => a.arriveAt - b.arriveAt || a.seq - b.seq);
    return found.map(({ seq: _seq, ...message }) => message);
  }

  /** A node's armed timers: name and global due time. */
  armedTimers(node: number): Array<{ name: string; due: Micros }> {
    const timers: Array<{ name: string; due: Micros }> = [];
    for (const [name, slot] of this.simNodes[node]!.timers) if (slot.armed) timers.push({ name, due: slot.due });
    return timers;
  }

  /** Whether a cut (partition or link window) blocks messages from one endpoint to another now. */
  linkBlocked(from: string, to: string): boolean {
    const a = this.endpointByName.get(from);
    const b = this.endpointByName.get(to);
    return a !== undefined && b !== undefined && this.network.isBlocked(a, b);
  }

  /** The clients' history so far (the same array the result returns). */
  get history(): History {
    return this.workload.history;
  }

  // ---- WorkloadHost --------------------------------------------------------------------------

  get nodeNames(): readonly string[] {
    return this.nodes;
  }
  schedule(atUs: Micros, client: number, code: number, payload: unknown): void {
    this.queue.push(atUs, EV_CLIENT, client, code, payload);
  }
  traceClient(client: string, historyIndex: number, phase: HistoryEvent['type'], node?: string): void {
    if (!this.trace.on) return;
    const event: TraceEvent = { kind: 'client', t: this.now, client, op: historyIndex, phase };
    if (node !== undefined) event.node = node;
    this.trace.add(event);
  }

  // ---- the loop ------------------------------------------------------------------------------

  run(): EngineResult {
    this.start();
    return this.finish(this.loop(this.config.runForUs, this.options.maxEvents, this.options.observer));
  }

  /** Everything before the first event: nodes' init, scheduled faults, the clients' first ticks. */
  start(): void {
    for (const text of this.startupNotes) this.note(text);
    for (const node of this.simNodes) {
      node.ctx.now = node.clock.read(0);
      node.state = this.protocol.init(node.ctx, this.out);
      this.applyEffects(node);
    }
    this.faults.start();
    this.workload.start();
    const observer = this.options.observer;
    if (observer !== undefined) observer(this, ANY_NODE);
  }

  /**
   * Processes events until the run's end or until `eventCount` reaches `untilEventCount`: a
   * controlled run (time-travel.ts) steps with it; `run` goes in one call. 'event-budget' here
   * means only that the count was reached.
   */
  advance(untilEventCount: number): RunStats['stoppedBy'] {
    return this.loop(this.config.runForUs, Math.min(untilEventCount, this.options.maxEvents), this.options.observer);
  }

  /** Time of the next queued event within the run, or Infinity when the run has no more. */
  nextEventTime(): Micros {
    const t = this.queue.peekTime();
    return t > this.config.runForUs ? Infinity : t;
  }

  /** Ends the run: the budget note, the clients' open operations, the result. */
  finish(stoppedBy: RunStats['stoppedBy']): EngineResult {
    const runForUs = this.config.runForUs;
    const endUs = stoppedBy === 'end' ? runForUs : this.now;
    if (stoppedBy === 'event-budget') {
      this.trace.force({
        kind: 'note',
        t: this.now,
        text: `stopped after ${this.eventCount} events (the event budget) at ${this.now}µs of ${runForUs}µs: this report is partial`,
      });
    } else if (stoppedBy === 'memory-budget') {
      const h = this.workload.history.length;
      const t = this.trace.events.length;
      this.trace.force({
        kind: 'note',
        t: this.now,
        text: `stopped after ${this.eventCount} events (the memory budget: ${h} history and ${t} trace events stored, priced at ${megabytes(this.storedBytes())} of ${megabytes(this.options.maxMemoryBytes ?? Infinity)}) at ${this.now}µs of ${runForUs}µs: this report is partial`,
      });
    }
    this.now = endUs;
    if (this.trace.on && this.protocol.atEnd !== undefined) this.reportEnd(this.protocol.atEnd);
    this.workload.finish(endUs);
    return {
      history: this.workload.history,
      trace: this.trace.events,
      timeline: this.timeline,
      stats: {
        events: this.eventCount,
        simulatedUs: endUs,
        wallMs: 0,
        messages: { ...this.stats },
        stoppedBy,
      },
    };
  }

  /** Lets every running node state, for the trace, what it holds that its effects never showed. */
  private reportEnd(atEnd: NonNullable<AnyProtocol['atEnd']>): void {
    for (const node of this.simNodes) {
      if (!node.up) continue;
      node.ctx.now = node.clock.read(this.now);
      atEnd(node.state, node.ctx, this.out);
      this.applyEffects(node);
    }
  }

  /** What the run has stored so far, priced as memory-budget.ts says. */
  storedBytes(): number {
    return estimateStoredBytes({
      historyEvents: this.workload.history.length,
      traceEvents: this.trace.events.length,
      timelineEntries: this.timeline.length,
      queuedEvents: this.queue.size,
      links: this.network.linkCount,
    });
  }

  /**
   * The event count at which the loop next looks up from its work: the event budget, or the next
   * multiple of MEMORY_CHECK_EVERY when there is a memory budget. Multiples of a fixed step, not
   * "every N events from here", so a run driven in steps (time-travel.ts) checks where a run in one
   * go does and stops at the same event.
   */
  private nextCheckpoint(maxEvents: number): number {
    if (this.options.maxMemoryBytes === undefined) return maxEvents;
    return Math.min(maxEvents, (Math.floor(this.eventCount / MEMORY_CHECK_EVERY) + 1) * MEMORY_CHECK_EVERY);
  }

  /**
   * Pops and applies events until the run's end or a budget. Kept apart from `run`: V8
   * optimizes this loop while it runs (on-stack replacement), and code after the loop that has
   * never run would otherwise throw that optimized code away at the end of every run.
   */
  private loop(runForUs: Micros, maxEvents: number, observer: Observer | undefined): RunStats['stoppedBy'] {
    const queue = this.queue;
    // One comparison per event covers both budgets: the memory budget is looked at only when the
    // count reaches `checkAt` (see nextCheckpoint).
    let checkAt = this.nextCheckpoint(maxEvents);
    for (;;) {
      // The budget is checked first, but a run whose next event lies past its end has ended.
      if (this.eventCount >= checkAt) {
        if (this.eventCount >= maxEvents) return queue.peekTime() > runForUs ? 'end' : 'event-budget';
        if (this.storedBytes() > this.options.maxMemoryBytes!) return queue.peekTime() > runForUs ? 'end' : 'memory-budget';
        checkAt = this.nextCheckpoint(maxEvents);
      }
      const slot = queue.popUntil(runForUs);
      if (slot < 0) return 'end';
      // The queue keeps times in a Float64Array, and a number read from one is a heap-allocated
      // double: stored in `now`, it is then stored as a boxed double of its own in every history
      // event. The same value as an integer (when it is one: `| 0` changes any other) is stored
      // unboxed for the first 2^30 µs (about 18 minutes) of a run.
      const t = queue.poppedTime;
      const whole = t | 0;
      this.now = whole === t ? whole : t;
      this.eventCount++;
      const kind = queue.kinds[slot]!;
      const argA = queue.argA[slot]!;
      const argB = queue.argB[slot]!;
      const payload = queue.payloads[slot];
      queue.release(slot);
      switch (kind) {
        case EV_DELIVER:
          this.deliver(argA, argB, payload as number);
          break;
        case EV_TIMER:
          this.fireTimer(argA, argB, payload as string);
          break;
        case EV_CLIENT:
          this.workload.onEvent(this.now, argA, argB, payload);
          break;
        case EV_FAULT:
          this.faults.apply(payload as FaultEvent);
          break;
      }
      // Which node the event was for, worked out only when someone watches (see Observer).
      if (observer !== undefined) observer(this, kind === EV_FAULT ? ANY_NODE : kind === EV_CLIENT ? this.nodes.length + argA : argA);
    }
  }

  // ---- messages ------------------------------------------------------------------------------

  /**
   * Sends a message between two endpoints. What it is follows from them: from a client, a request;
   * from a node to a client, a reply (answering `requestId`); from a node to a node, a protocol
   * message.
   */
  /** `heartbeat`: a message with no news (Effect `send`); only its send event says so. */
  private send(from: number, to: number, type: string, body: unknown, requestId: number, bytes: number, heartbeat = false): void {
    const id = this.nextMessageId++;
    this.stats.sent++;
    const decision = this.network.route(from, to, this.now, bytes);
    if (decision.lost) return this.lostAtSend(id, from, to, type, decision.lostReason, heartbeat);
    const tracing = this.trace.messages;
    const arriveAt = decision.arriveAt;
    const duplicateAt = decision.duplicateAt;
    const record = this.inFlight.add(from, body, requestId);
    // Message tracing can stop during a run but never starts: a record that a later trace event
    // reads (deliver, drop on arrival) was sent while tracing, so it was labelled.
    if (tracing) this.inFlight.label(record, id, to, type, this.now);
    this.queue.push(arriveAt, EV_DELIVER, to, 0, record);
    if (tracing) {
      const event: TraceEvent = { kind: 'send', t: this.now, msg: id, from: this.endpointNames[from]!, to: this.endpointNames[to]!, type, deliverAt: arriveAt };
      if (heartbeat) event.heartbeat = true;
      this.trace.add(event);
    }
    if (duplicateAt >= 0) {
      this.stats.duplicated++;
      const copy = this.inFlight.add(from, body, requestId);
      if (tracing) this.inFlight.label(copy, id, to, type, this.now);
      this.queue.push(duplicateAt, EV_DELIVER, to, 0, copy);
      if (tracing) {
        this.trace.add({ kind: 'duplicate', t: this.now, msg: id, from: this.endpointNames[from]!, to: this.endpointNames[to]!, type, deliverAt: duplicateAt });
      }
    }
  }

  /** A message the network lost as it was sent: counted, and traced as a send and its drop. */
  private lostAtSend(id: number, from: number, to: number, type: string, reason: string, heartbeat: boolean): void {
    this.stats.dropped++;
    if (!this.trace.messages) return;
    const fromName = this.endpointNames[from]!;
    const toName = this.endpointNames[to]!;
    const send: TraceEvent = { kind: 'send', t: this.now, msg: id, from: fromName, to: toName, type };
    if (heartbeat) send.heartbeat = true;
    this.trace.add(send);
    this.trace.add({ kind: 'drop', t: this.now, msg: id, from: fromName, to: toName, type, reason });
  }

  /**
   * `send` while messages are watched (see watchMessages): the same decisions in the same order,
   * and every message labelled; a message fault line waiting for this one acts on it
   * (message-faults.ts).
   */
  private sendWatched(from: number, to: number, type: string, body: unknown, requestId: number, bytes: number, heartbeat = false): void {
    const rules = this.messageRules!;
    let rule: MessageRule | undefined;
    for (let i = 0; i < rules.length; i++) {
      const candidate = rules[i]!;
      if (candidate.from === from && candidate.to === to && candidate.messageType === type) {
        rule = candidate;
        break;
      }
    }
    const id = this.nextMessageId++;
    if (id === this.capturedId) this.captured = { body };
    this.stats.sent++;
    const decision = this.network.route(from, to, this.now, bytes);
    // A message lost at send never travels: a waiting line keeps waiting.
    if (decision.lost) return this.lostAtSend(id, from, to, type, decision.lostReason, heartbeat);
    const tracing = this.trace.messages;
    let arriveAt = decision.arriveAt;
    const duplicateAt = decision.duplicateAt;
    const record = this.inFlight.add(from, body, requestId);
    this.inFlight.label(record, id, to, type, this.now);
    if (rule !== undefined) {
      rules.splice(rules.indexOf(rule), 1);
      if (rule.effect === 'delay') arriveAt += rule.delayUs;
      else if (rule.effect === 'deliver') arriveAt = this.now;
    }
    if (rule?.effect === 'drop') this.queue.push(arriveAt, EV_FAULT, 0, 0, { kind: 'message-lost', record, line: rule.line, reason: DROP_NEXT } satisfies FaultEvent);
    else this.queue.push(arriveAt, EV_DELIVER, to, 0, record);
    if (tracing) {
      const event: TraceEvent = { kind: 'send', t: this.now, msg: id, from: this.endpointNames[from]!, to: this.endpointNames[to]!, type, deliverAt: arriveAt };
      if (rule !== undefined && rule.line !== undefined) event.line = rule.line;
      if (heartbeat) event.heartbeat = true;
      this.trace.add(event);
    }
    // The line waited for this message: say which one it took, as it does for one on its way.
    if (rule !== undefined) this.note(`${rule.text}: message ${id}, sent now, ${tookText(rule.effect, arriveAt, decision.arriveAt)}`, undefined, rule.line);
    if (rule?.effect === 'duplicate') this.duplicateInFlight(record, arriveAt, rule.line);
    if (duplicateAt >= 0) {
      this.stats.duplicated++;
      const copy = this.inFlight.add(from, body, requestId);
      this.inFlight.label(copy, id, to, type, this.now);
      this.queue.push(duplicateAt, EV_DELIVER, to, 0, copy);
      if (tracing) {
        this.trace.add({ kind: 'duplicate', t: this.now, msg: id, from: this.endpointNames[from]!, to: this.endpointNames[to]!, type, deliverAt: duplicateAt });
      }
    }
  }

  /** A second copy of a message in flight, arriving at `arriveAt` right after the first. */
  private duplicateInFlight(record: number, arriveAt: Micros, line: number | undefined): void {
    const m = this.inFlight;
    const copy = m.add(m.from[record]!, m.body[record], m.requestId[record]!);
    m.label(copy, m.id[record]!, m.to[record]!, m.type[record]!, m.sentAt[record]!);
    this.stats.duplicated++;
    this.queue.push(arriveAt, EV_DELIVER, m.to[record]!, 0, copy);
    if (this.trace.messages) {
      const event: TraceEvent = { kind: 'duplicate', t: this.now, msg: m.id[record]!, from: this.endpointNames[m.from[record]!]!, to: this.endpointNames[m.to[record]!]!, type: m.type[record]!, deliverAt: arriveAt };
      if (line !== undefined) event.line = line;
      this.trace.add(event);
    }
  }

  /**
   * A message fault line fires (message-faults.ts): it acts on the earliest-sent matching message
   * still on the network, or waits for the next one sent. A `sent at` line takes only the one
   * sent at that microsecond, and never waits.
   */
  messageFault(action: MessageFaultAction, line: number | undefined): void {
    const from = this.endpointByName.get(action.from);
    const to = this.endpointByName.get(action.to);
    const sentAt = action.sentAtUs;
    const what =
      sentAt === undefined
        ? `${action.effect} next ${action.messageType} ${action.from} -> ${action.to}`
        : `${action.effect} ${action.messageType} ${action.from} -> ${action.to} sent at ${exactTimeText(sentAt)}`;
    if (from === undefined || to === undefined) {
      this.note(`${what} ignored: no such node`, undefined, line);
      return;
    }
    // Watched from the start whenever such a line can fire (the constructor): every record is labelled.
    this.watchMessages();
    const queue = this.queue;
    const m = this.inFlight;
    let slot = -1;
    let slotId = Infinity;
    let slotSeq = Infinity;
    let slotTime = 0;
    queue.forEachQueued((candidate, time, seq) => {
      // A replayed arrival (argB 1) had reached its paused receiver: it is no longer on the network.
      if (queue.kinds[candidate] !== EV_DELIVER || queue.argB[candidate] !== 0 || queue.argA[candidate] !== to) return;
      const record = queue.payloads[candidate] as number;
      if (m.from[record] !== from || m.type[record] !== action.messageType) return;
      if (sentAt !== undefined && m.sentAt[record] !== sentAt) return;
      const id = m.id[record]!;
      if (id < slotId || (id === slotId && seq < slotSeq)) {
        slot = candidate;
        slotId = id;
        slotSeq = seq;
        slotTime = time;
      }
    });
    const delayUs = action.delayUs ?? 0;
    if (slot < 0 && sentAt !== undefined) {
      // The line named one message; any other would be a guess.
      this.note(`${what}: no such message is on its way, so nothing happens`, undefined, line);
      return;
    }
    if (slot < 0) {
      this.messageRules!.push({ effect: action.effect, messageType: action.messageType, from, to, delayUs, line, text: what });
      this.note(`${what}: none on its way, so the next one sent`, undefined, line);
      return;
    }
    const record = queue.payloads[slot] as number;
    switch (action.effect) {
      case 'drop':
        queue.retag(slot, EV_FAULT, { kind: 'message-lost', record, line, reason: sentAt === undefined ? DROP_NEXT : DROP_SENT_AT } satisfies FaultEvent);
        this.note(`${what}: message ${slotId} will not arrive (it was due at ${formatMicros(slotTime)})`, undefined, line);
        return;
      case 'duplicate':
        this.note(`${what}: message ${slotId} arrives twice at ${formatMicros(slotTime)}`, undefined, line);
        this.duplicateInFlight(record, slotTime, line);
        return;
      case 'delay':
        queue.retag(slot, EV_FAULT, MESSAGE_MOVED);
        queue.push(slotTime + delayUs, EV_DELIVER, to, 0, record);
        this.note(`${what}: message ${slotId} now arrives at ${formatMicros(slotTime + delayUs)} instead of ${formatMicros(slotTime)}`, undefined, line);
        return;
      case 'deliver':
        queue.retag(slot, EV_FAULT, MESSAGE_MOVED);
        this.note(`${what}: message ${slotId} arrives now (it was due at ${formatMicros(slotTime)})`, undefined, line);
        this.deliver(to, 0, record);
        return;
    }
  }

  /** A message a drop line took: it does not arrive. `reason`: the line's form (`drop next`, `drop sent at`). */
  loseMessage(record: number, line: number | undefined, reason: string): void {
    this.stats.dropped++;
    if (this.trace.messages) {
      const m = this.inFlight;
      const event: TraceEvent = { kind: 'drop', t: this.now, msg: m.id[record]!, from: this.endpointNames[m.from[record]!]!, to: this.endpointNames[m.to[record]!]!, type: m.type[record]!, reason };
      if (line !== undefined) event.line = line;
      this.trace.add(event);
    }
    this.inFlight.release(record);
  }

  sendRequest(client: number, node: number, request: ClientRequest): void {
    const clientEndpoint = this.nodes.length + client;
    this.send(clientEndpoint, node, 'ClientRequest', request, request.requestId, DEFAULT_MESSAGE_BYTES);
  }

  private dropOnArrival(record: number, reason: string): void {
    this.stats.dropped++;
    if (this.trace.messages) {
      const m = this.inFlight;
      this.trace.add({ kind: 'drop', t: this.now, msg: m.id[record]!, from: this.endpointNames[m.from[record]!]!, to: this.endpointNames[m.to[record]!]!, type: m.type[record]!, reason });
    }
    this.inFlight.release(record);
  }

  private deliver(to: number, replayed: number, record: number): void {
    const m = this.inFlight;
    const from = m.from[record]!;
    // Partitions are judged at arrival (network.ts explains why); a replayed message had arrived
    // before its node paused, so it is not judged again.
    if (replayed === 0 && this.network.isBlocked(from, to)) {
      this.dropOnArrival(record, 'partition');
      return;
    }
    if (to >= this.nodes.length) {
      // A reply reaching its client.
      this.stats.delivered++;
      if (this.trace.messages) this.traceDeliver(record);
      const requestId = m.requestId[record]!;
      const body = m.body[record];
      m.release(record);
      this.workload.onReply(this.now, to - this.nodes.length, from, requestId, body as ClientReply);
      return;
    }
    const node = this.simNodes[to]!;
    if (!node.up) {
      this.dropOnArrival(record, 'receiver down');
      return;
    }
    if (node.paused) {
      node.backlog.push({ kind: EV_DELIVER, argB: 1, payload: record });
      return;
    }
    this.stats.delivered++;
    if (this.trace.messages) this.traceDeliver(record);
    node.ctx.now = node.clock.read(this.now);
    const body = m.body[record];
    const fromName = this.endpointNames[from]!;
    m.release(record); // before the handler: its sends may reuse the record at once
    // From a node, a protocol message; from a client, a request.
    if (from < this.nodes.length) this.protocol.onMessage(node.state, fromName, body, node.ctx, this.out);
    else this.protocol.onClientRequest(node.state, body as ClientRequest, node.ctx, this.out);
    this.applyEffects(node);
  }

  private traceDeliver(record: number): void {
    const m = this.inFlight;
    this.trace.add({ kind: 'deliver', t: this.now, msg: m.id[record]!, from: this.endpointNames[m.from[record]!]!, to: this.endpointNames[m.to[record]!]!, type: m.type[record]! });
  }

  // ---- timers and effects --------------------------------------------------------------------

  private fireTimer(nodeIndex: number, generation: number, name: string): void {
    const node = this.simNodes[nodeIndex]!;
    const slot = node.timers.get(name);
    // Void when the node crashed since (its timers are gone) or an earlier deadline replaced it.
    if (!node.up || slot === undefined || slot.generation !== generation) return;
    if (!slot.armed) {
      slot.queuedAt = -1;
      return; // cancelled
    }
    if (slot.due > this.now) {
      // Re-armed to a later time since this event was queued: come back then.
      slot.generation = this.nextTimerGeneration++;
      slot.queuedAt = slot.due;
      this.queue.push(slot.due, EV_TIMER, nodeIndex, slot.generation, name);
      return;
    }
    if (node.paused) {
      node.backlog.push({ kind: EV_TIMER, argB: generation, payload: name });
      return;
    }
    slot.armed = false;
    slot.queuedAt = -1;
    const local = node.clock.read(this.now);
    node.ctx.now = local;
    if (this.trace.messages) this.trace.add({ kind: 'timer', t: this.now, node: node.name, local, name });
    this.protocol.onTimer(node.state, name, node.ctx, this.out);
    this.applyEffects(node);
  }

  private applyEffects(node: SimNode): void {
    const out = this.out;
    for (let i = 0; i < out.length; i++) {
      const effect = out[i]!;
      switch (effect.kind) {
        case 'send': {
          const to = this.sendTarget(effect.to);
          if (to === undefined || to >= this.nodes.length) {
            this.note(`${node.name} sent ${effect.type} to unknown node '${effect.to}'`, node.name);
            break;
          }
          this.send(node.index, to, effect.type, effect.message, 0, effect.bytes ?? DEFAULT_MESSAGE_BYTES, effect.heartbeat === true);
          break;
        }
        case 'set-timer': {
          const delay = effect.delayUs;
          const localDelay = typeof delay === 'number' ? delay : node.timerRng.int(delay.min, delay.max);
          const due = this.now + node.clock.globalDelay(localDelay);
          let slot = node.timers.get(effect.name);
          if (slot === undefined) {
            slot = { armed: false, due, queuedAt: -1, generation: 0 };
            node.timers.set(effect.name, slot);
          }
          slot.armed = true;
          slot.due = due;
          if (slot.queuedAt < 0 || slot.queuedAt > due) {
            slot.generation = this.nextTimerGeneration++;
            slot.queuedAt = due;
            this.queue.push(due, EV_TIMER, node.index, slot.generation, effect.name);
          }
          break;
        }
        case 'cancel-timer': {
          const slot = node.timers.get(effect.name);
          if (slot !== undefined) slot.armed = false;
          break;
        }
        case 'reply': {
          const client = this.workload.clientOfRequest(effect.requestId);
          if (client < 0) break;
          const reply: ClientReply = effect.reply;
          this.send(node.index, this.nodes.length + client, 'ClientReply', reply, effect.requestId, DEFAULT_MESSAGE_BYTES);
          break;
        }
        case 'state': {
          // Kept as given, not copied: the contract says effects are never mutated afterwards.
          const state = effect.state;
          // The timeline keeps only changes of role, term or leader: a commit index that moves on
          // every write would make it as long as the trace.
          const role = state['role'];
          const term = state['term'];
          const leader = state['leader'];
          if (role !== node.timelineRole || term !== node.timelineTerm || leader !== node.timelineLeader) {
            node.timelineRole = role;
            node.timelineTerm = term;
            node.timelineLeader = leader;
            this.timeline.push({ kind: 'state', t: this.now, node: node.name, state });
          }
          if (this.trace.on) this.trace.add({ kind: 'state', t: this.now, node: node.name, local: node.clock.read(this.now), state });
          break;
        }
        case 'apply':
          if (this.trace.on) {
            const event: TraceEvent = { kind: 'apply', t: this.now, node: node.name, op: effect.opId, key: effect.key, value: effect.value };
            if (effect.via !== undefined) event.via = effect.via;
            if (effect.term !== undefined) event.term = effect.term;
            if (effect.index !== undefined) event.index = effect.index;
            this.trace.add(event);
          }
          break;
      }
    }
    // Popping is much cheaper than `out.length = 0` for the handful of effects a handler returns.
    while (out.length > 0) out.pop();
  }

  /**
   * The endpoint a protocol's `send` names. Protocols pass the very strings of `ctx.nodes`, so in
   * a small cluster an identity scan beats hashing the name on every send; it runs from the end
   * because the name map keeps the last node of a (rejected) duplicate name.
   */
  private sendTarget(name: string): number | undefined {
    const nodes = this.nodes;
    if (nodes.length <= 16) {
      for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i] === name) return i;
    }
    return this.endpointByName.get(name);
  }

  note(text: string, node?: string, line?: number): void {
    if (!this.trace.on) return;
    const event: TraceEvent = { kind: 'note', t: this.now, text };
    if (node !== undefined) event.node = node;
    if (line !== undefined) event.line = line;
    this.trace.add(event);
  }

  // ---- node faults (the FaultInjector decides when; the engine owns node state) ---------------

  nodeIndex(name: string): number {
    const index = this.endpointByName.get(name);
    return index !== undefined && index < this.nodes.length ? index : -1;
  }

  endpointsOf(name: string): readonly number[] {
    const group = this.clientGroups.get(name);
    if (group !== undefined) return group;
    const index = this.endpointByName.get(name);
    return index === undefined ? [] : [index];
  }

  /**
   * The node holding a role now, or -1: a running (or paused) node whose last `state` effect
   * reported that role. When several do — a cut-off leader that still believes it leads beside
   * the one elected after it — the newest term (epoch, fencing token) wins, then the first
   * declared. Read only when a fault that names a role fires, never on the event loop's path.
   */
  roleHolder(stateRole: string): number {
    let holder = -1;
    let holderTerm = -Infinity;
    for (const node of this.simNodes) {
      if (!node.up || node.timelineRole !== stateRole) continue;
      const term = typeof node.timelineTerm === 'number' ? node.timelineTerm : 0;
      if (holder < 0 || term > holderTerm) {
        holder = node.index;
        holderTerm = term;
      }
    }
    return holder;
  }

  crashGeneration(node: number): number {
    return this.simNodes[node]!.crashGeneration;
  }

  scheduleFault(atUs: Micros, event: FaultEvent): void {
    this.queue.push(atUs, EV_FAULT, 0, 0, event);
  }

  private traceNodeFault(kind: 'crash' | 'restart' | 'pause' | 'resume', node: SimNode, line: number | undefined, role?: string): void {
    this.timeline.push({ kind, t: this.now, node: node.name });
    if (!this.trace.on) return;
    const event: TraceEvent = { kind, t: this.now, node: node.name };
    if (line !== undefined) event.line = line;
    if (role !== undefined) event.role = role;
    this.trace.add(event);
  }

  crashNode(index: number, line: number | undefined, role?: string): boolean {
    const node = this.simNodes[index]!;
    if (!node.up) {
      this.note(`crash of ${node.name} ignored: it is already down`, node.name);
      return false;
    }
    node.durable = this.protocol.durable(node.state);
    node.state = undefined;
    node.up = false;
    node.paused = false;
    node.pauseGeneration++;
    node.crashGeneration++;
    node.timers.clear();
    // What waited for the paused node is gone with it; its message records are free again.
    for (const item of node.backlog) if (item.kind === EV_DELIVER) this.inFlight.release(item.payload as number);
    node.backlog = [];
    node.timelineRole = node.timelineTerm = node.timelineLeader = undefined;
    this.traceNodeFault('crash', node, line, role);
    return true;
  }

  restartNode(index: number, line: number | undefined): void {
    const node = this.simNodes[index]!;
    if (node.up) {
      this.note(`restart of ${node.name} ignored: it is running`, node.name);
      return;
    }
    node.up = true;
    this.traceNodeFault('restart', node, line);
    node.ctx.now = node.clock.read(this.now);
    node.state = this.protocol.restart(node.durable, node.ctx, this.out);
    this.applyEffects(node);
  }

  pauseNode(index: number, durationUs: Micros, line: number | undefined, role?: string): boolean {
    const node = this.simNodes[index]!;
    if (!node.up) {
      this.note(`pause of ${node.name} ignored: it is down`, node.name);
      return false;
    }
    // Pausing a paused node extends the pause: only the latest resume counts.
    node.paused = true;
    const generation = ++node.pauseGeneration;
    this.scheduleFault(this.now + durationUs, { kind: 'resume', node: index, generation });
    this.traceNodeFault('pause', node, line, role);
    return true;
  }

  resumeNode(index: number, generation: number): void {
    const node = this.simNodes[index]!;
    if (!node.up || !node.paused || node.pauseGeneration !== generation) return;
    node.paused = false;
    this.traceNodeFault('resume', node, undefined);
    // What waited is handled now, in arrival order (the queue's tie-break keeps the order).
    const backlog = node.backlog;
    node.backlog = [];
    for (const item of backlog) this.queue.push(this.now, item.kind, index, item.argB, item.payload);
  }

  jumpClock(index: number, deltaUs: Micros, line: number | undefined, role?: string): void {
    const node = this.simNodes[index]!;
    node.clock.jump(deltaUs);
    this.timeline.push({ kind: 'clock-jump', t: this.now, node: node.name });
    if (!this.trace.on) return;
    const event: TraceEvent = { kind: 'clock-jump', t: this.now, node: node.name, deltaUs };
    if (line !== undefined) event.line = line;
    if (role !== undefined) event.role = role;
    this.trace.add(event);
  }
}

/** What a waiting message fault line did to the message it took as it was sent (due: when the network would have delivered it). */
function tookText(effect: MessageEffect, arriveAt: Micros, due: Micros): string {
  switch (effect) {
    case 'drop':
      return `will not arrive (it was due at ${formatMicros(due)})`;
    case 'duplicate':
      return `arrives twice at ${formatMicros(arriveAt)}`;
    case 'delay':
      return `arrives at ${formatMicros(arriveAt)} instead of ${formatMicros(due)}`;
    case 'deliver':
      return `arrives at once (it was due at ${formatMicros(due)})`;
  }
}
