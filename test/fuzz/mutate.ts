// Mutants of real inputs, the way a newcomer's typing, a bad paste or a hostile file would make
// them: tokens deleted, duplicated and swapped, odd characters, absurd numbers, deep nesting,
// long `extends` chains, huge node lists, binary, NUL, CRLF and very long lines. Every mutant is
// a plain value drawn from fast-check with a seed, so a failing one can be made again.

import fc from 'fast-check';

/** The pieces a mutation works on: words, numbers, strings, punctuation and the space between. */
function pieces(text: string): string[] {
  return text.match(/"[^"\n]*"?|[A-Za-z_][A-Za-z0-9_]*|[0-9][0-9.]*[a-z%]*|\s+|./gsu) ?? [];
}

const NUMBERS = ['0', '-1', '-5s', '99999999999999999999', '1e308', '9007199254740993', '0.0000001ms', '100000%', '-0', '1..0', '18446744073709551616h', 'NaN', '007'];
const ODD = ['\u0000', '\uFFFD', '\u202E', '\uD800', '😀', 'é', '\u00A0', '\t', '\r', '\r\n', '\f', '\u2028', '\\', '"', '/*', '*/', '//', '{', '}', '|', '..', '*', '->'];

export type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'number'; at: number; value: string }
  | { kind: 'nest'; at: number; depth: number }
  | { kind: 'chain'; length: number }
  | { kind: 'nodes'; count: number }
  | { kind: 'binary'; at: number; bytes: number[] }
  | { kind: 'crlf' }
  | { kind: 'long-line'; at: number; length: number }
  | { kind: 'clients'; count: number };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...ODD), fc.string({ maxLength: 8, unit: 'binary' })) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('number' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer().map(String), fc.double().map(String)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nest' as const), at: fc.nat(), depth: fc.constantFrom(40, 1_000, 10_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('chain' as const), length: fc.constantFrom(5, 40, 2_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('nodes' as const), count: fc.constantFrom(0, 1, 999, 1_000, 1_001, 10_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clients' as const), count: fc.constantFrom(0, 1, 10_000, 10_001, 99_999_999) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('binary' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'crlf' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('long-line' as const), at: fc.nat(), length: fc.constantFrom(10_000, 2_000_000) }) },
);

/** A mutant: which seed input, and the mutations applied to it in order. */
export type Mutant = { base: number; mutations: Mutation[] };

export const mutantArbitrary = (bases: number): fc.Arbitrary<Mutant> =>
  fc.record({ base: fc.nat({ max: bases - 1 }), mutations: fc.array(mutationArbitrary, { minLength: 1, maxLength: 5 }) });

export function applyMutation(text: string, m: Mutation): string {
  const parts = pieces(text);
  const index = (n: number) => (parts.length === 0 ? 0 : n % parts.length);
  switch (m.kind) {
    case 'delete':
      parts.splice(index(m.at), m.length);
      return parts.join('');
    case 'duplicate': {
      const at = index(m.at);
      parts.splice(at, 0, ...parts.slice(at, at + m.length));
      return parts.join('');
    }
    case 'swap': {
      const a = index(m.a);
      const b = index(m.b);
      [parts[a], parts[b]] = [parts[b]!, parts[a]!];
      return parts.join('');
    }
    case 'insert':
      parts.splice(index(m.at), 0, m.text);
      return parts.join('');
    case 'number': {
      const numbers = parts.flatMap((p, i) => (/^[0-9]/.test(p) ? [i] : []));
      if (numbers.length === 0) return text;
      parts[numbers[m.at % numbers.length]!] = m.value;
      return parts.join('');
    }
    case 'nest': {
      const at = index(m.at);
      parts.splice(at, 0, '{'.repeat(m.depth) + '\n' + '}'.repeat(m.depth));
      return parts.join('');
    }
    case 'chain': {
      const first = /scenario\s+"([^"\n]*)"/.exec(text)?.[1] ?? 'missing';
      const chain = [`\nscenario "chain 1" extends "${first}" {\n  seed 1\n}\n`];
      for (let i = 2; i <= m.length; i++) chain.push(`scenario "chain ${i}" extends "chain ${i - 1}" {\n  seed ${i}\n}\n`);
      return text + chain.join('');
    }
    case 'nodes': {
      const names = Array.from({ length: m.count }, (_, i) => `n${i + 1}`).join(', ');
      return text.replace(/nodes [^\n]*/, `nodes ${names}`);
    }
    case 'clients':
      return text.replace(/client ([A-Za-z_]\w*)( \* \d+)?/, `client $1 * ${m.count}`);
    case 'binary': {
      parts.splice(index(m.at), 0, String.fromCharCode(...m.bytes));
      return parts.join('');
    }
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'long-line': {
      parts.splice(index(m.at), 0, 'x'.repeat(m.length));
      return parts.join('');
    }
  }
}

export function mutate(bases: readonly string[], mutant: Mutant): string {
  let text = bases[mutant.base % bases.length]!;
  for (const m of mutant.mutations) text = applyMutation(text, m);
  return text;
}

/**
 * A smaller input that still fails: drops halves, then quarters... of the lines, then of the
 * characters of what is left (delta debugging, bounded by `maxTries` calls of `fails`).
 */
export async function minimise(text: string, fails: (candidate: string) => Promise<boolean>, maxTries = 200): Promise<string> {
  let current = text;
  let tries = 0;
  for (const unit of ['line', 'char'] as const) {
    let parts = unit === 'line' ? current.split(/(?<=\n)/) : [...current];
    for (let chunk = Math.max(1, Math.floor(parts.length / 2)); chunk >= 1 && tries < maxTries; chunk = Math.floor(chunk / 2)) {
      for (let start = 0; start < parts.length && tries < maxTries; ) {
        const candidate = [...parts.slice(0, start), ...parts.slice(start + chunk)];
        tries++;
        if (candidate.length > 0 && (await fails(candidate.join('')))) parts = candidate;
        else start += chunk;
      }
      if (chunk === 1) break;
    }
    current = parts.join('');
    // Character-level work on a big input would take every try on one long line.
    if (current.length > 20_000) break;
  }
  return current;
}
