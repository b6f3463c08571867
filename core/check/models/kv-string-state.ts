// Hash-consed string values for the key-value model. A value is a node: a parent value plus an
// appended piece, so an append costs O(1) instead of copying a growing string, and equal
// (parent, piece) pairs are the same node, so states compare by identity. A read compares its
// result against a node through a rolling hash first and verifies exactly only when the hashes
// agree. Each check makes its own forest (in `init`), so nothing leaks from one check to the next.

const BASE = 0x01000193; // FNV prime, as the multiplier of a polynomial rolling hash mod 2^32

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

function power(n: number): number {
  let result = 1;
  let b = BASE;
  while (n > 0) {
    if (n & 1) result = Math.imul(result, b);
    b = Math.imul(b, b);
    n >>>= 1;
  }
  return result;
}

export class StringForest {
  private nextId = 0;
  private readonly roots = new Map<string, ValueNode>();
  private readonly hashes = new Map<string, number>();

  hashOf(s: string): number {
    let h = this.hashes.get(s);
    if (h === undefined) {
      h = hashString(s);
      this.hashes.set(s, h);
    }
    return h;
  }

  private readonly prefixes = new Map<string, Int32Array>();

  /** Rolling hashes of every prefix of `s` (entry k: the first k characters). */
  prefixHashes(s: string): Int32Array {
    let p = this.prefixes.get(s);
    if (p === undefined) {
      p = new Int32Array(s.length + 1);
      for (let i = 0; i < s.length; i++) p[i + 1] = (Math.imul(p[i]!, BASE) + s.charCodeAt(i)) | 0;
      this.prefixes.set(s, p);
    }
    return p;
  }

  /** The value that is exactly `s` (the initial "" or the result of a put). */
  root(s: string): ValueNode {
    let node = this.roots.get(s);
    if (node === undefined) {
      node = new ValueNode(this, this.nextId++, null, s, s.length, this.hashOf(s));
      this.roots.set(s, node);
    }
    return node;
  }

  /** `parent` followed by `piece`. */
  child(parent: ValueNode, piece: string): ValueNode {
    if (piece === '') return parent;
    // Children are a sibling list, not a Map: few per node, and a Map per node costs more
    // memory (and garbage collection) than the short scan does.
    for (let c = parent.firstChild; c !== null; c = c.nextSibling) if (c.piece === piece) return c;
    const h = (Math.imul(parent.hash, this.power(piece.length)) + this.hashOf(piece)) | 0;
    const node = new ValueNode(this, this.nextId++, parent, piece, parent.length + piece.length, h);
    node.nextSibling = parent.firstChild;
    parent.firstChild = node;
    return node;
  }

  private readonly powers: number[] = [];

  private power(n: number): number {
    let p = this.powers[n];
    if (p === undefined) this.powers[n] = p = power(n);
    return p;
  }
}

export class ValueNode {
  firstChild: ValueNode | null = null;
  nextSibling: ValueNode | null = null;
  constructor(
    readonly forest: StringForest,
    readonly id: number,
    readonly parent: ValueNode | null,
    readonly piece: string,
    readonly length: number,
    readonly hash: number,
  ) {}

  /** Whether this value is exactly `s`. */
  equals(s: string): boolean {
    if (s.length !== this.length || this.forest.hashOf(s) !== this.hash) return false;
    let end = s.length;
    for (let node: ValueNode | null = this; node !== null; node = node.parent) {
      const start = end - node.piece.length;
      if (!s.startsWith(node.piece, start)) return false;
      end = start;
    }
    return end === 0;
  }

  /** False when this value is certainly not a prefix of `s` (hashes differ); true when it may be. */
  mayPrefix(s: string): boolean {
    if (this.length > s.length) return false;
    return this.forest.prefixHashes(s)[this.length] === this.hash;
  }

  toString(): string {
    const parts: string[] = [];
    for (let node: ValueNode | null = this; node !== null; node = node.parent) parts.push(node.piece);
    return parts.reverse().join('');
  }
}
