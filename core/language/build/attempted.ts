// Statements that were written but could not be read (`run for 10` without a unit). The
// builder leaves them out of the tree; this side table remembers them so validation does not
// pile "missing `run for`" on top of the message that already explains the line.

const attempted = new WeakMap<object, Set<string>>();

export function markAttempted(owner: object, statement: string): void {
  let set = attempted.get(owner);
  if (set === undefined) attempted.set(owner, (set = new Set()));
  set.add(statement);
}

export function wasAttempted(owner: object | undefined, statement: string): boolean {
  return owner !== undefined && (attempted.get(owner)?.has(statement) ?? false);
}
