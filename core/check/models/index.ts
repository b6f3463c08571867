// The built-in models by name, and the choice of a model for a history: the one the user named,
// or the one its operations call for (per key when keys call for different ones). Anything that
// no model knows, or that several could mean, is refused with what is supported.

import type { Operation } from '../../history/operations.ts';
import type { Model } from '../model.ts';
import { counterModel } from './counter.ts';
import { kvModel, kvWholeStoreModel } from './kv.ts';
import { listModel } from './list.ts';
import { multiRegisterModel } from './multi-register.ts';
import { mutexModel } from './mutex.ts';
import { partitionByKey } from './partition-by-key.ts';
import { KeyedKind, perKeyModel } from './per-key.ts';
import { queueModel } from './queue.ts';
import { registerModel } from './register.ts';
import { setModel } from './set.ts';
import { shown } from './value-shapes.ts';

export const MODEL_NAMES = ['register', 'cas-register', 'kv', 'counter', 'list', 'set', 'queue', 'mutex', 'multi-register'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

const MODELS: Record<ModelName, Model<unknown>> = {
  register: registerModel as Model<unknown>,
  // Knossos's cas-register is our register: read, write and compare-and-set.
  'cas-register': registerModel as Model<unknown>,
  kv: kvModel as Model<unknown>,
  counter: counterModel as Model<unknown>,
  list: listModel as Model<unknown>,
  set: setModel as Model<unknown>,
  queue: queueModel as Model<unknown>,
  mutex: mutexModel as Model<unknown>,
  'multi-register': multiRegisterModel as Model<unknown>,
};

export function modelByName(name: ModelName): Model<unknown> {
  return MODELS[name];
}

/** Every model with the operations it knows, for refusals: "register (read, write, cas, ...)". */
export function supportedOperations(): string {
  const seen = new Set<Model<unknown>>();
  const parts: string[] = [];
  for (const name of MODEL_NAMES) {
    const m = MODELS[name];
    if (seen.has(m)) continue;
    seen.add(m);
    parts.push(`${name} (${(m.operations ?? []).join(', ')})`);
  }
  return parts.join('; ');
}

/**
 * A refusal says why twice: `message` for `faultline check`, whose user can name a model with
 * --model, and `reason` for a run's report, whose user cannot.
 */
export type ModelChoice = { ok: true; model: Model<unknown>; name: string } | { ok: false; message: string; reason: string };

const KNOWN: ReadonlySet<string> = new Set(MODEL_NAMES.flatMap((n) => MODELS[n].operations ?? []));

/** Whether a read returned a collection (a set read) rather than a number (a counter read). */
const readsCollections = (ops: ReadonlyArray<Operation>): boolean => ops.some((op) => op.f === 'read' && op.outcome === 'ok' && Array.isArray(op.output));
/** Appends and nothing else on this key: no read to tell a string from a list. */
const onlyUnreadAppends = (ops: ReadonlyArray<Operation>): boolean => ops.every((op) => op.f === 'append');
const readsStrings = (ops: ReadonlyArray<Operation>): boolean => ops.some((op) => (op.f === 'read' || op.f === 'get') && op.outcome === 'ok' && typeof op.output === 'string');

/**
 * The distinct operation names of `ops`. Names repeat in runs and alternations (write, read,
 * write, ...), so the last two seen are compared first and the Set is asked only on a change.
 */
function distinctOperations(ops: ReadonlyArray<Operation>): Set<string> {
  const fs = new Set<string>();
  let last: string | undefined;
  let before: string | undefined;
  for (const op of ops) {
    const f = op.f;
    if (f === last || f === before) continue;
    before = last;
    last = f;
    fs.add(f);
  }
  return fs;
}

/** The model one key's operations call for. */
function kindOf(ops: ReadonlyArray<Operation>): ModelName {
  const fs = distinctOperations(ops);
  if (fs.has('txn')) return 'multi-register';
  if (fs.has('acquire') || fs.has('release')) return 'mutex';
  if (fs.has('enqueue') || fs.has('dequeue')) return 'queue';
  if (fs.has('increment')) return 'counter';
  if (fs.has('add')) return readsCollections(ops) ? 'set' : 'counter';
  // Porcupine's kv logs: get/put/append on strings. Faultline's and Jepsen's appends: lists.
  if (fs.has('get') || fs.has('put')) return 'kv';
  if (fs.has('append')) return readsStrings(ops) ? 'kv' : 'list';
  return 'register';
}

const KEYED: ReadonlySet<string> = new Set<KeyedKind>(['register', 'counter', 'list']);

/**
 * The model for a history: `requested` when given (refused when the history has operations it
 * does not know), else the one the operations call for, per key when keys differ.
 */
export function chooseModel(ops: ReadonlyArray<Operation>, requested?: ModelName): ModelChoice {
  const fs = distinctOperations(ops);
  if ([...fs].some((f) => !KNOWN.has(f))) {
    const op = ops.find((o) => !KNOWN.has(o.f))!;
    return {
      ok: false,
      message: `no model knows the operation :${op.f} (process ${String(op.process)}); supported: ${supportedOperations()}`,
      reason: `no consistency model describes what ${/^[aeiou]/.test(op.f) ? 'an' : 'a'} ${op.f} does to the data (process ${String(op.process)}'s, for one)`,
    };
  }
  let choice: ModelChoice;
  if (requested !== undefined) choice = { ok: true, model: MODELS[requested], name: requested };
  else {
    const byKey = new Map<string | undefined, Operation[]>();
    for (const list of partitionByKey(ops)) byKey.set(list[0]!.key, list);
    const kinds = new Map<string | undefined, ModelName>();
    for (const [key, list] of byKey) kinds.set(key, kindOf(list));
    // A key only ever appended to, never read, calls for no model of its own (Porcupine's kv and
    // a list both describe an append): it follows the other keys rather than split them into
    // "different models" (corpus c01-bad: key 4 has one append and no read).
    const unread = new Set([...byKey].filter(([, list]) => onlyUnreadAppends(list)).map(([key]) => key));
    const decided = new Set([...kinds].filter(([key]) => !unread.has(key)).map(([, kind]) => kind));
    const [only] = decided;
    if (decided.size === 1 && MODELS[only!].operations?.includes('append') !== false) for (const key of unread) kinds.set(key, only!);
    const distinct = [...new Set(kinds.values())];
    if (distinct.length <= 1) {
      const name = distinct[0] ?? 'register';
      choice = { ok: true, model: MODELS[name], name };
    } else if (distinct.every((k) => KEYED.has(k))) {
      const model = perKeyModel(kinds as Map<string | undefined, KeyedKind>);
      choice = { ok: true, model, name: model.name };
    } else {
      const where = distinct.map((k) => `${k} (key ${String([...kinds].find(([, v]) => v === k)![0] ?? 'none')})`).join(', ');
      return { ok: false, message: `the keys call for different models: ${where}; choose one with --model`, reason: `the keys call for models that do not combine: ${where}` };
    }
  }
  const known = choice.model.operations;
  if (known !== undefined) {
    const knows = new Set(known);
    const stray = [...fs].some((f) => !knows.has(f)) ? ops.find((op) => !knows.has(op.f)) : undefined;
    if (stray !== undefined) {
      return {
        ok: false,
        message: `the ${choice.name} model knows ${known.join(', ')}, not :${stray.f} (process ${String(stray.process)}); choose another --model (${MODEL_NAMES.join(', ')})`,
        reason: `the ${choice.name} model these operations call for does not describe ${/^[aeiou]/.test(stray.f) ? 'an' : 'a'} ${stray.f} (process ${String(stray.process)}'s, for one)`,
      };
    }
  }
  return choice;
}

/** The first operation whose value the model cannot read, as a sentence; null when all are fine. */
export function malformedOperation(ops: ReadonlyArray<Operation>, model: Model<unknown>): string | null {
  if (model.malformed === undefined) return null;
  for (const op of ops) {
    const why = model.malformed(op);
    if (why !== null) return `process ${String(op.process)}'s :${op.f} ${shown(op.outcome === 'ok' && op.f !== 'write' && op.f !== 'cas' ? op.output : op.input)}: ${why}`;
  }
  return null;
}

export { counterModel, kvModel, kvWholeStoreModel, listModel, multiRegisterModel, mutexModel, queueModel, registerModel, setModel };
