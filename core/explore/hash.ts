// A 64-bit fingerprint of any protocol state, built as two independent 32-bit lanes (murmur3's
// mixing with different seeds). The explorer keeps only fingerprints of the states it has seen,
// so two distinct states sharing one would hide the second: with 64 bits and ten million states
// the chance of any collision is about 3 in a million (the birthday bound n²/2⁶⁵), the same
// trade TLC and Stateright make.
//
// The walk is generic (objects, arrays, Map, Set, strings, numbers) and iterative: a protocol's
// state is data, and how deep it nests is the protocol's business, not a reason for recursion.
// Objects are hashed in key insertion order, so two equal states built in different orders may
// get different fingerprints: that only costs a duplicate expansion, never a missed state.

import { ExploreLimitError } from './limit-error.ts';

/** States nested deeper or larger than this are refused rather than walked forever. */
export const MAX_HASH_ITEMS = 1_000_000;

/** Hash codes of strings seen, up to this many (then the cache starts over). */
const MAX_CACHED_STRINGS = 100_000;
const stringCodes = new Map<string, number>();

export class Hasher {
  hi = 0x9747b28c;
  lo = 0x3c6ef372;

  reset(): void {
    this.hi = 0x9747b28c;
    this.lo = 0x3c6ef372;
  }

  word(value: number): void {
    this.hi = mix(this.hi, value);
    this.lo = mix(this.lo, value ^ 0x5bd1e995);
  }

  number(value: number): void {
    if ((value | 0) === value) {
      this.word(1);
      this.word(value);
      return;
    }
    // A non-integer (or a large one): hash its decimal text, which tells every double apart.
    this.word(2);
    this.string(String(value));
  }

  string(text: string): void {
    // States repeat the same few strings (keys, node names, roles): each is hashed once.
    let code = stringCodes.get(text);
    if (code === undefined) {
      code = 0x811c9dc5;
      for (let i = 0; i < text.length; i++) code = Math.imul(code ^ text.charCodeAt(i), 0x01000193);
      if (stringCodes.size >= MAX_CACHED_STRINGS) stringCodes.clear();
      stringCodes.set(text, code);
    }
    this.word(3);
    this.word(text.length);
    this.word(code);
  }

  /**
   * Any value. Objects in `shared` are the same in every state (a protocol's settings): they are
   * left out.
   *
   * Speed: this runs for every successor state. Primitives are hashed where they are met, not
   * pushed; only objects go on the (reused) stack, and object keys are walked without the array
   * Object.keys would allocate.
   */
  value(root: unknown, shared?: ReadonlySet<unknown>): void {
    if (typeof root !== 'object' || root === null) {
      this.primitive(root);
      return;
    }
    const stack = this.stack;
    const base = stack.length;
    stack.push(root);
    let walked = 0;
    try {
      while (stack.length > base) {
        if (++walked > MAX_HASH_ITEMS) throw new ExploreLimitError(`a node's state has more than ${MAX_HASH_ITEMS} parts: too large to explore`);
        const v = stack.pop();
        if (typeof v !== 'object' || v === null) {
          // Map and Set entries are pushed whole (their order is the insertion order).
          this.primitive(v);
          continue;
        }
        if (shared !== undefined && shared.has(v)) {
          this.word(13);
          continue;
        }
        if (Array.isArray(v)) {
          this.word(9);
          this.word(v.length);
          for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
          continue;
        }
        if (v instanceof Map) {
          this.word(10);
          this.word(v.size);
          // Pushed in reverse so entries are hashed in order; keys and values interleave.
          const entries = [...v];
          for (let i = entries.length - 1; i >= 0; i--) {
            stack.push(entries[i]![1]);
            stack.push(entries[i]![0]);
          }
          continue;
        }
        if (v instanceof Set) {
          this.word(11);
          this.word(v.size);
          const items = [...v];
          for (let i = items.length - 1; i >= 0; i--) stack.push(items[i]);
          continue;
        }
        this.word(12);
        const record = v as Record<string, unknown>;
        // Keys and primitive values in order, objects afterwards: the same state always walks the
        // same way, and two states that differ in any key or value hash differently.
        let count = 0;
        const mark = stack.length;
        for (const key in record) {
          if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
          count++;
          this.string(key);
          const item = record[key];
          if (typeof item === 'object' && item !== null) {
            this.word(14);
            stack.push(item);
          } else this.primitive(item);
        }
        this.word(count);
        // The objects were pushed in key order; reverse them so they are walked in key order.
        for (let i = mark, j = stack.length - 1; i < j; i++, j--) {
          const t = stack[i];
          stack[i] = stack[j];
          stack[j] = t;
        }
      }
    } finally {
      stack.length = base;
    }
  }

  private readonly stack: unknown[] = [];

  private primitive(v: unknown): void {
    switch (typeof v) {
      case 'number':
        this.number(v);
        return;
      case 'string':
        this.string(v);
        return;
      case 'boolean':
        this.word(v ? 4 : 5);
        return;
      case 'undefined':
        this.word(6);
        return;
      case 'bigint':
        this.string(`${v}n`);
        return;
      case 'function':
      case 'symbol':
        this.word(7);
        return;
    }
    this.word(8); // null
  }
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The final avalanche of one lane, so nearby inputs spread over the whole table. */
export function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}
