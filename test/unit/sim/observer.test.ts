import assert from 'node:assert/strict';
import { runScenario } from '../../../core/run.ts';
import type { SimView } from '../../../core/sim/observer.ts';
import { baseConfig, client, MS } from './fixtures.ts';
import { pingProtocol, type PingState } from './ping-protocol.ts';

describe('observer', () => {
  it('is called after the start and after every event, seeing each node up or down with its live state', () => {
    const config = baseConfig({
      clients: [client('alice')],
      faults: [
        { type: 'crash', node: 'n2', atUs: 200 * MS, line: 1 },
        { type: 'restart', node: 'n2', atUs: 400 * MS, line: 2 },
        { type: 'pause', node: 'n3', durationUs: 100 * MS, atUs: 600 * MS, line: 3 },
      ],
    });
    const seen: number[] = [];
    let lastNow = -1;
    let downWithState = 0;
    let pausedSeen = false;
    const observer = (view: SimView) => {
      seen.push(view.eventCount);
      assert.ok(view.now >= lastNow, 'time never goes back');
      lastNow = view.now;
      for (let i = 0; i < view.nodes.length; i++) {
        const state = view.protocolState(i) as PingState | undefined;
        if (!view.isUp(i) && state !== undefined) downWithState++;
        if (view.isUp(i)) assert.ok(state !== undefined);
      }
      if (view.now > 200 * MS && view.now < 400 * MS) {
        assert.equal(view.isUp(1), false);
        assert.ok((view.durableState(1) as { kv: Map<string, unknown> }).kv instanceof Map);
      }
      if (view.isPaused(2)) pausedSeen = true;
      assert.equal(view.localTime(0), view.now);
    };
    const report = runScenario(config, { protocol: pingProtocol, observer });
    assert.equal(seen.length, report.stats.events + 1);
    assert.deepEqual(seen, Array.from({ length: seen.length }, (_, i) => i));
    assert.equal(downWithState, 0);
    assert.ok(pausedSeen);
  });
});
