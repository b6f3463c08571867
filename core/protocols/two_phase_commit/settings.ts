// Two-phase commit options as the handlers use them. Names are the ones declared in ./options.ts;
// a hand-built SimConfig may omit any of them.

import type { OptionValue } from '../../types/sim-config.ts';

export type TwoPhaseCommitSettings = {
  coordinator: string;
  participants: readonly string[];
  /** A restarted coordinator reads its decision log (on) or starts with no memory (off). */
  recovery: boolean;
  /** Votes not all in by then: abort. Also how often a prepared participant asks for the outcome. */
  prepareTimeoutUs: number;
  presumedAbort: boolean;
};

export function readSettings(options: Readonly<Record<string, OptionValue>>, nodes: readonly string[]): TwoPhaseCommitSettings {
  const named = options['coordinator'];
  const first = Array.isArray(named) ? named[0] : typeof named === 'string' ? named : undefined;
  const coordinator = first !== undefined && nodes.includes(first) ? first : (nodes[0] ?? '');
  const listed = options['participants'];
  const participants =
    Array.isArray(listed) && listed.length > 0
      ? listed.filter((n) => n !== coordinator && nodes.includes(n))
      : nodes.filter((n) => n !== coordinator);
  return {
    coordinator,
    participants,
    recovery: flag(options['coordinator recovery'], true),
    prepareTimeoutUs: positive(options['prepare timeout'], 1_000_000),
    presumedAbort: flag(options['presumed abort'], true),
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
