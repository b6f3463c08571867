// Primary/backup options as the handlers use them, read once per node. Names are the ones
// declared in ./options.ts; a hand-built SimConfig may omit any option and gets the default.

import type { OptionValue } from '../../types/sim-config.ts';

export type Replication = 'sync' | 'semi_sync' | 'async';
export type ReadsFrom = 'primary' | 'replicas' | 'any';
export type ReadYourWrites = 'none' | 'position' | 'sticky';

export type PrimaryBackupSettings = {
  replication: Replication;
  /** Batch interval of log shipping (the replication lag window); 0: each write as it arrives. */
  shipEveryUs: number;
  automaticFailover: boolean;
  failureDetectionUs: number;
  heartbeatUs: number;
  readsFrom: ReadsFrom;
  readYourWrites: ReadYourWrites;
  monotonicReads: boolean;
  /**
   * How long a sync primary may keep answering after every backup last acknowledged it. A backup
   * promotes itself only after a full failure-detection timeout of silence, so a primary that
   * stops a margin earlier never serves next to a promoted backup (assuming clocks tick alike).
   */
  leaseUs: number;
};

/** Clocks are assumed to disagree on elapsed time by less than this fraction. */
const CLOCK_MARGIN = 0.1;

/** Most entries one replication message carries while a backup catches up. */
export const MAX_BATCH = 256;

export function readSettings(options: Readonly<Record<string, OptionValue>>): PrimaryBackupSettings {
  const failureDetectionUs = positive(options['failure detection timeout'], 1_000_000);
  return {
    replication: pick(options['replication'], ['sync', 'semi_sync', 'async'] as const, 'async'),
    shipEveryUs: positive(options['ship every'], 0),
    automaticFailover: options['failover'] === 'automatic',
    failureDetectionUs,
    heartbeatUs: positive(options['heartbeat every'], 100_000),
    readsFrom: pick(options['reads from'], ['primary', 'replicas', 'any'] as const, 'primary'),
    readYourWrites: pick(options['read your writes'], ['none', 'position', 'sticky'] as const, 'none'),
    monotonicReads: options['monotonic reads'] === true || options['monotonic reads'] === 'on',
    leaseUs: Math.floor(failureDetectionUs * (1 - CLOCK_MARGIN)),
  };
}

function pick<T extends string>(value: OptionValue | undefined, choices: readonly T[], fallback: T): T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as T) : fallback;
}

function positive(value: OptionValue | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback;
}
