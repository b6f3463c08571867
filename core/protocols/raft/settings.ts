// Raft's options as the handlers use them, read once per node from the compiled option record.
// The option names are the ones declared in ./options.ts (the language reads that declaration);
// a missing option falls back to the default below, so a hand-built SimConfig may omit any.

import type { OptionValue } from '../../types/sim-config.ts';

export type ReadMode = 'log' | 'read_index' | 'lease' | 'local';

export type RaftSettings = {
  electionTimeoutUs: { min: number; max: number };
  heartbeatUs: number;
  preVote: boolean;
  checkQuorum: boolean;
  readMode: ReadMode;
  maxEntriesPerAppend: number;
  /**
   * How long a leader may answer reads on its own after a majority acknowledged a heartbeat
   * (thesis §6.4.1). No follower will vote for anyone else until a minimum election timeout has
   * passed since it heard from us, so the lease is that minimum, shortened by a margin for
   * clocks that run at different rates. A clock that jumps breaks this assumption — on purpose:
   * it is what lease reads trade for their speed.
   */
  leaseUs: number;
};

/** Clocks are assumed to disagree on elapsed time by less than this fraction. */
export const LEASE_CLOCK_DRIFT_MARGIN = 0.1;

const READ_MODES: readonly ReadMode[] = ['log', 'read_index', 'lease', 'local'];

export const DEFAULT_SETTINGS: Readonly<RaftSettings> = {
  electionTimeoutUs: { min: 150_000, max: 300_000 },
  heartbeatUs: 50_000,
  preVote: false,
  checkQuorum: false,
  readMode: 'log',
  maxEntriesPerAppend: 64,
  leaseUs: Math.floor(150_000 * (1 - LEASE_CLOCK_DRIFT_MARGIN)),
};

export function readSettings(options: Readonly<Record<string, OptionValue>>): RaftSettings {
  const election = rangeOption(options['election timeout'], DEFAULT_SETTINGS.electionTimeoutUs);
  const readMode = options['read mode'];
  return {
    electionTimeoutUs: election,
    heartbeatUs: positiveNumber(options['heartbeat every'], DEFAULT_SETTINGS.heartbeatUs),
    preVote: booleanOption(options['pre vote'], DEFAULT_SETTINGS.preVote),
    checkQuorum: booleanOption(options['check quorum'], DEFAULT_SETTINGS.checkQuorum),
    readMode: typeof readMode === 'string' && (READ_MODES as readonly string[]).includes(readMode)
      ? (readMode as ReadMode)
      : DEFAULT_SETTINGS.readMode,
    maxEntriesPerAppend: Math.floor(positiveNumber(options['max entries per append'], DEFAULT_SETTINGS.maxEntriesPerAppend)),
    leaseUs: Math.floor(election.min * (1 - LEASE_CLOCK_DRIFT_MARGIN)),
  };
}

function rangeOption(value: OptionValue | undefined, fallback: { min: number; max: number }): { min: number; max: number } {
  if (typeof value === 'number' && value > 0) return { min: value, max: value };
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && value.min > 0 && value.max >= value.min) {
    return { min: value.min, max: value.max };
  }
  return { ...fallback };
}

function positiveNumber(value: OptionValue | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback;
}

function booleanOption(value: OptionValue | undefined, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'on' || value === 'true' || value === 'yes') return true;
  if (value === 'off' || value === 'false' || value === 'no') return false;
  return fallback;
}
