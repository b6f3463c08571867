// Clients that behave like real ones. A client is a network endpoint: its requests and the
// replies travel over simulated links (the default link properties unless a link override names
// it) and partitions block them only when a partition lists the client — or, for a client placed
// beside a node or in a region, when they cut its node off (client-placement.ts).
//
// - Open loop: one operation every interval whatever happens to the previous ones (load that does
//   not slow down when the system does — how real traffic arrives). Closed loop: the next
//   operation waits until the previous one completed.
// - Leader discovery: a client starts at a random node, follows a redirect's leader hint, and
//   otherwise tries the next node. After a full round of redirects without progress it waits a
//   moment (no leader yet) instead of spinning.
// - A timeout makes the attempt indeterminate: the request may still be applied later. Without a
//   retry left the operation completes as `info` (never `fail`: we do not know it failed). So
//   does an `info` answer: the node gave up on a store that may still apply the operation.
// - Retries back off (backoff.ts) and carry the same idempotency key on every attempt.
// - Every written value is unique in the run (the operation id), so a checker can tell which
//   write a read observed.

import type { History, HistoryEvent } from '../../types/history.ts';
import type { ClientConfig, Micros, OperationSpec } from '../../types/sim-config.ts';
import type { ClientReply, ClientRequest } from '../protocol.ts';
import { interned } from '../interned.ts';
import { objectList } from '../object-list.ts';
import { streamFor, type Rng } from '../prng.ts';
import { backoffDelay } from './backoff.ts';

/** Client event sub-kinds carried in the engine's queue. */
export const CLIENT_TICK = 0;
export const CLIENT_TIMEOUT = 1;
export const CLIENT_RETRY = 2;
export const CLIENT_REDISCOVER = 3;

/** How long a client waits after a full round of redirects led nowhere (no leader yet). */
export const REDISCOVER_PAUSE_US = 20_000;

/** What the clients need from the engine. */
export interface WorkloadHost {
  readonly nodeNames: readonly string[];
  nodeIndex(name: string): number;
  /** Queues a client event at `atUs`; `code` and `payload` come back in `onEvent`. */
  schedule(atUs: Micros, client: number, code: number, payload: unknown): void;
  /** Sends a request from a client endpoint to a node over the network. */
  sendRequest(client: number, node: number, request: ClientRequest): void;
  /** Records a client invoke/completion in the trace. */
  traceClient(client: string, historyIndex: number, phase: HistoryEvent['type'], node?: string): void;
}

type PendingOperation = {
  opId: number;
  f: string;
  key: string;
  /** What was sent: null for reads, the unique value for writes, [expected, new] for cas. */
  value: unknown;
  invokeIndex: number;
  /** Retries done so far. */
  retries: number;
  /** Bumped per attempt and at completion, so stale timeouts, retries and pauses are ignored. */
  token: number;
  currentRequestId: number;
  /** Sequence numbers of this operation's requests (see `requestOps`): the first, and any later
   * ones (retries, redirects) in a list made only when needed — most operations send one. */
  firstSequence: number;
  laterSequences: number[] | null;
  /** Completed: late replies, timeouts and retries for it are ignored. */
  done: boolean;
  target: number;
  /** Redirects followed in the current attempt. */
  hops: number;
  /** Some attempt timed out: the operation may have taken effect, so it can no longer `fail`. */
  indeterminate: boolean;
  previousSleep: Micros;
  idempotencyKey: string | undefined;
};

/**
 * A client timer's code in the queue: the sub-kind in the low two bits' worth (code % 4) and the
 * operation's token above it, so a timer needs no payload object of its own (the operation is
 * the payload).
 */
function timerCode(subKind: number, token: number): number {
  return token * 4 + subKind;
}

/**
 * Stands in the deadline list for an operation whose deadline was handled: never live. Built like
 * every operation (same fields, same order) so the list holds objects of one shape.
 */
const DEADLINE_PASSED: PendingOperation = {
  opId: 0,
  f: '',
  key: '',
  value: null,
  invokeIndex: -1,
  retries: 0,
  token: -1,
  currentRequestId: 0,
  firstSequence: 0,
  laterSequences: null,
  done: true,
  target: -1,
  hops: 0,
  indeterminate: false,
  previousSleep: 0,
  idempotencyKey: undefined,
};

/** Attempt deadlines as columns (operation, its token then, the time): no object per attempt. */
type Deadlines = { ops: PendingOperation[]; tokens: number[]; ats: Micros[] };

export class SimClient {
  readonly name: string;
  readonly endpoint: number;
  readonly config: ClientConfig;
  /**
   * The config's operation specs with their operation names and keys as shared copies
   * (interned.ts): clients and protocols compare the name and look the key up on every operation.
   */
  readonly ops: readonly OperationSpec[];
  readonly rng: Rng;
  /** The node this client believes leads, or -1. */
  leaderGuess = -1;
  /** Where the next leaderless attempt starts (a random node at first). */
  nextNode: number;
  /**
   * Operations not completed yet, in invoke order; completed ones are dropped lazily (`done`).
   * A list rather than a map keyed by operation: a map that empties and fills on every operation
   * reallocates its table each time.
   */
  readonly open: PendingOperation[] = [];
  openCount = 0;
  /** Closed loop: operation specs whose tick came while busy, issued when the client is free. */
  readonly waitingTicks: number[] = [];
  /** Last value this client saw per key: the `expected` of its next cas. */
  readonly lastSeen = new Map<string, unknown>();
  /** Only a client that sends cas reads `lastSeen`, so only such a client keeps it up to date. */
  readonly sendsCas: boolean;
  /**
   * Attempt deadlines in the order they were armed. Every attempt waits the same timeout, so the
   * deadlines only grow: one queued watchdog at the earliest live deadline is enough, instead of
   * one queued event per attempt (most operations finish long before their deadline).
   */
  readonly deadlines: Deadlines = { ops: [], tokens: [], ats: [] };
  deadlineHead = 0;
  /** When the queued watchdog fires, or -1 when none is queued. */
  watchdogAt: Micros = -1;

  /** `home`: the node a placed client sits beside, which it asks first; -1 for an unplaced client. */
  constructor(name: string, endpoint: number, config: ClientConfig, seed: number, nodeCount: number, home = -1) {
    this.name = name;
    this.endpoint = endpoint;
    this.config = config;
    this.ops = config.ops.map((spec) => ({ ...spec, op: interned(spec.op), keys: spec.keys.map(interned) }));
    this.rng = streamFor(seed, `workload:${name}`);
    this.sendsCas = config.ops.some((spec) => spec.op === 'cas');
    this.nextNode = nodeCount > 0 ? this.rng.pick(nodeCount) : 0;
    // Drawn anyway, so the client's later draws are the same as if it were not placed.
    if (home >= 0) this.nextNode = home;
  }
}

export class Workload {
  readonly clients: SimClient[] = [];
  readonly history: History = objectList();
  /**
   * The operation each request belongs to, by request sequence number (a request id is
   * sequence · clientCount + client index). Cleared when the operation completes, so a late or
   * duplicated reply finds nothing. An array, not a map: one slot per request ever sent.
   */
  private readonly requestOps: Array<PendingOperation | undefined> = [];
  private nextOpId = 1;
  /** Request ids encode their client (id = sequence · clientCount + client index). */
  private nextRequestSequence = 1;
  private now: Micros = 0;
  /** Set when the run is over: closing the last operations must not start new ones. */
  private finished = false;

  constructor(
    private readonly host: WorkloadHost,
    private readonly runForUs: Micros,
  ) {}

  addClient(name: string, endpoint: number, config: ClientConfig, seed: number, home = -1): void {
    this.clients.push(new SimClient(name, endpoint, config, seed, this.host.nodeNames.length, home));
  }

  /** Schedules every client's first tick per operation spec. */
  start(): void {
    if (this.host.nodeNames.length === 0) return; // nobody to talk to
    this.clients.forEach((client, index) => {
      client.ops.forEach((spec, specIndex) => {
        // A random phase inside the first interval, so identical clients do not fire in lockstep.
        const first = client.config.startUs + client.rng.int(0, this.drawInterval(client, spec));
        this.scheduleTick(client, index, specIndex, first);
      });
    });
  }

  onEvent(nowUs: Micros, clientIndex: number, code: number, payload: unknown): void {
    this.now = nowUs;
    const client = this.clients[clientIndex]!;
    // The low two bits (`&` keeps them exactly for any whole code below 2^53): integer math,
    // where `% 4` on the queue's float column would be a floating-point remainder.
    const subKind = code & 3;
    if (subKind === CLIENT_TICK) {
      const specIndex = payload as number;
      const spec = client.ops[specIndex]!;
      // A closed-loop line without a rate is driven by completions (issueNext), not by a tick:
      // a tick every microsecond spent a million events per simulated second on waiting.
      const backToBack = client.config.closedLoop && spec.intervalUs.max === 0;
      if (!backToBack) this.scheduleTick(client, clientIndex, specIndex, nowUs + this.drawInterval(client, spec));
      if (client.config.closedLoop && client.openCount > 0) {
        if (!client.waitingTicks.includes(specIndex)) client.waitingTicks.push(specIndex);
      } else {
        this.issue(client, clientIndex, specIndex);
      }
      return;
    }
    if (subKind === CLIENT_TIMEOUT) {
      this.onWatchdog(client, clientIndex);
      return;
    }
    const op = payload as PendingOperation;
    const token = Math.floor(code / 4);
    if (op.done || token !== op.token) return; // completed or superseded
    if (subKind === CLIENT_RETRY) this.attempt(client, clientIndex, op);
    else if (subKind === CLIENT_REDISCOVER) {
      op.hops = 0;
      this.dispatch(client, clientIndex, op, client.leaderGuess >= 0 ? client.leaderGuess : client.nextNode);
    }
  }

  onReply(nowUs: Micros, clientIndex: number, fromNode: number, requestId: number, reply: ClientReply): void {
    this.now = nowUs;
    const op = this.clients.length === 0 ? undefined : this.requestOps[Math.floor(requestId / this.clients.length)];
    if (op === undefined) return; // a late or duplicate reply for a finished operation
    const client = this.clients[clientIndex]!;
    const nodeName = this.host.nodeNames[fromNode]!;
    if (reply.outcome === 'ok') {
      client.leaderGuess = fromNode;
      const value = op.f === 'read' ? (reply.value ?? null) : op.value;
      if (client.sendsCas) {
        client.lastSeen.set(op.key, op.f === 'cas' ? (op.value as [unknown, unknown])[1] : op.f === 'read' ? value : op.value);
      }
      this.complete(client, clientIndex, op, 'ok', value, nodeName, undefined);
      return;
    }
    if (reply.outcome === 'fail' || reply.outcome === 'info') {
      // An answered error ends the operation (no retry). A `fail` is definite for this attempt
      // only: if an earlier attempt may have been applied, the operation is still undetermined.
      // An `info` answer leaves it open itself: the node gave up on a store that may still apply it.
      const afterIndeterminate = reply.outcome === 'fail' && op.indeterminate;
      const error = afterIndeterminate ? `${reply.error} (after an indeterminate attempt)` : reply.error;
      this.complete(client, clientIndex, op, reply.outcome === 'info' || afterIndeterminate ? 'info' : 'fail', op.value, nodeName, error);
      return;
    }
    // Redirect: only the current request's answer steers the client; older ones are stale.
    if (requestId !== op.currentRequestId) return;
    const nodeCount = this.host.nodeNames.length;
    const hint = reply.leaderHint === undefined ? -1 : this.host.nodeIndex(reply.leaderHint);
    let next: number;
    if (hint >= 0 && hint !== fromNode) {
      client.leaderGuess = hint;
      next = hint;
    } else {
      client.leaderGuess = -1;
      next = (fromNode + 1) % nodeCount;
      client.nextNode = next;
    }
    op.hops++;
    if (op.hops >= 2 * nodeCount) {
      // Everyone redirected (an election is probably under way): wait instead of spinning. The
      // attempt's timeout keeps running from when the attempt started.
      this.host.schedule(nowUs + REDISCOVER_PAUSE_US, clientIndex, timerCode(CLIENT_REDISCOVER, op.token), op);
      return;
    }
    this.dispatch(client, clientIndex, op, next);
  }

  /** Which client sent a request: replies are routed back to it even after it stopped waiting. */
  clientOfRequest(requestId: number): number {
    return this.clients.length === 0 ? -1 : requestId % this.clients.length;
  }

  /** Closes every operation still pending when the run ends: its outcome is unknown (`info`). */
  finish(nowUs: Micros): void {
    this.now = nowUs;
    this.finished = true;
    this.clients.forEach((client, clientIndex) => {
      for (const op of client.open.filter((open) => !open.done)) {
        this.complete(client, clientIndex, op, 'info', op.value, undefined, 'run ended');
      }
    });
  }

  /** Invokes a line's operation; a closed-loop line without a rate queues its next one behind it. */
  private issue(client: SimClient, clientIndex: number, specIndex: number): void {
    const spec = client.ops[specIndex]!;
    this.invoke(client, clientIndex, spec);
    if (client.config.closedLoop && spec.intervalUs.max === 0 && !client.waitingTicks.includes(specIndex)) client.waitingTicks.push(specIndex);
  }

  private drawInterval(client: SimClient, spec: OperationSpec): Micros {
    return Math.max(1, client.rng.int(spec.intervalUs.min, spec.intervalUs.max));
  }

  private scheduleTick(client: SimClient, clientIndex: number, specIndex: number, atUs: Micros): void {
    const stopUs = client.config.stopUs ?? Infinity;
    if (atUs >= stopUs || atUs > this.runForUs) return;
    this.host.schedule(atUs, clientIndex, CLIENT_TICK, specIndex);
  }

  private invoke(client: SimClient, clientIndex: number, spec: OperationSpec): void {
    const opId = this.nextOpId++;
    const key = spec.keys.length === 0 ? 'x' : spec.keys[client.rng.pick(spec.keys.length)]!;
    const f = spec.op;
    let value: unknown;
    if (f === 'read') value = null;
    else if (f === 'cas') value = [client.lastSeen.get(key) ?? null, opId];
    else if (f === 'increment') value = 1;
    else value = opId; // unique per operation
    const invokeIndex = this.history.length;
    this.history.push({ index: invokeIndex, process: client.name, type: 'invoke', f, key, value, time: this.now, opId });
    this.host.traceClient(client.name, invokeIndex, 'invoke');
    const op: PendingOperation = {
      opId,
      f,
      key,
      value,
      invokeIndex,
      retries: 0,
      token: 0,
      currentRequestId: 0,
      firstSequence: 0,
      laterSequences: null,
      done: false,
      target: -1,
      hops: 0,
      indeterminate: false,
      previousSleep: client.config.retry?.baseUs ?? 0,
      idempotencyKey: client.config.idempotencyKeyTtlUs === null ? undefined : `${client.name}:${opId}`,
    };
    client.open.push(op);
    client.openCount++;
    this.attempt(client, clientIndex, op);
  }

  private attempt(client: SimClient, clientIndex: number, op: PendingOperation): void {
    op.token++;
    op.hops = 0;
    this.dispatch(client, clientIndex, op, this.chooseNode(client, op));
    this.rearmTimeout(clientIndex, client, op);
  }

  private rearmTimeout(clientIndex: number, client: SimClient, op: PendingOperation): void {
    const timeoutUs = client.config.timeoutUs;
    if (timeoutUs === null) return;
    const at = this.now + timeoutUs;
    const deadlines = client.deadlines;
    deadlines.ops.push(op);
    deadlines.tokens.push(op.token);
    deadlines.ats.push(at);
    if (client.watchdogAt < 0) {
      client.watchdogAt = at;
      this.host.schedule(at, clientIndex, CLIENT_TIMEOUT, null);
    }
  }

  /** Times out every attempt whose deadline has passed, then waits for the next live deadline. */
  private onWatchdog(client: SimClient, clientIndex: number): void {
    client.watchdogAt = -1;
    const { ops, tokens, ats } = client.deadlines;
    while (client.deadlineHead < ops.length) {
      const head = client.deadlineHead;
      const op = ops[head]!;
      const live = !op.done && op.token === tokens[head];
      if (live && ats[head]! > this.now) break;
      client.deadlineHead++;
      // Let the operation go (the list is only trimmed from time to time): kept here, finished
      // operations would outlive many collections and be copied by each.
      ops[head] = DEADLINE_PASSED;
      // A timeout may arm a retry's deadline (pushed behind, possibly queueing the watchdog).
      if (live) this.onTimeout(client, clientIndex, op);
    }
    if (client.deadlineHead > 256 && client.deadlineHead * 2 > ops.length) {
      ops.splice(0, client.deadlineHead);
      tokens.splice(0, client.deadlineHead);
      ats.splice(0, client.deadlineHead);
      client.deadlineHead = 0;
    }
    if (client.watchdogAt < 0 && client.deadlineHead < ops.length) {
      const next = ats[client.deadlineHead]!;
      client.watchdogAt = next;
      this.host.schedule(next, clientIndex, CLIENT_TIMEOUT, null);
    }
  }

  private chooseNode(client: SimClient, op: PendingOperation): number {
    const nodeCount = this.host.nodeNames.length;
    const readFrom = client.config.readFrom;
    if (op.f === 'read' && readFrom === 'any') return client.rng.pick(nodeCount);
    if (op.f === 'read' && (readFrom === 'follower' || readFrom === 'replicas') && nodeCount > 1) {
      const choice = client.rng.pick(nodeCount - 1);
      return client.leaderGuess >= 0 && choice >= client.leaderGuess ? choice + 1 : choice;
    }
    return client.leaderGuess >= 0 ? client.leaderGuess : client.nextNode;
  }

  private dispatch(client: SimClient, clientIndex: number, op: PendingOperation, node: number): void {
    const sequence = this.nextRequestSequence++;
    const requestId = sequence * this.clients.length + clientIndex;
    op.currentRequestId = requestId;
    if (op.firstSequence === 0) op.firstSequence = sequence;
    else if (op.laterSequences === null) op.laterSequences = [sequence];
    else op.laterSequences.push(sequence);
    op.target = node;
    this.requestOps[sequence] = op;
    const request: ClientRequest = {
      requestId,
      opId: op.opId,
      client: client.name,
      op: op.f,
      key: op.key,
      value: op.value,
    };
    if (op.idempotencyKey !== undefined) {
      request.idempotencyKey = op.idempotencyKey;
      request.idempotencyTtlUs = client.config.idempotencyKeyTtlUs!;
    }
    this.host.sendRequest(clientIndex, node, request);
  }

  private onTimeout(client: SimClient, clientIndex: number, op: PendingOperation): void {
    op.indeterminate = true;
    // The node we waited on may be down or cut off: forget it as leader, start elsewhere.
    client.leaderGuess = -1;
    client.nextNode = (op.target + 1) % this.host.nodeNames.length;
    const policy = client.config.retry;
    if (policy !== null && (policy.maxRetries === null || op.retries < policy.maxRetries)) {
      const sleep = backoffDelay(policy, op.retries, op.previousSleep, client.rng);
      op.previousSleep = Math.max(sleep, 1);
      op.retries++;
      op.token++;
      this.host.schedule(this.now + sleep, clientIndex, timerCode(CLIENT_RETRY, op.token), op);
      return;
    }
    this.complete(client, clientIndex, op, 'info', op.value, undefined, 'timeout');
  }

  private complete(
    client: SimClient,
    clientIndex: number,
    op: PendingOperation,
    type: 'ok' | 'fail' | 'info',
    value: unknown,
    node: string | undefined,
    error: string | undefined,
  ): void {
    op.done = true;
    client.openCount--;
    const open = client.open;
    if (open.length >= 2 * client.openCount + 32) {
      // Drop the completed ones, keeping the order (amortized: the list at least halves).
      let kept = 0;
      for (let i = 0; i < open.length; i++) if (!open[i]!.done) open[kept++] = open[i]!;
      open.length = kept;
    }
    if (op.firstSequence !== 0) this.requestOps[op.firstSequence] = undefined;
    if (op.laterSequences !== null) for (const sequence of op.laterSequences) this.requestOps[sequence] = undefined;
    op.token++;
    const index = this.history.length;
    const process = client.name;
    const { f, key, opId } = op;
    const time = this.now;
    // One literal per shape, fields in the same order as before: adding `node` or `error` to a
    // finished object would give every completion a separate property store (the history is the
    // largest thing a run keeps).
    const event: HistoryEvent =
      node === undefined
        ? error === undefined
          ? { index, process, type, f, key, value, time, opId }
          : { index, process, type, f, key, value, time, opId, error }
        : error === undefined
          ? { index, process, type, f, key, value, time, opId, node }
          : { index, process, type, f, key, value, time, opId, node, error };
    this.history.push(event);
    this.host.traceClient(client.name, index, type, node);
    if (!this.finished && client.config.closedLoop && client.openCount === 0 && client.waitingTicks.length > 0 && time < (client.config.stopUs ?? Infinity)) {
      this.issue(client, clientIndex, client.waitingTicks.shift()!);
    }
  }
}
