// Dynamo-style quorums (DeCandia et al. 2007; Kleppmann, DDIA ch. 5): with R + W > N every read
// quorum meets the latest write quorum, so on a quiet cluster no read is stale; version vectors
// keep concurrent writes as siblings instead of dropping one; last-write-wins drops a write that
// causally followed another only when the clocks lied about their order.

import { compareVectors, type VersionVector } from '../protocols/leaderless/version-vector.ts';
import type { Entry } from '../protocols/leaderless/entry.ts';
import { toOperations, WRITE_OPERATIONS } from '../history/operations.ts';
import type { SimConfig } from '../types/sim-config.ts';
import { noFaultLines, option, perfectClocks, reliableNetwork, requestsTakeEffectOnce } from './preconditions.ts';
import { expectationTheorem, type RunWatch, type Theorem, type TheoremRun, type Violation } from './theorem.ts';

const isLeaderless = (config: SimConfig) => config.protocol.name === 'leaderless';
const resolution = (config: SimConfig) => option(config, 'conflict resolution');

/** Strict quorums on a cluster where nothing goes wrong: no crash, partition, loss, duplicate or clock error. */
function strictQuorumsNoFaults(config: SimConfig): boolean {
  const [n, r, w] = [option(config, 'n'), option(config, 'r'), option(config, 'w')].map(Number) as [number, number, number];
  return isLeaderless(config) && r + w > n && option(config, 'sloppy quorum') !== true && noFaultLines(config) && reliableNetwork(config) && perfectClocks(config);
}

export const LEADERLESS_THEOREMS: readonly Theorem[] = [
  expectationTheorem(
    'leaderless: R + W > N, strict quorums, no faults: no stale reads',
    'leaderless',
    'no-stale-reads',
    'With R + W > N, no sloppy quorum, perfect clocks and no faults, every read sees every write acknowledged before it began.',
    (config) => strictQuorumsNoFaults(config) && resolution(config) === 'lww' && requestsTakeEffectOnce(config),
  ),
  {
    name: 'leaderless: version vectors never drop a concurrent write',
    protocol: 'leaderless',
    statement:
      'With sibling resolution, every acknowledged write is still held when the run ends (as a sibling) unless a write that had seen it replaced it, on every replica that is up.',
    applies: (config) => isLeaderless(config) && resolution(config) === 'siblings',
    needs: [],
    check: () => null,
    watch: watchSiblings,
  },
  {
    name: 'leaderless: LWW loses only what its clocks say',
    protocol: 'leaderless',
    statement: 'With last-write-wins and clocks that read true time, no replica drops a write that causally followed the value it replaced.',
    applies: (config) => isLeaderless(config) && resolution(config) === 'lww' && perfectClocks(config),
    needs: [],
    check: noCausallyLaterDropped,
  },
];

function noCausallyLaterDropped(run: TheoremRun): Violation | null {
  for (const event of run.report.trace) {
    if (event.kind !== 'state') continue;
    const dropped = event.state['causally later writes dropped'];
    if (typeof dropped === 'number' && dropped > 0) {
      return { summary: `${event.node} dropped a write that causally followed the value it replaced, with clocks that read true time`, at: event.t };
    }
  }
  return null;
}

/**
 * Every acknowledged write is, on some replica that is up at the end, either a sibling or
 * dominated by a sibling (a later write saw it). A write neither held nor superseded was dropped
 * by a merge. Its vector is learnt by watching the stores, since a dropped version leaves none.
 */
function watchSiblings(): RunWatch {
  const vectors = new Map<number, VersionVector>();
  return {
    observer(view) {
      for (let i = 0; i < view.nodes.length; i++) {
        const store = (view.protocolState(i) as { store?: Map<string, Entry> } | undefined)?.store;
        if (store === undefined) continue;
        for (const entry of store.values()) {
          if (entry.kind !== 'versions') continue;
          for (const version of entry.versions) if (!vectors.has(version.opId)) vectors.set(version.opId, version.vv);
        }
      }
    },
    violation(run) {
      const stores = run.finalStates.map((state) => (state as { store?: Map<string, Entry> } | undefined)?.store).filter((store) => store !== undefined);
      for (const op of toOperations(run.report.history)) {
        if (op.outcome !== 'ok' || !WRITE_OPERATIONS.has(op.f) || op.key === undefined) continue;
        const vector = vectors.get(op.opId);
        if (vector === undefined) continue; // never stored anywhere the watch saw: acknowledged by a replica that crashed since
        const survives = stores.some((store) => {
          const entry = store.get(op.key!);
          return entry?.kind === 'versions' && entry.versions.some((v) => v.opId === op.opId || compareVectors(vector, v.vv) === 'before');
        });
        if (!survives) {
          return {
            summary: `${op.process}'s write of ${op.key}=${JSON.stringify(op.input)} was acknowledged, yet at the end no replica holds it or a write that saw it`,
            ...(op.completeTime === null ? {} : { at: op.completeTime }),
          };
        }
      }
      return null;
    },
  };
}
