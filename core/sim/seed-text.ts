// What a seed is, for every place a person types one: the CLI's --seed and --from, the
// playground's seed box, the debugger's launch seed, the editor's faultline.defaultSeed. The
// scenario language already reads `seed N` as an unsigned safe integer; these must agree with it,
// or 99999999999999999999 becomes 1e20 (not the number typed) in one place and an error in another.

/** The largest seed: beyond it a JavaScript number no longer holds every whole number exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export type SeedText = { ok: true; seed: number } | { ok: false; error: string };

/** True for a whole number from 0 to MAX_SEED. */
export function isSeed(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Reads a seed as typed: decimal digits only (no sign, exponent, hex or fraction), at most MAX_SEED. */
export function parseSeed(text: string): SeedText {
  const digits = text.trim();
  const seed = Number(digits);
  if (/^\d+$/.test(digits) && isSeed(seed)) return { ok: true, seed };
  const shown = digits === '' ? 'nothing' : `'${digits.length > 40 ? `${digits.slice(0, 40)}…` : digits}'`;
  return { ok: false, error: `a seed is a whole number from 0 to ${MAX_SEED}, got ${shown}` };
}
