// Saga options as the handlers use them. A `step` line reads `NAME on NODE compensate UNDO`;
// names are the ones declared in ./options.ts. Malformed steps are skipped here (the language
// reports them); a hand-built SimConfig may omit any option.

import type { OptionValue } from '../../types/sim-config.ts';

export type SagaStep = { name: string; node: string; compensation: string };

export type SagaSettings = {
  mode: 'orchestrated' | 'choreographed';
  steps: readonly SagaStep[];
  /** The step that always fails (by rule), or null. */
  failStep: string | null;
  stepTimeoutUs: number;
  /** Where a saga starts and where its client hears the outcome: the first step's node. */
  entry: string;
};

export function readSettings(options: Readonly<Record<string, OptionValue>>, nodes: readonly string[]): SagaSettings {
  const raw = options['step'];
  const lines = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const steps = lines.map(parseStep).filter((s): s is SagaStep => s !== null && nodes.includes(s.node));
  const fail = options['fail step'];
  const timeout = options['step timeout'];
  return {
    mode: options['mode'] === 'choreographed' ? 'choreographed' : 'orchestrated',
    steps,
    failStep: typeof fail === 'string' && fail.trim() !== '' ? fail.trim() : null,
    stepTimeoutUs: typeof timeout === 'number' && timeout > 0 ? timeout : 1_000_000,
    entry: steps[0]?.node ?? nodes[0] ?? '',
  };
}

export function parseStep(line: string): SagaStep | null {
  const words = line.trim().split(/\s+/);
  const on = words.indexOf('on');
  const compensate = words.indexOf('compensate');
  if (on !== 1 || words.length < 3) return null;
  const name = words[0]!;
  const node = words[2]!.replace(/,$/, '');
  const compensation = compensate === 3 && words[4] !== undefined ? words[4] : `undo ${name}`;
  return { name, node, compensation };
}
