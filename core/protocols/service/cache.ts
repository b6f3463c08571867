// Probabilistic early refresh, after Vattani, Chierichetti and Lowenstein, "Optimal Probabilistic
// Cache Stampede Prevention" (VLDB 2015, "XFetch"). Each hit rolls a die: refresh now if
//   delta · beta · (−ln u) ≥ time left before expiry,
// with delta the time a refresh takes and u uniform in (0, 1]. Far from expiry the chance is
// negligible; it rises steeply as expiry nears, so one request (usually exactly one) refreshes
// the value a little before it expires, and the others keep hitting the cache meanwhile.

import type { Micros } from '../../types/sim-config.ts';

/** Above 1 refreshes a little earlier than the paper's default, which suits slow databases. */
export const XFETCH_BETA = 2;

export function xfetchWantsRefresh(remainingUs: Micros, refreshTakesUs: Micros, u: number): boolean {
  if (remainingUs <= 0) return true;
  const draw = u <= 0 ? 1 : u > 1 ? 1 : u;
  return refreshTakesUs * XFETCH_BETA * -Math.log(draw) >= remainingUs;
}

/**
 * A uniform number in (0, 1] from a request id and a salt. A protocol may not draw random numbers
 * itself (runs must replay), and request ids are assigned by the engine deterministically, so
 * hashing them gives a die roll that is the same on every replay of the same seed.
 */
export function uniformFromId(id: number, salt: number): number {
  let h = (Math.imul(id | 0, 0x9e3779b1) ^ Math.imul((id / 4294967296) | 0, 0x85ebca6b) ^ salt) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return (h + 1) / 4294967296;
}

/** A stable number per node name, so two instances do not roll the same dice. */
export function saltOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}
