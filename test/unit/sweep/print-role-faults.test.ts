import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { printScenario } from '../../../core/sweep/print-scenario.ts';
import { faultsFromTrace } from '../../../core/sweep/concrete-faults.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimConfig } from '../../../core/types/sim-config.ts';

const withoutLines = (config: SimConfig): unknown => JSON.parse(JSON.stringify(config, (key, value) => (key === 'line' ? undefined : value)));

const text = `scenario "textbook" {
  seed 5
  run for 8s
  cluster {
    nodes n1, n2, n3
    protocol raft
  }
  workload {
    client alice { write x every 100ms timeout 400ms }
  }
  faults {
    at 1s crash leader
    from 2s to 3s crash leader
    at 3.5s pause leader for 200ms
    from 4s to 5s skew leader -300ms
    at 5.5s partition leader | rest
    at 6s heal
    from 6.5s to 7s partition leader -> rest
    every 1s..2s random pause for 100ms on leader, n3
  }
}
`;

describe('printing faults that follow the run', () => {
  it('every role fault prints back as the line that was written, and compiles to the same config', () => {
    const config = compile(text).config!;
    const printed = printScenario(config);
    for (const line of ['at 1s crash leader', 'from 2s to 3s crash leader', 'at 3.5s pause leader for 200ms', 'from 4s to 5s skew leader -300ms', 'at 5.5s partition leader | rest', 'at 6.5s partition leader -> rest', 'on n3, leader']) {
      assert.ok(printed.includes(line), `${line}\n---\n${printed}`);
    }
    const again = compile(printed);
    assert.deepEqual(again.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.deepEqual(withoutLines(again.config!), withoutLines(config));
  });

  it('the concrete faults of a run name the nodes the roles resolved to, and replay the same crashes', () => {
    const config = compile(text).config!;
    const report = runScenario(config);
    const concrete = faultsFromTrace(report.trace, config);
    const crashes = concrete.filter((f) => f.type === 'crash');
    assert.ok(crashes.length >= 2 && crashes.every((f) => f.type === 'crash' && /^n\d$/.test(f.node)));
    const replay = runScenario({ ...config, faults: concrete, randomFaults: [] });
    const crashed = (trace: typeof report.trace) => trace.filter((e) => e.kind === 'crash').map((e) => `${e.t} ${e.kind === 'crash' ? e.node : ''}`);
    assert.deepEqual(crashed(replay.trace), crashed(report.trace));
  });
});
