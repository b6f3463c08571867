// A deep copy of a node's protocol state, so that one state can be continued along many
// schedules. Handlers mutate their node's state in place (that is what keeps the simulator
// fast), so every branch of the search that changes a node works on a copy of it; nodes an
// action does not touch are shared between a state and its successors.
//
// Generic over plain objects, class instances (the prototype is kept), arrays, Map and Set, and
// iterative: the copy's depth is not decided by recursion. Objects in `shared` (a protocol's
// read-only settings and prebuilt effects) are kept by reference.
//
// Speed: this runs once per successor state, so it allocates nothing but the copies themselves.
// The table of objects already copied and the work list are module-level and reused (the
// explorer is single-threaded per worker, and a copy never starts another one).

import { ExploreLimitError } from './limit-error.ts';

/** A state with more parts than this is refused (a runaway protocol state, not a model). */
export const MAX_CLONE_ITEMS = 1_000_000;

// Objects already copied (a log entry two arrays hold) stay one object in the copy.
let copies = new Map<object, object>();
// The work list as two parallel stacks: the source and its (still empty) copy.
const sources: object[] = [];
const targets: object[] = [];
let shared: ReadonlySet<unknown> = new Set();

function copyOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || shared.has(value)) return value;
  const known = copies.get(value);
  if (known !== undefined) return known;
  // Arrays and plain objects start as shallow copies (V8 copies those in one go, to an object of
  // the same shape) whose object-valued parts the walk then replaces with their copies.
  let target: object;
  if (Array.isArray(value)) target = value.slice();
  else {
    const prototype = Object.getPrototypeOf(value) as object | null;
    if (prototype === Object.prototype) target = { ...value };
    else if (value instanceof Map) target = new Map();
    else if (value instanceof Set) target = new Set();
    else target = Object.create(prototype) as object;
  }
  copies.set(value, target);
  sources.push(value);
  targets.push(target);
  if (copies.size > MAX_CLONE_ITEMS) throw new ExploreLimitError(`a node's state has more than ${MAX_CLONE_ITEMS} parts: too large to explore`);
  return target;
}

export function deepClone<T>(root: T, sharedObjects: ReadonlySet<unknown>): T {
  if (typeof root !== 'object' || root === null || sharedObjects.has(root)) return root;
  shared = sharedObjects;
  try {
    const result = copyOf(root) as T;
    while (sources.length > 0) {
      const source = sources.pop()!;
      const target = targets.pop()!;
      if (Array.isArray(source)) {
        const array = target as unknown[];
        for (let i = 0; i < source.length; i++) {
          const item: unknown = source[i];
          if (typeof item === 'object' && item !== null) array[i] = copyOf(item);
        }
      } else if (source instanceof Map) {
        for (const [key, value] of source) (target as Map<unknown, unknown>).set(copyOf(key), copyOf(value));
      } else if (source instanceof Set) {
        for (const item of source) (target as Set<unknown>).add(copyOf(item));
      } else {
        const from = source as Record<string, unknown>;
        const to = target as Record<string, unknown>;
        // A plain object's copy holds its primitives already; a class instance's is still empty.
        const plain = Object.getPrototypeOf(from) === Object.prototype;
        // for-in over own keys: Object.keys would allocate an array per object copied.
        for (const key in from) {
          if (!Object.prototype.hasOwnProperty.call(from, key)) continue;
          const item = from[key];
          if (typeof item === 'object' && item !== null) to[key] = copyOf(item);
          else if (!plain) to[key] = item;
        }
      }
    }
    return result;
  } finally {
    copies = new Map();
    sources.length = 0;
    targets.length = 0;
  }
}
