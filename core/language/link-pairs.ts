// The directed links a link or partition statement names: `A, B -> C` is A→C and B→C, `<->` adds
// the reverse ones, and a node is never linked to itself. The order is part of the compiled
// config, so the compiler and the scenario printer (core/sweep) share this one function; it
// imports nothing, so using it does not pull the parser into a bundle.

export function directedPairs(sources: readonly string[], targets: readonly string[], bidirectional: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (a: string, b: string) => {
    const key = `${a}\u0000${b}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b]);
  };
  for (const a of sources) {
    for (const b of targets) {
      add(a, b);
      if (bidirectional) add(b, a);
    }
  }
  return pairs;
}
