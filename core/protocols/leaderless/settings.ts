// The leaderless options as the handlers use them, read once per node. Names are the ones declared
// in ./options.ts; a missing or out-of-range value falls back to something that still runs (the
// language reports bad values to the user before a run; a hand-built SimConfig is clamped here).

import type { OptionValue } from '../../types/sim-config.ts';

export type ConflictResolution = 'lww' | 'siblings' | 'crdt';

export type LeaderlessSettings = {
  /** Replicas per key, at most the cluster size. */
  n: number;
  r: number;
  w: number;
  sloppyQuorum: boolean;
  hintedHandoff: boolean;
  resolution: ConflictResolution;
  readRepair: boolean;
  // The three timings below are not declared in ./options.ts, so a scenario cannot set them yet
  // (a declared option must also be documented in docs/language.md); the defaults suit the
  // millisecond latencies of the samples, and a hand-built SimConfig (tests) may set them.
  /** How long a coordinator waits for home replicas before asking stand-ins (sloppy quorum). */
  standInAfterUs: number;
  /** How long a coordinator keeps a request open before giving up on it silently. */
  requestTimeoutUs: number;
  /** How often a node with open requests or held hints looks at them again. */
  tickUs: number;
};

const RESOLUTIONS: readonly ConflictResolution[] = ['lww', 'siblings', 'crdt'];

export function readSettings(options: Readonly<Record<string, OptionValue>>, clusterSize: number): LeaderlessSettings {
  const n = clamp(intOption(options['n'], 3), 1, Math.max(1, clusterSize));
  const resolution = options['conflict resolution'];
  return {
    n,
    r: clamp(intOption(options['r'], 2), 1, n),
    w: clamp(intOption(options['w'], 2), 1, n),
    sloppyQuorum: boolOption(options['sloppy quorum'], false),
    hintedHandoff: boolOption(options['hinted handoff'], false),
    resolution:
      typeof resolution === 'string' && (RESOLUTIONS as readonly string[]).includes(resolution) ? (resolution as ConflictResolution) : 'lww',
    readRepair: boolOption(options['read repair'], true),
    standInAfterUs: positive(options['stand in after'], 100_000),
    requestTimeoutUs: positive(options['request timeout'], 1_000_000),
    tickUs: positive(options['check every'], 50_000),
  };
}

function intOption(value: OptionValue | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
}

function positive(value: OptionValue | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function boolOption(value: OptionValue | undefined, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'on' || value === 'true' || value === 'yes') return true;
  if (value === 'off' || value === 'false' || value === 'no') return false;
  return fallback;
}
