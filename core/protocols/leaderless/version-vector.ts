// Version vectors: one counter per node that coordinated a write of the key. Comparing two tells
// whether one value was written knowing the other (it is newer) or neither knew the other (they
// are concurrent) — something no timestamp can say, because nodes share no clock.

/** node → how many writes of this key that node has coordinated, as far as this value knows. */
export type VersionVector = Readonly<Record<string, number>>;

export type Ordering = 'before' | 'after' | 'equal' | 'concurrent';

export const EMPTY_VECTOR: VersionVector = Object.freeze({});

/** How `a` relates to `b`: `before` means every entry of a is ≤ b's and one is smaller. */
export function compareVectors(a: VersionVector, b: VersionVector): Ordering {
  let aBigger = false;
  let bBigger = false;
  for (const node in a) {
    const x = a[node]!;
    const y = b[node] ?? 0;
    if (x > y) aBigger = true;
    else if (x < y) bBigger = true;
  }
  for (const node in b) {
    if (node in a) continue;
    if (b[node]! > 0) bBigger = true;
  }
  if (aBigger && bBigger) return 'concurrent';
  if (aBigger) return 'after';
  if (bBigger) return 'before';
  return 'equal';
}

/** The entry-wise maximum: a vector that has seen everything either one saw. */
export function mergeVectors(a: VersionVector, b: VersionVector): VersionVector {
  const out: Record<string, number> = { ...a };
  for (const node in b) if ((out[node] ?? 0) < b[node]!) out[node] = b[node]!;
  return out;
}

/** The vector of a new write by `node` made with knowledge `context`. */
export function incrementVector(context: VersionVector, node: string): VersionVector {
  return { ...context, [node]: (context[node] ?? 0) + 1 };
}

/** `[n1:2, n2:1]`, nodes in name order, for the inspector and reports. */
export function formatVector(v: VersionVector): string {
  return `[${Object.keys(v).sort().map((n) => `${n}:${v[n]}`).join(', ')}]`;
}
