// A deep copy of a node's protocol state, so that one state can be continued along many
// schedules. Handlers mutate their node's state in place (that is what keeps the simulator
// fast), so every branch of the search that changes a node works on a copy of it; nodes an
// action does not touch are shared between a state and its successors.
//
// Generic over plain objects, class instances (the prototype is kept), arrays, Map and Set, and
// iterative: the copy's depth is not decided by recursion. Objects in `shared` (a protocol's
// read-only settings and prebuilt effects) are kept by reference.

import { ExploreLimitError } from './limit-error.ts';

/** A state with more parts than this is refused (a runaway protocol state, not a model). */
export const MAX_CLONE_ITEMS = 1_000_000;

export function deepClone<T>(root: T, shared: ReadonlySet<unknown>): T {
  if (typeof root !== 'object' || root === null || shared.has(root)) return root;
  // Objects already copied (a log entry two arrays hold) stay one object in the copy.
  const copies = new Map<object, object>();
  const work: Array<[source: object, target: object]> = [];
  const copyOf = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null || shared.has(value)) return value;
    const known = copies.get(value);
    if (known !== undefined) return known;
    let target: object;
    if (Array.isArray(value)) target = new Array(value.length);
    else if (value instanceof Map) target = new Map();
    else if (value instanceof Set) target = new Set();
    else target = Object.create(Object.getPrototypeOf(value) as object | null) as object;
    copies.set(value, target);
    work.push([value, target]);
    if (copies.size > MAX_CLONE_ITEMS) throw new ExploreLimitError(`a node's state has more than ${MAX_CLONE_ITEMS} parts: too large to explore`);
    return target;
  };
  const result = copyOf(root) as T;
  while (work.length > 0) {
    const [source, target] = work.pop()!;
    if (Array.isArray(source)) {
      const array = target as unknown[];
      for (let i = 0; i < source.length; i++) array[i] = copyOf(source[i]);
    } else if (source instanceof Map) {
      for (const [key, value] of source) (target as Map<unknown, unknown>).set(copyOf(key), copyOf(value));
    } else if (source instanceof Set) {
      for (const item of source) (target as Set<unknown>).add(copyOf(item));
    } else {
      const from = source as Record<string, unknown>;
      const to = target as Record<string, unknown>;
      for (const key of Object.keys(from)) to[key] = copyOf(from[key]);
    }
  }
  return result;
}
