// Swarm-style random faults (`every 2s..5s random crash for 1s..3s`): each occurrence draws its
// victim and its details from the spec's own fault stream, so each seed tells a different story
// and adding a random fault spec does not change what the others do.

import type { FaultAction, Micros, PartitionSpec, RandomFaultSpec } from '../types/sim-config.ts';
import type { Rng } from './prng.ts';

export type RandomFaultPlan =
  | { kind: 'crash' | 'pause'; node: string; durationUs: Micros }
  | { kind: 'clock-jump'; node: string; deltaUs: Micros; durationUs: Micros }
  | { kind: 'partition'; partition: PartitionSpec; durationUs: Micros }
  | { kind: 'drop'; links: Extract<FaultAction, { type: 'link-window' }>['links']; drop: number; durationUs: Micros };

type NodeStatus = { up: boolean; paused: boolean };

/**
 * Draws one occurrence, or null when no candidate fits (every candidate already down, ...).
 * The same number of draws is made for a given spec whatever the outcome, except when nothing fits.
 */
export function drawRandomFault(
  spec: RandomFaultSpec,
  candidates: readonly string[],
  allNodes: readonly string[],
  rng: Rng,
  status: (node: string) => NodeStatus,
): RandomFaultPlan | null {
  const durationUs = rng.int(spec.durationUs.min, spec.durationUs.max);
  switch (spec.kind) {
    case 'crash': {
      const up = candidates.filter((node) => status(node).up);
      if (up.length === 0) return null;
      return { kind: 'crash', node: up[rng.pick(up.length)]!, durationUs };
    }
    case 'pause': {
      const running = candidates.filter((node) => status(node).up && !status(node).paused);
      if (running.length === 0) return null;
      return { kind: 'pause', node: running[rng.pick(running.length)]!, durationUs };
    }
    case 'clock-jump': {
      if (candidates.length === 0) return null;
      const node = candidates[rng.pick(candidates.length)]!;
      const largest = Math.max(0, Math.round(spec.magnitude));
      let deltaUs = rng.int(-largest, largest);
      if (deltaUs === 0) deltaUs = largest; // a jump of zero would be no fault at all
      return { kind: 'clock-jump', node, deltaUs, durationUs };
    }
    case 'partition': {
      // Cut a random minority of the candidates (1 .. ⌊n/2⌋ nodes of the whole cluster) off from
      // every other node, in both directions.
      const limit = Math.min(candidates.length, Math.floor(allNodes.length / 2));
      if (limit < 1) return null;
      const size = 1 + rng.pick(limit);
      const pool = candidates.slice();
      const side: string[] = [];
      for (let i = 0; i < size; i++) side.push(pool.splice(rng.pick(pool.length), 1)[0]!);
      side.sort((a, b) => allNodes.indexOf(a) - allNodes.indexOf(b));
      const rest = allNodes.filter((node) => !side.includes(node));
      const blocked: Array<[string, string]> = [];
      for (const a of side) {
        for (const b of rest) {
          blocked.push([a, b]);
          blocked.push([b, a]);
        }
      }
      return { kind: 'partition', partition: { blocked, label: `random: ${side.join(', ')} | ${rest.join(', ')}` }, durationUs };
    }
    case 'drop': {
      // A loss window on every link among the candidates. The magnitude is a fraction; a value
      // above 1 is read as a percentage.
      const drop = Math.min(1, Math.max(0, spec.magnitude > 1 ? spec.magnitude / 100 : spec.magnitude));
      const links: Array<[string, string]> = [];
      for (const a of candidates) for (const b of candidates) if (a !== b) links.push([a, b]);
      return { kind: 'drop', links, drop, durationUs };
    }
  }
}
