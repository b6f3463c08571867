// Draws one message delay from a declared latency distribution, in whole microseconds, never
// negative (a normal distribution's left tail is cut at zero rather than sending into the past).

import type { LatencyDistribution, Micros } from '../types/sim-config.ts';
import type { Rng } from './prng.ts';

export function sampleLatency(distribution: LatencyDistribution, rng: Rng): Micros {
  switch (distribution.kind) {
    case 'fixed':
      return Math.max(0, Math.round(distribution.us));
    case 'uniform':
      return Math.max(0, rng.int(Math.round(distribution.minUs), Math.round(distribution.maxUs)));
    case 'normal':
      return Math.max(0, Math.round(distribution.meanUs + rng.normal() * distribution.sdUs));
    case 'exponential':
      // Inverse transform; 1 - u is in (0, 1] so the log is finite.
      return Math.max(0, Math.round(-Math.log(1 - rng.float()) * distribution.meanUs));
  }
}

/** The distribution's mean, used to size the extra delay of a reordered message. */
export function meanLatency(distribution: LatencyDistribution): Micros {
  switch (distribution.kind) {
    case 'fixed':
      return distribution.us;
    case 'uniform':
      return (distribution.minUs + distribution.maxUs) / 2;
    case 'normal':
      return distribution.meanUs;
    case 'exponential':
      return distribution.meanUs;
  }
}
