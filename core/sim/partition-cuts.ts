// The directed links a partition of nodes into groups cuts. Shared by the compiler (partitions
// known in advance) and the fault injector (partitions naming a role, resolved when they fire).

/** Every directed link between two different groups. */
export function cutBetweenGroups(groups: readonly (readonly string[])[]): Array<[string, string]> {
  const blocked: Array<[string, string]> = [];
  for (let i = 0; i < groups.length; i++) {
    for (let j = 0; j < groups.length; j++) {
      if (i === j) continue;
      for (const from of groups[i]!) for (const to of groups[j]!) if (from !== to) blocked.push([from, to]);
    }
  }
  return blocked;
}

/** Every directed link from a node of `from` to a different node of `to`. */
export function cutOneWay(from: readonly string[], to: readonly string[]): Array<[string, string]> {
  const blocked: Array<[string, string]> = [];
  for (const a of from) for (const b of to) if (a !== b) blocked.push([a, b]);
  return blocked;
}

/** Every directed link between a node of `a` and a different node of `b`, in both directions (`a <-> b`). */
export function cutBothWays(a: readonly string[], b: readonly string[]): Array<[string, string]> {
  return [...cutOneWay(a, b), ...cutOneWay(b, a)];
}
