// What a history alone reveals about versions, per key, for the session guarantees and stale
// reads. Two kinds of values are understood:
//  - registers (write/put/cas with distinct values): a read names the write it saw by its value;
//    one write is known older than another when it completed before the other was invoked
//    ('real-time', what stale reads need) — or, for the session guarantees ('process'), only
//    when both came from one process: sequential consistency, which implies every session
//    guarantee, may order two processes' writes against real time, so a read of another
//    process's earlier write proves no session guarantee broken. Reads of values written twice
//    are skipped (ambiguous).
//  - append logs (kv append): a read returns the whole log, so it shows every append it saw and
//    their order; a read is older than another when its value is a strict prefix of the other.

import { isRead, type Operation } from '../../history/operations.ts';
import { counterVersions, isGrowingCounter } from './counter-versions.ts';

export const INITIAL = -1;
/** A read whose source write cannot be named (several writes wrote its value). */
const AMBIGUOUS = -2;

export type KeyVersions = {
  kind: 'register' | 'append' | 'counter';
  /** Operations on this key that completed successfully and changed (or may have changed) it. */
  writes: Operation[];
  /** Reads on this key with a definite result. */
  reads: Operation[];
  /** Whether read r reflects write w (its effect, or something known newer); null when unknown. */
  observes(r: Operation, w: Operation): boolean | null;
  /** Whether what read a saw is known to be strictly older than what read b saw. */
  olderRead(a: Operation, b: Operation): boolean;
  /** Whether read r saw exactly the effect of write w as the newest one; null when unknown. */
  sawLast(r: Operation, w: Operation): boolean | null;
  /** Whether read r's value comes from the same write as read s's (register), or equals it (append). */
  sameSource(r: Operation, s: Operation): boolean;
  /**
   * Registers: the one write whose value read r returned (sawLast(r, w) is true for it alone);
   * undefined when no single write explains it, and always for append logs (many writes may end
   * a log). Lets checks look pairs up by the write instead of scanning every pair.
   */
  seenWrite(r: Operation): Operation | undefined;
};

const okRead = (op: Operation): boolean => isRead(op) && op.outcome === 'ok';
const isWrite = (op: Operation): boolean =>
  op.outcome === 'ok' && (op.f === 'write' || op.f === 'put' || op.f === 'transfer' || op.f === 'append' || op.f === 'cas');

function writtenValue(op: Operation): unknown {
  if (op.f === 'cas') return Array.isArray(op.input) ? op.input[1] : undefined;
  return op.input;
}

function keyOfValue(v: unknown): string {
  return JSON.stringify(v ?? null);
}

/** What the version rules below read: reads, writes that name their value, and increments. */
const READABLE: ReadonlySet<string> = new Set(['read', 'get', 'write', 'put', 'transfer', 'append', 'cas', 'increment', 'add']);

/**
 * The first operation whose effect on the data these rules cannot read, or undefined. A saga's
 * `request` changes keys it does not name (the history's key is the saga's, not inventory's); a
 * lock, a queue or a transaction changes state no read here explains; a counter that also goes
 * down has counts that are no versions. Judged without them, every session guarantee "held":
 * the reads' sources were unknown, so nothing could break — a verdict about nothing.
 */
export function unreadableOperation(ops: ReadonlyArray<Operation>): Operation | undefined {
  const isIncrement = (op: Operation) => op.f === 'increment' || op.f === 'add';
  const counterKeys = new Set<string>();
  for (const op of ops) {
    if (!READABLE.has(op.f)) return op;
    if (isIncrement(op)) counterKeys.add(op.key ?? '');
  }
  // A key with increments: only a counter that only grows has counts that order its reads.
  if (counterKeys.size === 0) return undefined;
  const groups = new Map<string, Operation[]>();
  for (const op of ops) {
    const key = op.key ?? '';
    if (!counterKeys.has(key)) continue;
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = []));
    group.push(op);
  }
  for (const group of groups.values()) if (!isGrowingCounter(group)) return group.find(isIncrement);
  return undefined;
}

/**
 * a came before b for sure: a completed before b was invoked. Issue order within one process is
 * not enough: an open-loop client keeps several operations in flight, and two overlapping
 * operations of one client may take effect in either order. (In Jepsen histories a process has
 * one operation at a time, so there the two rules agree.)
 */
export function precedes(a: Operation, b: Operation): boolean {
  return a.ret !== null && a.ret < b.call;
}

/** Which register writes are known older than others: by real time, or within one process only. */
export type VersionOrder = 'real-time' | 'process';

export function versionsByKey(ops: Operation[], order: VersionOrder = 'real-time'): Map<string, KeyVersions> {
  const groups = new Map<string, Operation[]>();
  for (const op of ops) {
    const k = op.key ?? '';
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = []));
    g.push(op);
  }
  const out = new Map<string, KeyVersions>();
  for (const [key, group] of groups) {
    const reads = group.filter(okRead);
    if (isGrowingCounter(group)) {
      out.set(key, counterVersions(group, reads));
      continue;
    }
    const writes = group.filter(isWrite);
    out.set(key, writes.some((w) => w.f === 'append') ? appendVersions(writes, reads) : registerVersions(writes, reads, order));
  }
  return out;
}

function registerVersions(writes: Operation[], reads: Operation[], order: VersionOrder): KeyVersions {
  const byValue = new Map<string, Operation[]>();
  for (const w of writes) {
    const k = keyOfValue(writtenValue(w));
    const list = byValue.get(k) ?? [];
    list.push(w);
    byValue.set(k, list);
  }
  // Each check asks about the same reads many times (pairs, windows): find a read's source once.
  // One lookup per question (the session checks ask ~800,000 for a 120 s run): an ambiguous
  // source is remembered as AMBIGUOUS, so a miss means "not asked yet".
  const sources = new Map<Operation, Operation | typeof INITIAL | typeof AMBIGUOUS>();
  /** The write a read saw: INITIAL for nil with no write of nil, undefined when ambiguous. */
  const source = (r: Operation): Operation | typeof INITIAL | undefined => {
    const known = sources.get(r);
    if (known !== undefined) return known === AMBIGUOUS ? undefined : known;
    const list = byValue.get(keyOfValue(r.output));
    const found = list === undefined ? (r.output === null || r.output === undefined ? INITIAL : undefined) : list.length === 1 ? list[0] : undefined;
    sources.set(r, found ?? AMBIGUOUS);
    return found;
  };
  const older = (a: Operation | typeof INITIAL, b: Operation | typeof INITIAL): boolean => {
    if (a === b) return false;
    if (a === INITIAL) return true;
    if (b === INITIAL) return false;
    return (order === 'real-time' || a.process === b.process) && precedes(a, b);
  };
  return {
    kind: 'register',
    writes,
    reads,
    observes(r, w) {
      const s = source(r);
      if (s === undefined) return null;
      if (s === w) return true;
      if (older(s, w)) return false;
      return null;
    },
    olderRead(a, b) {
      const sa = source(a);
      const sb = source(b);
      return sa !== undefined && sb !== undefined && older(sa, sb);
    },
    sawLast(r, w) {
      const s = source(r);
      return s === undefined ? null : s === w;
    },
    sameSource(r, s) {
      const a = source(r);
      return a !== undefined && a === source(s);
    },
    seenWrite(r) {
      const s = source(r);
      return s === INITIAL ? undefined : s;
    },
  };
}

/**
 * A read of an append log returns every append it saw, in order: a string (kv: appends
 * concatenate) or a list (Faultline's and Jepsen's append-only lists: one element per append).
 * Lists compare element by element, so a read of [7 5] is not mistaken for one of "75".
 */
function appendVersions(writes: Operation[], reads: Operation[]): KeyVersions {
  const isList = reads.some((r) => Array.isArray(r.output));
  const elements = new Map<Operation, string[]>();
  const list = (r: Operation): string[] => {
    let e = elements.get(r);
    if (e === undefined) elements.set(r, (e = Array.isArray(r.output) ? r.output.map(keyOfValue) : []));
    return e;
  };
  const isPrefix = (a: string[], b: string[]): boolean => a.length <= b.length && a.every((x, i) => x === b[i]);
  if (isList) {
    return {
      kind: 'append',
      writes,
      reads,
      observes(r, w) {
        if (w.f !== 'append') return null;
        return list(r).includes(keyOfValue(w.input));
      },
      olderRead(a, b) {
        const la = list(a);
        const lb = list(b);
        return la.length < lb.length && isPrefix(la, lb);
      },
      sawLast(r, w) {
        if (w.f !== 'append') return null;
        const l = list(r);
        return l.length > 0 && l[l.length - 1] === keyOfValue(w.input);
      },
      sameSource(r, s) {
        const lr = list(r);
        const ls = list(s);
        return lr.length === ls.length && isPrefix(lr, ls);
      },
      seenWrite: () => undefined,
    };
  }
  const text = (r: Operation): string => (typeof r.output === 'string' ? r.output : '');
  return {
    kind: 'append',
    writes,
    reads,
    observes(r, w) {
      if (w.f !== 'append') return null;
      return text(r).includes(String(w.input ?? ''));
    },
    olderRead(a, b) {
      const ta = text(a);
      const tb = text(b);
      return ta.length < tb.length && tb.startsWith(ta);
    },
    sawLast(r, w) {
      return w.f === 'append' ? text(r).endsWith(String(w.input ?? '')) : null;
    },
    sameSource(r, s) {
      return text(r) === text(s);
    },
    seenWrite: () => undefined,
  };
}
