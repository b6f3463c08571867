// Empty arrays that will hold objects, made so from the start.
//
// `[]` starts out as a list of small integers, and the first object pushed converts it. V8
// optimizes a hot function for the kinds of arrays it has seen: where fresh arrays keep arriving
// (a run's history and timeline, the engine's effect list, a Raft node's log and pending lists —
// all new in every run), code optimized earlier meets an unconverted one and either deoptimizes
// and is compiled again, or handles both kinds, with a generic call where one kind needs none.
// An array that holds objects from the start is always the same kind.

/** An empty array whose element kind is "objects" (or undefined) from the start (see above). */
export function objectList<T>(): T[] {
  const list: unknown[] = [null]; // a literal holding an object, not a small integer
  list.pop();
  return list as T[];
}
