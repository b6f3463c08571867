// Sagas (Garcia-Molina & Salem 1987): a saga either runs every step, or the steps it ran are all
// compensated — never half of each. Judged on sagas that have finished (left the saga log).

import type { EntryDurable } from '../protocols/saga/types.ts';
import type { SimConfig } from '../types/sim-config.ts';
import { duplicatesMessages, keysOutliveRetries, reliableNetwork } from './preconditions.ts';
import type { Theorem, TheoremRun, Violation } from './theorem.ts';

/**
 * One saga per client operation: the history's operation ids name sagas only when no request
 * reaches the entry twice (no retries and no duplicated messages), or idempotency keys make a
 * second copy join the first.
 */
const oneSagaPerOperation = (config: SimConfig) =>
  keysOutliveRetries(config) || (config.clients.every((c) => c.retry === null) && reliableNetwork(config) && !duplicatesMessages(config));

export const SAGA_THEOREMS: readonly Theorem[] = [
  {
    name: 'saga: fully done or fully compensated',
    protocol: 'saga',
    statement: 'Every saga that has finished ran all its steps and compensated none, or compensated every step it ran.',
    applies: (config) => config.protocol.name === 'saga' && oneSagaPerOperation(config),
    needs: [],
    check: sagasAreAtomic,
  },
];

function sagasAreAtomic(run: TheoremRun): Violation | null {
  const entry = run.finalStates.map((state) => (state as { entry?: EntryDurable | null } | undefined)?.entry).find((e) => e !== undefined && e !== null);
  if (entry === undefined) return null;
  const running = new Set([...entry.sagas.values()].map((record) => record.opId));
  const stepCount = (run.config.protocol.options['step'] as string[] | undefined)?.length ?? 0;
  // Net effect per saga and step: +1 per run, -1 per compensation (a compensation's apply carries -opId).
  const net = new Map<number, Map<string, number>>();
  const lastAt = new Map<number, number>();
  for (const event of run.report.trace) {
    if (event.kind !== 'apply') continue;
    const opId = Math.abs(event.op);
    const steps = net.get(opId) ?? new Map<string, number>();
    steps.set(event.key, (steps.get(event.key) ?? 0) + (event.op > 0 ? 1 : -1));
    net.set(opId, steps);
    lastAt.set(opId, event.t);
  }
  for (const [opId, steps] of net) {
    if (running.has(opId)) continue;
    const counts = [...steps.values()];
    const done = counts.length === stepCount && counts.every((c) => c === 1);
    const compensated = counts.every((c) => c === 0);
    if (!done && !compensated) {
      const left = [...steps].filter(([, c]) => c !== 0).map(([step, c]) => `${step} ${c > 0 ? 'done' : 'undone'}${Math.abs(c) > 1 ? ` ${Math.abs(c)}×` : ''}`);
      return { summary: `the saga of operation ${opId} finished half done: ${left.join(', ')} of ${stepCount} steps`, at: lastAt.get(opId)! };
    }
  }
  return null;
}
