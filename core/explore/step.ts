// Applying one action to a World: the successor state. The node the action reaches gets a copy of
// its protocol state (deepClone) before its handler runs; everything else is shared with the
// predecessor. The effects a handler returns are applied the way the engine applies them
// (core/sim/engine.ts), minus latency and randomness: a send puts the message in flight, a timer
// is armed with its shortest delay (its deadline only moves the clock, see world.ts), a reply
// travels back to its client as a message.

import type { ClientReply, ClientRequest, Effect, NodeContext } from '../sim/protocol.ts';
import type { HistoryEvent } from '../types/history.ts';
import type { TraceEvent } from '../types/trace.ts';
import type { Action } from './actions.ts';
import { deepClone } from './clone.ts';
import { ExploreLimitError } from './limit-error.ts';
import { Hasher } from './hash.ts';
import { MAX_TRACKED_TERM, STEP_US, type ArmedTimer, type ClientSlot, type Message, type NodeSlot, type Setting, type World } from './world.ts';

const hasher = new Hasher();

/**
 * The node slot's fingerprint covers which node it is, whether it is up, its state, what survived
 * and its timers. Which node: two crashed nodes can hold equal durable states, and a slot (with
 * its remembered outcomes, which send as that node) must never stand for another node.
 */
export function makeNode(
  setting: Setting,
  node: number,
  up: boolean,
  state: unknown,
  durable: unknown,
  timers: readonly ArmedTimer[],
  report: NodeSlot['report'],
): NodeSlot {
  hasher.reset();
  hasher.word(node);
  hasher.word(up ? 1 : 0);
  if (up) hasher.value(state, setting.shared);
  hasher.value(durable, setting.shared);
  hasher.word(timers.length);
  for (const timer of timers) {
    hasher.string(timer.name);
    hasher.number(timer.due);
  }
  const hi = hasher.hi;
  const lo = hasher.lo;
  // One slot object per distinct node state (by fingerprint, the explorer's notion of "the same
  // state"), so that a state reached along two schedules shares its remembered outcomes.
  const known = setting.slots.get(hi);
  if (known !== undefined && known.lo === lo && known.up === up && sameReport(known.report, report)) return known;
  const slot: NodeSlot = { up, state, durable, timers, report, hi, lo, outcomes: undefined };
  intern(setting.slots, hi, slot);
  return slot;
}

export function makeMessage(setting: Setting, from: number, to: number, type: string, body: unknown, requestId: number): Message {
  hasher.reset();
  hasher.word(from);
  hasher.word(to);
  hasher.string(type);
  hasher.word(requestId);
  hasher.value(body);
  const hi = hasher.hi;
  const lo = hasher.lo;
  // Equal messages are one object, so a handler's remembered outcome (keyed by the message) is
  // found whichever schedule sent it.
  const known = setting.messages.get(hi);
  if (known !== undefined && known.lo === lo && known.from === from && known.to === to && known.type === type && known.requestId === requestId) return known;
  const message: Message = { from, to, type, body, requestId, hi, lo };
  intern(setting.messages, hi, message);
  return message;
}

/** Interned objects kept at most; then the table starts over (a cache: only speed depends on it). */
export const MAX_INTERNED = 200_000;

function intern<T>(table: Map<number, T>, key: number, value: T): void {
  if (table.size >= MAX_INTERNED) table.clear();
  table.set(key, value);
}

/** Reports are small records of primitives (role, term, blocked...): equal field by field. */
function sameReport(a: NodeSlot['report'], b: NodeSlot['report']): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  let count = 0;
  for (const key in a) {
    if (!Object.prototype.hasOwnProperty.call(a, key)) continue;
    count++;
    if (a[key] !== b[key] || !Object.prototype.hasOwnProperty.call(b, key)) return false;
  }
  for (const key in b) if (Object.prototype.hasOwnProperty.call(b, key)) count--;
  return count === 0;
}

/**
 * A World under construction. Most successors are states already seen (in 3-node Raft about
 * 6 in 10), so the search builds each one in a reused Successor (`Successor.reset`), fingerprints
 * it there, and makes a World of it (`build`) only when it is new: a duplicate then costs no
 * allocation of its own. The node and message lists are scratch arrays of the Successor; `build`
 * copies them, or shares the predecessor's when they did not change.
 */
export class Successor {
  now = 0;
  depth = 0;
  /** Scratch: the predecessor's slots, then the ones the action changed. */
  readonly nodes: NodeSlot[] = [];
  /** The predecessor's list until the first change, then `messageScratch`. */
  messages: readonly Message[] = [];
  clients: readonly ClientSlot[] = [];
  nextOpId = 0;
  nextAttempt = 0;
  crashes = 0;
  drops = 0;
  partitions = 0;
  isolated = 0;
  history: readonly HistoryEvent[] = [];
  trace: readonly TraceEvent[] = [];
  leaders: readonly string[] = [];
  secondLeader: string | null = null;
  private from: World | null = null;
  private readonly messageScratch: Message[] = [];
  private clientsOwned = false;
  private historyOwned = false;
  private traceOwned = false;

  constructor(readonly setting: Setting) {}

  /** Starts over as the successor of `from` (one more step deep). */
  reset(from: World): this {
    this.from = from;
    this.now = from.now;
    this.depth = from.depth + 1;
    copyInto(this.nodes, from.nodes);
    this.messages = from.messages;
    this.clients = from.clients;
    this.nextOpId = from.nextOpId;
    this.nextAttempt = from.nextAttempt;
    this.crashes = from.crashes;
    this.drops = from.drops;
    this.partitions = from.partitions;
    this.isolated = from.isolated;
    this.history = from.history;
    this.trace = from.trace;
    this.leaders = from.leaders;
    this.secondLeader = from.secondLeader;
    this.clientsOwned = false;
    this.historyOwned = false;
    this.traceOwned = false;
    return this;
  }

  /** Election-safety ghost: who took the lead in which term. */
  noteLeader(node: string, term: number): void {
    if (!Number.isInteger(term) || term < 0 || term > MAX_TRACKED_TERM) return;
    const known = this.leaders[term];
    if (known === node) return;
    if (known !== undefined && known !== '') {
      if (this.secondLeader === null) this.secondLeader = `${known} and ${node} both became leader in term ${term}`;
      return;
    }
    const leaders = this.leaders.slice();
    while (leaders.length <= term) leaders.push('');
    leaders[term] = node;
    this.leaders = leaders;
  }

  get t(): number {
    return this.depth * STEP_US;
  }

  setClient(index: number, client: ClientSlot): void {
    // Clients change in few steps: a fresh list then (a World keeps it), not a scratch one.
    if (!this.clientsOwned) {
      this.clients = this.clients.slice();
      this.clientsOwned = true;
    }
    (this.clients as ClientSlot[])[index] = client;
  }

  /** The scratch copy of the messages, made on the first change (not on every one). */
  private ownMessages(): Message[] {
    const scratch = this.messageScratch;
    if (this.messages !== scratch) {
      copyInto(scratch, this.messages);
      this.messages = scratch;
    }
    return scratch;
  }

  removeMessage(index: number): Message {
    const messages = this.ownMessages();
    const message = messages[index]!;
    // By hand: splice would allocate the array of what it removed.
    for (let i = index + 1; i < messages.length; i++) messages[i - 1] = messages[i]!;
    messages.pop();
    return message;
  }

  addMessage(message: Message): void {
    if (this.messages.length > MAX_IN_FLIGHT) throw new ExploreLimitError(`more than ${MAX_IN_FLIGHT} messages in flight at once`);
    this.ownMessages().push(message);
  }

  recordHistory(event: Omit<HistoryEvent, 'index' | 'time'>): void {
    if (!this.setting.keepGhost) return;
    if (!this.historyOwned) {
      this.history = this.history.slice();
      this.historyOwned = true;
    }
    const history = this.history as HistoryEvent[];
    history.push({ ...event, index: history.length, time: this.t } as HistoryEvent);
  }

  recordTrace(event: TraceEvent): void {
    if (!this.setting.keepGhost) return;
    if (!this.traceOwned) {
      this.trace = this.trace.slice();
      this.traceOwned = true;
    }
    (this.trace as TraceEvent[]).push(event);
  }

  /** The successor as a World of its own: lists that changed are copied out of the scratch ones. */
  build(): World {
    const from = this.from!;
    let nodes: readonly NodeSlot[] = from.nodes;
    for (let i = 0; i < nodes.length; i++) {
      if (this.nodes[i] !== nodes[i]) {
        nodes = internedNodes(this.setting, this.nodes);
        break;
      }
    }
    return {
      now: this.now,
      depth: this.depth,
      nodes,
      messages: this.messages === this.messageScratch ? this.messageScratch.slice() : this.messages,
      clients: this.clients,
      nextOpId: this.nextOpId,
      nextAttempt: this.nextAttempt,
      crashes: this.crashes,
      drops: this.drops,
      partitions: this.partitions,
      isolated: this.isolated,
      history: this.history,
      trace: this.trace,
      leaders: this.leaders,
      secondLeader: this.secondLeader,
    };
  }
}

/**
 * One list per combination of node slots: states that differ only in their messages or clients
 * (most of a level) share it rather than each holding a copy (less to allocate and collect).
 */
function internedNodes(setting: Setting, nodes: readonly NodeSlot[]): readonly NodeSlot[] {
  let key = 0;
  for (let i = 0; i < nodes.length; i++) key = (Math.imul(key, 0x01000193) ^ nodes[i]!.hi) | 0;
  const known = setting.nodeLists.get(key);
  if (known !== undefined && known.length === nodes.length) {
    let same = true;
    for (let i = 0; i < nodes.length; i++) if (known[i] !== nodes[i]) same = false;
    if (same) return known;
  }
  const list = nodes.slice();
  intern(setting.nodeLists, key, list);
  return list;
}

/** `target` made a copy of `source`; without `length =`, which V8 runs as a call into the runtime. */
function copyInto<T>(target: T[], source: readonly T[]): void {
  while (target.length > source.length) target.pop();
  for (let i = 0; i < source.length; i++) target[i] = source[i]!;
}

/** More messages in flight than this and the model is not small: the search stops and says so. */
export const MAX_IN_FLIGHT = 10_000;

/** The successor of `world` by `action`, as a World of its own. */
export function applyAction(world: World, setting: Setting, action: Action): World {
  return applyActionInto(new Successor(setting), world, action).build();
}

/**
 * The successor of `world` by `action`, built in `next` (reset first): read it as a World, and
 * `build` it to keep it. The search's inner loop, which throws most successors away.
 */
export function applyActionInto(next: Successor, world: World, action: Action): Successor {
  next.reset(world);
  switch (action.kind) {
    case 'deliver':
      deliver(next, next.removeMessage(action.index));
      break;
    case 'drop':
      next.removeMessage(action.index);
      next.drops++;
      break;
    case 'timer':
      fireTimer(next, action.node, action.name);
      break;
    case 'invoke':
      invoke(next, action.client, action.node);
      break;
    case 'give-up':
      giveUp(next, action.client);
      break;
    case 'crash':
      crash(next, action.node);
      break;
    case 'restart':
      restart(next, action.node);
      break;
    case 'partition':
      next.isolated = action.isolated;
      next.partitions++;
      break;
    case 'heal':
      next.isolated = 0;
      break;
  }
  return next;
}

/** The World with the effects of `node`'s `init` applied (the initial state, depth 0). */
export function withStartEffects(world: World, setting: Setting, node: number, out: readonly Effect<unknown>[]): World {
  const next = new Successor(setting).reset({ ...world, depth: -1 });
  const slot = next.nodes[node]!;
  applyEffects(next, node, slot.state, slot.durable, slot.timers, slot.report, out);
  return next.build();
}

function contextFor(next: Successor, node: number): NodeContext {
  const setting = next.setting;
  return { self: setting.nodes[node]!, nodes: setting.nodes, options: setting.options, now: next.now, recording: setting.keepGhost };
}

/**
 * What one handler run did to a node, ready to commit to any World: the node's new slot, the
 * messages it sent (in order) and the effects the ghost state reads. Everything here is
 * immutable, so it can be reused.
 */
type Outcome = { readonly slot: NodeSlot; readonly messages: readonly Message[]; readonly ghost: readonly Effect<unknown>[]; readonly now: number };

/**
 * Handler runs remembered per node slot (by identity: slots are immutable and shared between
 * Worlds) and input (a message, by identity, or a timer's name), at one clock reading. A handler
 * is a function of its state, its input and ctx (protocol.ts: no clock, no randomness), so the
 * same slot meeting the same input at the same time always ends the same way. That is the common
 * case in a breadth-first search: delivering m to n1 and then m' to n2 reaches the same n2 slot
 * with m' as delivering m' first did. A hit costs no copy, no handler and no hash. The table hangs
 * on the slot itself (NodeSlot.outcomes), so it dies with it and costs the collector nothing
 * extra (a WeakMap's entries are ephemerons, which every collection has to trace specially).
 */
function remember(slot: NodeSlot, input: unknown, outcome: Outcome): void {
  const table = (slot.outcomes ??= new Map()) as Map<unknown, Outcome>;
  table.set(input, outcome);
}

function recalled(slot: NodeSlot, input: unknown, now: number): Outcome | undefined {
  const outcome = slot.outcomes?.get(input) as Outcome | undefined;
  return outcome !== undefined && outcome.now === now ? outcome : undefined;
}

/** Commits the remembered outcome of `input` at `node`, if there is one; false when not. */
function recall(next: Successor, node: number, input: unknown): boolean {
  const remembered = recalled(next.nodes[node]!, input, next.now);
  if (remembered === undefined) return false;
  commit(next, node, remembered);
  return true;
}

/**
 * Runs one handler of `node` on a copy of its state, applies what it returns and remembers it
 * under `input`. Callers try `recall` first: most runs are repeats, and asking first spares them
 * the handler's closure too.
 */
function runOnNode(
  next: Successor,
  node: number,
  input: unknown,
  handler: (state: unknown, ctx: NodeContext, out: Effect<unknown>[]) => void,
  timersBefore: readonly ArmedTimer[] = next.nodes[node]!.timers,
): void {
  const slot = next.nodes[node]!;
  const state = deepClone(slot.state, next.setting.shared);
  const out: Effect<unknown>[] = [];
  handler(state, contextFor(next, node), out);
  const outcome = outcomeOf(next.setting, node, next.now, state, slot.durable, timersBefore, slot.report, out);
  remember(slot, input, outcome);
  commit(next, node, outcome);
}

function applyEffects(
  next: Successor,
  node: number,
  state: unknown,
  durable: unknown,
  timersBefore: readonly ArmedTimer[],
  reportBefore: NodeSlot['report'],
  out: readonly Effect<unknown>[],
): void {
  commit(next, node, outcomeOf(next.setting, node, next.now, state, durable, timersBefore, reportBefore, out));
}

/** The handler's effects turned into a slot and messages, as the engine applies them. */
function outcomeOf(
  setting: Setting,
  node: number,
  now: number,
  state: unknown,
  durable: unknown,
  timersBefore: readonly ArmedTimer[],
  reportBefore: NodeSlot['report'],
  out: readonly Effect<unknown>[],
): Outcome {
  let timers = timersBefore;
  let report = reportBefore;
  const messages: Message[] = [];
  const ghost: Effect<unknown>[] = [];
  for (const effect of out) {
    switch (effect.kind) {
      case 'send': {
        const to = setting.nodes.indexOf(effect.to);
        if (to >= 0) messages.push(makeMessage(setting, node, to, effect.type, effect.message, 0));
        break;
      }
      case 'set-timer': {
        const delay = typeof effect.delayUs === 'number' ? effect.delayUs : effect.delayUs.min;
        timers = withTimer(timers, effect.name, now + Math.max(0, delay));
        break;
      }
      case 'cancel-timer':
        timers = timers.filter((timer) => timer.name !== effect.name);
        break;
      case 'reply': {
        const client = clientOfAttempt(setting, effect.requestId);
        if (client >= 0) messages.push(makeMessage(setting, node, setting.nodes.length + client, 'ClientReply', effect.reply, effect.requestId));
        break;
      }
      case 'state':
        report = effect.state;
        ghost.push(effect);
        break;
      case 'apply':
        ghost.push(effect);
        break;
    }
  }
  return { slot: makeNode(setting, node, true, state, durable, timers, report), messages, ghost, now };
}

/** An outcome applied to the World under construction (the ghost state is this World's own). */
function commit(next: Successor, node: number, outcome: Outcome): void {
  const name = next.setting.nodes[node]!;
  for (const message of outcome.messages) next.addMessage(message);
  for (const effect of outcome.ghost) {
    if (effect.kind === 'state') {
      const role = effect.state['role'];
      const term = effect.state['term'];
      if ((role === 'leader' || role === 'primary') && typeof term === 'number') next.noteLeader(name, term);
      next.recordTrace({ kind: 'state', t: next.t, node: name, local: next.now, state: effect.state });
    } else if (effect.kind === 'apply') {
      const event: TraceEvent = { kind: 'apply', t: next.t, node: name, op: effect.opId, key: effect.key, value: effect.value };
      if (effect.via !== undefined) event.via = effect.via;
      if (effect.term !== undefined) event.term = effect.term;
      next.recordTrace(event);
    }
  }
  next.nodes[node] = outcome.slot;
}

function withTimer(timers: readonly ArmedTimer[], name: string, due: number): ArmedTimer[] {
  const result = timers.filter((timer) => timer.name !== name);
  let at = 0;
  while (at < result.length && result[at]!.name < name) at++;
  result.splice(at, 0, { name, due });
  return result;
}

/** Attempt ids carry their client: id = attempt * clients + client (as the engine's workload does). */
function clientOfAttempt(setting: Setting, requestId: number): number {
  const count = setting.clients.length;
  return count === 0 || requestId <= 0 ? -1 : requestId % count;
}

function isCut(next: Successor, from: number, to: number): boolean {
  const count = next.setting.nodes.length;
  if (next.isolated === 0 || from >= count || to >= count) return false;
  return ((next.isolated >> from) & 1) !== ((next.isolated >> to) & 1);
}

function deliver(next: Successor, message: Message): void {
  const setting = next.setting;
  const nodeCount = setting.nodes.length;
  // Partitions are judged at arrival, as in the engine; a message to a crashed node is lost.
  if (isCut(next, message.from, message.to)) return;
  if (message.to >= nodeCount) {
    onReply(next, message.to - nodeCount, message.from, message.requestId, message.body as ClientReply);
    return;
  }
  if (!next.nodes[message.to]!.up) return;
  if (recall(next, message.to, message)) return;
  const protocol = setting.protocol;
  if (message.from < nodeCount) {
    const fromName = setting.nodes[message.from]!;
    runOnNode(next, message.to, message, (state, ctx, out) => protocol.onMessage(state, fromName, message.body, ctx, out));
  } else {
    runOnNode(next, message.to, message, (state, ctx, out) => protocol.onClientRequest(state, message.body as ClientRequest, ctx, out));
  }
}

function fireTimer(next: Successor, node: number, name: string): void {
  const slot = next.nodes[node]!;
  let timer = slot.timers[0]!;
  for (const armed of slot.timers) if (armed.name === name) timer = armed;
  next.now = Math.max(next.now, timer.due);
  if (recall(next, node, name)) return;
  // The fired timer is disarmed before the handler runs (which may arm it again).
  const remaining = slot.timers.filter((t) => t !== timer);
  runOnNode(next, node, name, (state, ctx, out) => next.setting.protocol.onTimer(state, name, ctx, out), remaining);
}

/** Memo keys for the two handler runs that take no input but the slot (and, restarting, the clock). */
const CRASH = { input: 'crash' };
const RESTART = { input: 'restart' };

function crash(next: Successor, node: number): void {
  const slot = next.nodes[node]!;
  let outcome = recalled(slot, CRASH, 0);
  if (outcome === undefined) {
    // `durable` may hand back parts of the state; the copy keeps the predecessor's state intact.
    const durable = next.setting.protocol.durable(deepClone(slot.state, next.setting.shared));
    outcome = { slot: makeNode(next.setting, node, false, undefined, durable, [], undefined), messages: [], ghost: [], now: 0 };
    remember(slot, CRASH, outcome);
  }
  next.nodes[node] = outcome.slot;
  next.crashes++;
  next.recordTrace({ kind: 'crash', t: next.t, node: next.setting.nodes[node]! });
}

function restart(next: Successor, node: number): void {
  const slot = next.nodes[node]!;
  next.recordTrace({ kind: 'restart', t: next.t, node: next.setting.nodes[node]! });
  let outcome = recalled(slot, RESTART, next.now);
  if (outcome === undefined) {
    const out: Effect<unknown>[] = [];
    const state = next.setting.protocol.restart(deepClone(slot.durable, next.setting.shared), contextFor(next, node), out);
    // What survived the crash is in the new state now; keeping it too would only split states.
    outcome = outcomeOf(next.setting, node, next.now, state, undefined, [], undefined, out);
    remember(slot, RESTART, outcome);
  }
  commit(next, node, outcome);
}

// ---- clients ---------------------------------------------------------------------------------

function invoke(next: Successor, clientIndex: number, target: number): void {
  const setting = next.setting;
  const plan = setting.clients[clientIndex]!;
  const client = next.clients[clientIndex]!;
  const { f, key } = plan.ops[client.issued]!;
  const opId = next.nextOpId++;
  // Every written value is unique (the operation id), as in the simulator's workload.
  const value = f === 'read' ? null : f === 'cas' ? [null, opId] : f === 'increment' ? 1 : opId;
  next.recordHistory({ process: plan.name, type: 'invoke', f, key, value, opId });
  // The operation goes out at once, as its first attempt.
  const requestId = next.nextAttempt++ * setting.clients.length + clientIndex;
  next.setClient(clientIndex, { issued: client.issued + 1, pending: { opId, f, key, value, requestId } });
  next.addMessage(requestMessage(setting, clientIndex, client.issued, target, opId, requestId, f, key, value));
}

/**
 * The request of a client's operation to `node`. Which operation (the client's n-th), its id and
 * its attempt's id decide the message (the value follows from the operation and its id), so each
 * is built and hashed once and then found by those numbers: in a search every state before the
 * client's turn offers the same invokes again.
 */
function requestMessage(setting: Setting, clientIndex: number, issued: number, node: number, opId: number, requestId: number, f: string, key: string, value: unknown): Message {
  // client < 8, node < 16, operation < 8 (EXPLORE_LIMITS); ids beyond 2^16 are not looked up.
  const small = opId < 65_536 && requestId < 65_536;
  const id = (((clientIndex * 16 + node) * 8 + issued) * 65_536 + opId) * 65_536 + requestId;
  if (small) {
    const known = setting.requests.get(id);
    if (known !== undefined) return known;
  }
  const request: ClientRequest = { requestId, opId, client: setting.clients[clientIndex]!.name, op: f, key, value };
  const message = makeMessage(setting, setting.nodes.length + clientIndex, node, 'ClientRequest', request, requestId);
  if (small) intern(setting.requests, id, message);
  return message;
}

function giveUp(next: Successor, clientIndex: number): void {
  const client = next.clients[clientIndex]!;
  const op = client.pending!;
  next.recordHistory({ process: next.setting.clients[clientIndex]!.name, type: 'info', f: op.f, key: op.key, value: op.value, opId: op.opId, error: 'timeout' });
  next.setClient(clientIndex, { ...client, pending: null });
}

function onReply(next: Successor, clientIndex: number, fromNode: number, requestId: number, reply: ClientReply): void {
  const setting = next.setting;
  const client = next.clients[clientIndex]!;
  const op = client.pending;
  // A late reply (to an attempt given up on, or superseded by a redirect) changes nothing.
  if (op === null || op.requestId !== requestId) return;
  const process = setting.clients[clientIndex]!.name;
  const node = setting.nodes[fromNode]!;
  if (reply.outcome === 'ok') {
    const value = op.f === 'read' ? (reply.value ?? null) : op.value;
    next.recordHistory({ process, type: 'ok', f: op.f, key: op.key, value, opId: op.opId, node });
    next.setClient(clientIndex, { ...client, pending: null });
    return;
  }
  if (reply.outcome === 'fail' || reply.outcome === 'info') {
    next.recordHistory({ process, type: reply.outcome, f: op.f, key: op.key, value: op.value, opId: op.opId, node, error: reply.error });
    next.setClient(clientIndex, { ...client, pending: null });
    return;
  }
  // A redirect: nothing took effect. The client could have sent the operation to any node in the
  // first place (an invoke is a choice of node), so following the hint would only repeat a
  // schedule the search already has: the operation fails and the client moves on.
  next.recordHistory({ process, type: 'fail', f: op.f, key: op.key, value: op.value, opId: op.opId, node, error: 'redirected' });
  next.setClient(clientIndex, { ...client, pending: null });
}
