// A deep copy of a whole simulation (the engine, its queue, network, clients and every node's
// protocol state) for time travel's checkpoints (time-travel.ts). A generic copy, not one per
// class, so a protocol added later is checkpointed without writing anything: class instances keep
// their prototype, Maps and Sets their order, typed arrays their contents, and an object reached
// twice stays one object in the copy (aliasing is part of the state: Raft followers store the very
// entries their leader created).
//
// What is deliberately not copied:
// - functions: shared. The simulation keeps no closure over its own state (the engine is its own
//   WorkloadHost for that reason), so a shared function never reaches into the original.
// - what the protocol declares immutable (Protocol.immutable: Raft's log entries): kept by
//   reference — most of a long run's state, and the reason a checkpoint stays cheap.
// - the objects in `shared`: kept by reference. Append-only logs (the trace, the history, the
//   timeline) are shared and cut back to a remembered length instead of copied on every
//   checkpoint; the immutable config is shared whole.
//
// Iterative (an explicit work list), so a long chain of objects cannot overflow the call stack.

export function deepCopy<T>(root: T, shared: ReadonlySet<object>, immutable?: (value: object) => boolean): T {
  const copies = new Map<object, unknown>();
  const pending: Array<{ source: object; target: object }> = [];

  const copyOf = (value: unknown): unknown => {
    if (typeof value !== 'object' || value === null) return value; // primitives and functions
    if (shared.has(value)) return value;
    if (immutable !== undefined && !Array.isArray(value) && immutable(value)) return value;
    const known = copies.get(value);
    if (known !== undefined) return known;
    let target: object;
    if (ArrayBuffer.isView(value)) {
      // Typed arrays hold numbers only: one flat copy, nothing inside to visit.
      target = (value as unknown as Float64Array).slice();
      copies.set(value, target);
      return target;
    }
    if (Array.isArray(value)) target = new Array<unknown>(value.length);
    else if (value instanceof Map) target = new Map();
    else if (value instanceof Set) target = new Set();
    else if (value instanceof WeakMap || value instanceof WeakSet || value instanceof Promise) {
      // Their contents cannot be read, so a copy would be silently empty: say so instead.
      throw new Error(`a ${value.constructor.name} in the simulation's state cannot be checkpointed; keep state in Maps, Sets, arrays and objects`);
    } else target = Object.create(Object.getPrototypeOf(value) as object | null) as object;
    copies.set(value, target);
    pending.push({ source: value, target });
    return target;
  };

  const rootCopy = copyOf(root) as T;
  while (pending.length > 0) {
    const { source, target } = pending.pop()!;
    if (Array.isArray(source)) {
      const array = target as unknown[];
      for (let i = 0; i < source.length; i++) array[i] = copyOf(source[i]);
    } else if (source instanceof Map) {
      const map = target as Map<unknown, unknown>;
      for (const [key, value] of source) map.set(copyOf(key), copyOf(value));
    } else if (source instanceof Set) {
      const set = target as Set<unknown>;
      for (const value of source) set.add(copyOf(value));
    } else {
      const record = source as Record<string, unknown>;
      const copy = target as Record<string, unknown>;
      for (const key of Object.keys(record)) copy[key] = copyOf(record[key]);
    }
  }
  return rootCopy;
}
