// Lifts a per-key model to one state holding every key, for checks that are not local and so
// cannot be split by key (sequential consistency).

import type { Operation } from '../../history/operations.ts';
import { IMPOSSIBLE, Model } from '../model.ts';

type Store<S> = { keys: string[]; states: S[]; hash: string };

export function wholeStore<S>(model: Model<S>): Model<Store<S>> {
  const make = (keys: string[], states: S[]): Store<S> => ({
    keys,
    states,
    hash: keys.map((k, i) => `${k.length}:${k}=${String(model.hash(states[i]!))}`).join('|'),
  });
  return {
    name: model.name,
    init: () => make([], []),
    step(store, op: Operation) {
      const key = op.key ?? '';
      let i = store.keys.indexOf(key);
      const before = i < 0 ? model.init() : store.states[i]!;
      const after = model.step(before, op);
      if (after === IMPOSSIBLE) return IMPOSSIBLE;
      if (i >= 0 && model.equal(after, before)) return store;
      const keys = [...store.keys];
      const states = [...store.states];
      if (i < 0) {
        // Keep keys sorted so equal stores hash alike.
        i = keys.findIndex((k) => k > key);
        if (i < 0) i = keys.length;
        keys.splice(i, 0, key);
        states.splice(i, 0, after);
      } else states[i] = after;
      return make(keys, states);
    },
    hash: (s) => s.hash,
    equal: (a, b) => a.hash === b.hash,
    includes: (op) => model.includes(op),
    readOnly: (op) => model.readOnly?.(op) ?? false,
    neverRefused: (op) => model.neverRefused?.(op) ?? false,
    describeOp: (op) => model.describeOp(op),
    describeState: (s) => s.keys.map((k, i) => `${k}: ${model.describeState(s.states[i]!)}`).join(', ') || 'empty',
  };
}
