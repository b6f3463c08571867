// Lease-lock options as the handlers use them. Names are the ones declared in ./options.ts.

import type { OptionValue } from '../../types/sim-config.ts';

export type LeaseLockSettings = {
  ttlUs: number;
  keepAliveUs: number;
  /** Holders send their grant's token with every write. */
  fencingTokens: boolean;
  /** The storage refuses a token older than the newest it has seen (only when tokens are sent). */
  storageChecksTokens: boolean;
  /** The lock service, which also runs the storage: the first node. */
  service: string;
  holders: readonly string[];
};

export function readSettings(options: Readonly<Record<string, OptionValue>>, nodes: readonly string[]): LeaseLockSettings {
  const service = nodes[0] ?? '';
  const named = options['holders'];
  const listed = Array.isArray(named) ? named.filter((n) => n !== service && nodes.includes(n)) : [];
  const holders = listed.length > 0 ? listed : nodes.slice(1);
  return {
    ttlUs: positive(options['ttl'], 10_000_000),
    keepAliveUs: positive(options['keep alive every'], 3_000_000),
    fencingTokens: flag(options['fencing tokens'], false),
    storageChecksTokens: flag(options['storage checks tokens'], true),
    service,
    holders,
  };
}

function positive(value: OptionValue | undefined, fallback: number): number {
  return typeof value === 'number' && value > 0 && Number.isFinite(value) ? value : fallback;
}

function flag(value: OptionValue | undefined, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'on' || value === 'true') return true;
  if (value === 'off' || value === 'false') return false;
  return fallback;
}
