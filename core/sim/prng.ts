// The one seeded generator and its named sub-streams. Every random decision in a run comes from
// a stream derived from (seed, name): "network:n1->n2", "clock", "workload:alice", "faults",
// "timers:n3". A stream's numbers depend only on the seed and its name, never on how many numbers
// other streams consumed, so adding a client cannot reshuffle the network (ARCHITECTURE.md,
// "Deterministic"). Pure 32-bit integer math (sfc32 seeded through splitmix32): identical on every
// JavaScript engine and machine.

const TWO_POW_32 = 4294967296;
/**
 * 2⁻³²: `x * TWO_POW_MINUS_32` equals `x / TWO_POW_32` exactly (a power of two only moves the
 * exponent), and a multiplication costs a few cycles where a division costs a dozen or more.
 * The bundler turns module constants into plain variables, so V8 cannot make that swap itself.
 */
const TWO_POW_MINUS_32 = 1 / TWO_POW_32;

/** FNV-1a over UTF-16 code units: a stable 32-bit hash of a stream name. */
export function hashName(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** splitmix32 finaliser: spreads a 32-bit input over all 32 output bits. */
function mix32(input: number): number {
  let z = (input + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** A small fast generator (sfc32: 128-bit state, passes PractRand to terabytes). */
export class Rng {
  // Small integers, as long as nothing stores anything else in them first: see
  // `useDefineForClassFields` in tsconfig.json.
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(w0: number, w1: number, w2: number, w3: number) {
    this.a = w0 | 0;
    this.b = w1 | 0;
    this.c = w2 | 0;
    this.d = w3 | 0;
    // The first outputs of a freshly seeded sfc32 are still correlated with the seed words.
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.nextU32() * TWO_POW_MINUS_32;
  }

  /** True with probability p (p ≤ 0 never draws a number, so a zero-probability setting is free). */
  chance(p: number): boolean {
    if (p <= 0) return false;
    return this.float() < p;
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    if (max <= min) return min;
    const span = max - min + 1;
    if (span <= TWO_POW_32) return min + Math.floor(this.float() * span);
    // Wide ranges (hours in microseconds) take 53 bits so every value stays reachable.
    const high = this.nextU32() >>> 11;
    const low = this.nextU32();
    return min + Math.floor(((high * TWO_POW_32 + low) / 9007199254740992) * span);
  }

  /** A uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  /** A standard normal deviate (Box–Muller; consumes two numbers). */
  normal(): number {
    const u1 = (this.nextU32() + 1) / (TWO_POW_32 + 1); // never 0, so the log is finite
    const u2 = this.float();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** An index into a list of `length` items. */
  pick(length: number): number {
    return Math.floor(this.float() * length);
  }
}

/**
 * The stream named `name` of run `seed`. Seeds may be any safe integer (negative or above 2³²);
 * both halves take part so seeds 1 and 2³²+1 differ.
 */
export function streamFor(seed: number, name: string): Rng {
  const [w0, w1, w2, w3] = streamSeedWords(seed, name);
  return new Rng(w0, w1, w2, w3);
}

/** The four seed words of stream `name` of run `seed`: for a subclass of Rng that is a stream. */
export function streamSeedWords(seed: number, name: string): [number, number, number, number] {
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  const nameHash = hashName(name);
  const w0 = mix32(low ^ nameHash);
  const w1 = mix32(high ^ mix32(nameHash));
  const w2 = mix32(w0 ^ 0x6a09e667);
  const w3 = mix32(w1 ^ 0xbb67ae85);
  return [w0, w1, w2, w3];
}
