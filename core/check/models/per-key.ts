// One model per key, chosen from the operations on that key: a run whose clients write `x`,
// increment `hits` and append to `log` checks `x` as a register, `hits` as a counter and `log`
// as an append-only list. Linearizability is local, so each key is checked apart with its own
// model (`pieceModel`); the sequential check, which is not local, steps every key in one state
// through this model, which hands each operation to its key's model.

import type { Operation } from '../../history/operations.ts';
import type { Model } from '../model.ts';
import { counterModel } from './counter.ts';
import { StringForest, ValueNode } from './kv-string-state.ts';
import { makeListModel } from './list.ts';
import { partitionByKey } from './partition-by-key.ts';
import { registerModel } from './register.ts';

export type KeyedKind = 'register' | 'counter' | 'list';

/** `kinds`: the kind of each key (operations without a key are under `undefined`). */
export function perKeyModel(kinds: ReadonlyMap<string | undefined, KeyedKind>): Model<unknown> {
  // The sequential check steps every key from this model's own init, so the lists of all keys
  // share one forest (their states must compare by identity within one check).
  const sharedList = makeListModel(new StringForest()) as Model<unknown>;
  const standalone: Record<KeyedKind, Model<unknown>> = {
    register: registerModel as Model<unknown>,
    counter: counterModel as Model<unknown>,
    list: makeListModel() as Model<unknown>,
  };
  const kindOf = (op: Operation): KeyedKind => kinds.get(op.key) ?? 'register';
  const stepping = (op: Operation): Model<unknown> => (kindOf(op) === 'list' ? sharedList : standalone[kindOf(op)]);
  const names = [...new Set(kinds.values())].sort();
  const stateModel = (s: unknown): Model<unknown> => (s instanceof ValueNode ? sharedList : registerModel as Model<unknown>);
  return {
    name: names.join(', ') + ' (by key)',
    operations: [...new Set(names.flatMap((k) => standalone[k].operations ?? []))],
    init: () => null,
    step(state, op) {
      const model = stepping(op);
      // Every key starts at nil here; a list key's nil is the empty list.
      return model.step(state === null && model === sharedList ? sharedList.init() : state, op);
    },
    hash: (s) => (s instanceof ValueNode ? 'l' + s.id : registerModel.hash(s)),
    equal: (a, b) => (a instanceof ValueNode || b instanceof ValueNode ? a === b : registerModel.equal(a, b)),
    includes: (op) => stepping(op).includes(op),
    readOnly: (op) => stepping(op).readOnly?.(op) ?? false,
    neverRefused: (op) => stepping(op).neverRefused?.(op) ?? false,
    malformed: (op) => stepping(op).malformed?.(op) ?? null,
    partition: partitionByKey,
    pieceModel: (piece) => (piece.length === 0 ? standalone.register : standalone[kindOf(piece[0]!)]),
    describeOp: (op) => stepping(op).describeOp(op),
    describeState: (s) => stateModel(s).describeState(s),
  };
}
