// A write a demoted primary acknowledged and then threw away when it rejoined is lost, even
// though the trace shows it applied once: the node's `dropped` note takes it back.
import assert from 'node:assert/strict';
import { findLostWrites } from '../../../core/check/trace/lost-writes.ts';
import type { History } from '../../../core/types/history.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

const config = { nodes: ['n1', 'n2'] } as unknown as SimConfig;
const history: History = [
  { index: 0, process: 'alice', type: 'invoke', f: 'write', key: 'x', value: 1, time: 100, opId: 1 },
  { index: 1, process: 'alice', type: 'ok', f: 'write', key: 'x', value: 1, time: 200, opId: 1, node: 'n1' },
];
const applied: TraceEvent[] = [{ kind: 'apply', t: 150, node: 'n1', op: 1, key: 'x', value: 1 }];

describe('lost writes: writes a rejoining primary discards', () => {
  it('an acknowledged write kept by a running node is not lost', () => {
    assert.equal(findLostWrites(history, applied, config).verdict.holds, true);
  });

  it('the same write is lost once its node notes it dropped the write on rejoining', () => {
    const trace: TraceEvent[] = [...applied, { kind: 'state', t: 5_000, node: 'n1', local: 5_000, state: { role: 'backup', dropped: [1] } }];
    const lost = findLostWrites(history, trace, config);
    assert.equal(lost.verdict.holds, false);
    assert.deepEqual(lost.lost, [0]);
  });
});

describe('lost writes: no node running at the end', () => {
  it('is not decided when every node is down at the end, rather than "every write lost"', () => {
    const down: TraceEvent[] = [...applied, { kind: 'crash', t: 5_000, node: 'n1' }, { kind: 'crash', t: 5_000, node: 'n2' }];
    const lost = findLostWrites(history, down, config);
    assert.equal(lost.verdict.holds, null);
    assert.match(lost.verdict.summary, /^not decided: no node is running at the end/);
    assert.deepEqual(lost.lost, []);
  });

  it('one node still running decides it: the write on the crashed node alone is lost', () => {
    const oneDown: TraceEvent[] = [...applied, { kind: 'crash', t: 5_000, node: 'n1' }];
    assert.equal(findLostWrites(history, oneDown, config).verdict.holds, false);
  });
});
