// Empty arrays that will hold objects, made so from the start.
//
// `[]` starts out as a list of small integers, and the first object pushed converts it. V8
// compiles a hot function for the arrays it has seen so far: a run's history and timeline, which
// are new each run and converted at their first push, then make code optimized during an earlier
// run deoptimize and be compiled again. An array that already holds objects needs no conversion.

/** An empty array whose element kind is "objects" from the start (see above). */
export function objectList<T extends object>(): T[] {
  const list: unknown[] = [null]; // a literal holding an object, not a small integer
  list.pop();
  return list as T[];
}
