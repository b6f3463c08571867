// A node's state at the cursor as a panel shows it: the few things people look for first, in each
// protocol's own words (role, term or epoch, vote, the log with its commit and applied marks, the
// store, the lock or lease, the 2PC transaction state), then every other field, previewed. It reads
// the live state through the debugger's own node view (sim-scope.ts: the same names a watch
// expression reads), so the playground and the debugger can never disagree about a node.
//
// The result is plain JSON (it crosses a worker boundary) and bounded: a log of 100,000 entries
// or a store of 10,000 keys becomes its last few entries and a count, never a 10 MB message.

import type { Engine } from '../sim/engine.ts';
import { nodeView } from './sim-scope.ts';

/** Log entries shown per node (the newest ones); the length says how many there are. */
export const LOG_TAIL = 12;
/** Store keys shown per node. */
export const STORE_KEYS = 12;
/** Characters a previewed value keeps. */
export const PREVIEW_CHARS = 80;
/** Other fields listed per node. */
const MORE_FIELDS = 24;

export type NodeStatus = 'up' | 'crashed' | 'paused';

export type LogView = {
  /** Entries in the log (its last index, 1-based as the protocols number them). */
  length: number;
  commit: number | null;
  applied: number | null;
  /** The newest entries: index, term (or epoch) and what the entry carries. */
  tail: Array<{ index: number; term: number | null; text: string }>;
};

export type NodeStateView = {
  name: string;
  status: NodeStatus;
  role: string | null;
  /** Label of the term-like field in this protocol's words (term, epoch, token). */
  termLabel: string;
  term: number | null;
  vote: string | null;
  leader: string | null;
  log: LogView | null;
  /** Key → value, previewed; `storeSize` counts every key. */
  store: Array<[string, string]> | null;
  storeSize: number;
  /** Lock or lease, in words: "held by c1 · token 4 · until 3.2s". */
  lock: string | null;
  /** Two-phase commit, in words: "2 active · 1 prepared · last commit". */
  transaction: string | null;
  /** Local clock minus true time, µs. */
  clockOffsetUs: number;
  /** Every other field of the state, previewed. */
  more: Array<[string, string]>;
};

/** Fields nobody reads in a state panel: configuration, bookkeeping shared by every node. */
const HIDDEN = new Set(['settings', 'nodes', 'timers', 'selfIndex', 'self', 'name', 'up', 'paused', 'clock', 'reported', 'recording', 'kind']);
/** Fields the headline already shows. */
const SHOWN = new Set([
  'role', 'currentTerm', 'term', 'epoch', 'votedFor', 'vote', 'leader', 'primary', 'log', 'commitIndex', 'commit',
  'lastApplied', 'applied', 'machine', 'kv', 'data', 'store', 'holder', 'token', 'expiresAt', 'holding',
  'active', 'prepared', 'decisions', 'locks', 'lastOutcome', 'finished',
]);

/** Every node's state at the engine's cursor. */
export function nodeStates(engine: Engine): NodeStateView[] {
  return engine.nodes.map((_, index) => nodeStateView(engine, index));
}

export function nodeStateView(engine: Engine, index: number): NodeStateView {
  const up = engine.isUp(index);
  // A crashed node has no volatile state: what survives is its durable part.
  const view = up ? nodeView(engine, index) : { ...asRecord(engine.durableState(index)), name: engine.nodes[index] };
  const status: NodeStatus = !up ? 'crashed' : engine.isPaused(index) ? 'paused' : 'up';
  const kind = typeof view['kind'] === 'string' ? (view['kind'] as string) : null;
  const role = up ? (stringOf(view['role']) ?? kind) : 'down';
  // sim-scope's `term` alias also names an epoch: look at the protocol's own field first.
  const termLabel = view['currentTerm'] !== undefined ? 'term' : view['epoch'] !== undefined ? 'epoch' : view['term'] !== undefined ? 'term' : view['token'] !== undefined ? 'token' : 'term';
  const term = numberOf(view['currentTerm']) ?? epochOf(view['epoch']) ?? numberOf(view['term']) ?? numberOf(view['token']);
  const store = storeOf(view);
  const more: Array<[string, string]> = [];
  for (const key of Object.keys(view)) {
    if (more.length >= MORE_FIELDS) break;
    if (HIDDEN.has(key) || SHOWN.has(key)) continue;
    const value = view[key];
    if (typeof value === 'function' || value === undefined) continue;
    more.push([key, preview(value)]);
  }
  return {
    name: engine.nodes[index]!,
    status,
    role,
    termLabel,
    term,
    vote: stringOf(view['votedFor']),
    leader: stringOf(view['leader']) ?? stringOf(view['primary']) ?? (kind === 'service' ? stringOf(view['holder']) : null),
    log: logOf(view),
    store: store === null ? null : store.shown,
    storeSize: store?.size ?? 0,
    lock: lockOf(view, engine),
    transaction: transactionOf(view),
    clockOffsetUs: engine.localTime(index) - engine.now,
    more,
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? { ...(value as Record<string, unknown>) } : {};
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function numberOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An epoch is a number, or a record with one (primary-backup's `{ number, primary }`). */
function epochOf(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object') {
    for (const key of ['number', 'epoch', 'value', 'n']) {
      const n = numberOf((value as Record<string, unknown>)[key]);
      if (n !== null) return n;
    }
  }
  return null;
}

function logOf(view: Record<string, unknown>): LogView | null {
  const raw = view['log'];
  // Raft keeps { entries, ... } (1-based, possibly after a snapshot); others keep an array.
  const entries: unknown[] | null = Array.isArray(raw) ? raw : raw !== null && typeof raw === 'object' && Array.isArray((raw as { entries?: unknown }).entries) ? ((raw as { entries: unknown[] }).entries) : null;
  if (entries === null) return null;
  const commit = numberOf(view['commitIndex']) ?? numberOf(view['commit']);
  const applied = numberOf(view['lastApplied']) ?? numberOf(view['applied']);
  // After a snapshot the log holds only the entries past it (Raft §7): number them from there.
  const snapshot = view['snapshot'] as { lastIncludedIndex?: unknown } | null | undefined;
  const base = numberOf(snapshot?.lastIncludedIndex) ?? 0;
  const length = base + entries.length;
  const tail: LogView['tail'] = [];
  for (let i = Math.max(0, entries.length - LOG_TAIL); i < entries.length; i++) {
    const entry = entries[i] as Record<string, unknown> | null;
    const term = numberOf(entry?.['term']) ?? epochOf(entry?.['epoch']);
    const command = (entry?.['command'] ?? entry) as Record<string, unknown> | null;
    const text = command === null ? 'no-op' : [stringOf(command['op']), stringOf(command['key']), command['value'] === undefined ? null : preview(command['value'], 16)].filter((part) => part !== null).join(' ') || preview(command, 24);
    tail.push({ index: base + i + 1, term, text });
  }
  return { length, commit, applied, tail };
}

function storeOf(view: Record<string, unknown>): { shown: Array<[string, string]>; size: number } | null {
  const machine = view['machine'] as { data?: unknown } | undefined;
  const candidates = [machine?.data, view['kv'], view['data'], view['store']];
  for (const candidate of candidates) {
    if (candidate instanceof Map) {
      const shown: Array<[string, string]> = [];
      for (const [key, value] of candidate) {
        if (shown.length >= STORE_KEYS) break;
        shown.push([String(key), preview(value, 24)]);
      }
      return { shown, size: candidate.size };
    }
  }
  return null;
}

function lockOf(view: Record<string, unknown>, engine: Engine): string | null {
  if (view['kind'] === 'service' && 'holder' in view) {
    const holder = stringOf(view['holder']);
    const expires = numberOf(view['expiresAt']);
    return holder === null ? `free · token ${String(view['token'])}` : `held by ${holder} · token ${String(view['token'])}${expires === null ? '' : ` · until ${(expires / 1e6).toFixed(3)}s`}`;
  }
  if (view['kind'] === 'holder') return view['holding'] === true ? `holding · token ${String(view['token'])}` : 'not holding';
  if (view['locks'] instanceof Map && view['kind'] === 'participant') {
    const locks = view['locks'] as Map<string, unknown>;
    return locks.size === 0 ? 'no locks' : `locked: ${[...locks.keys()].slice(0, 4).join(', ')}${locks.size > 4 ? ` (+${locks.size - 4})` : ''}`;
  }
  void engine;
  return null;
}

function transactionOf(view: Record<string, unknown>): string | null {
  if (view['kind'] === 'coordinator') {
    const active = view['active'] instanceof Map ? (view['active'] as Map<unknown, unknown>).size : 0;
    const decisions = view['decisions'] instanceof Map ? (view['decisions'] as Map<unknown, unknown>).size : 0;
    return `${active} active · ${decisions} decided · ${String(view['commits'] ?? 0)} committed · ${String(view['aborts'] ?? 0)} aborted`;
  }
  if (view['kind'] === 'participant') {
    const prepared = view['prepared'] instanceof Map ? (view['prepared'] as Map<unknown, unknown>).size : 0;
    return `${prepared} prepared · last ${String(view['lastOutcome'] ?? 'idle')}`;
  }
  return null;
}

/** A short text for any value: Maps and Sets read as their contents, long text is cut. */
export function preview(value: unknown, max = PREVIEW_CHARS): string {
  let text: string;
  if (value === null || value === undefined) text = '—';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Map) text = `Map(${value.size}) ${shallow([...value.entries()].slice(0, 4).map(([k, v]) => `${String(k)}→${shallow(v)}`).join(', '))}`;
  else if (value instanceof Set) text = `Set(${value.size}) ${[...value].slice(0, 6).map(shallow).join(', ')}`;
  else if (Array.isArray(value)) text = `[${value.length}] ${value.slice(0, 6).map(shallow).join(', ')}`;
  else text = shallow(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One level deep, bounded: never walks a whole log or store. */
function shallow(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'object') return String(value);
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  if (Array.isArray(value)) return `[${value.length}]`;
  const keys = Object.keys(value).slice(0, 4);
  return `{${keys.map((k) => `${k}: ${typeof (value as Record<string, unknown>)[k] === 'object' ? '…' : String((value as Record<string, unknown>)[k])}`).join(', ')}}`;
}
