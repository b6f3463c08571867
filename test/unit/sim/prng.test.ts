import assert from 'node:assert/strict';
import { streamFor } from '../../../core/sim/prng.ts';

function take(seed: number, name: string, count: number): number[] {
  const rng = streamFor(seed, name);
  return Array.from({ length: count }, () => rng.nextU32());
}

describe('seeded generator', () => {
  it('gives the same numbers for the same seed and stream name', () => {
    assert.deepEqual(take(42, 'network:n1->n2', 100), take(42, 'network:n1->n2', 100));
  });

  it('gives different numbers for different names, and for different seeds', () => {
    assert.notDeepEqual(take(42, 'network:n1->n2', 20), take(42, 'network:n2->n1', 20));
    assert.notDeepEqual(take(42, 'workload:alice', 20), take(43, 'workload:alice', 20));
    assert.notDeepEqual(take(1, 'faults', 20), take(1 + 2 ** 32, 'faults', 20));
  });

  it('keeps a stream unchanged however much another stream is drawn', () => {
    const network = streamFor(5, 'network:n1->n2');
    const workload = streamFor(5, 'workload:alice');
    const first = [network.nextU32(), network.nextU32()];
    for (let i = 0; i < 10_000; i++) workload.nextU32();
    const rest = [network.nextU32(), network.nextU32()];
    assert.deepEqual([...first, ...rest], take(5, 'network:n1->n2', 4));
  });

  it('draws integers inside their inclusive bounds, reaching both ends', () => {
    const rng = streamFor(9, 'bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const value = rng.int(3, 7);
      assert.ok(value >= 3 && value <= 7 && Number.isInteger(value));
      seen.add(value);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
    for (let i = 0; i < 1000; i++) {
      const wide = rng.int(0, 10 ** 12);
      assert.ok(wide >= 0 && wide <= 10 ** 12 && Number.isInteger(wide));
    }
  });

  it('has roughly uniform floats (mean near 1/2 over 100,000 draws)', () => {
    const rng = streamFor(11, 'uniform');
    let sum = 0;
    for (let i = 0; i < 100_000; i++) sum += rng.float();
    assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01);
  });
});
