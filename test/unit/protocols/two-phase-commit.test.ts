// Two-phase commit as a plug-in: its classification, what presumed abort saves, and that a
// network which duplicates every message never makes a participant apply a transaction twice.

import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { twoPhaseCommit } from '../../../core/protocols/two_phase_commit/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { Report } from '../../../core/types/report.ts';

function scenario(protocolLines: string, network: string, faults = ''): string {
  return `scenario "2pc" {
  seed 3
  run for 5s
  cluster {
    nodes coord, p1, p2
    protocol two_phase_commit {
      ${protocolLines}
    }
  }
  network {
    ${network}
  }
  workload {
    client shop {
      transfer a, b, c every 50ms
      timeout 1s
    }
  }
  faults {
    ${faults}
  }
}`;
}

function run(text: string, seed = 3): Report {
  const { config, diagnostics } = compile(text, '2pc');
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return runScenario({ ...config, seed }, { analyze: false });
}

function lastState(report: Report, node: string): Record<string, unknown> {
  const states = report.trace.filter((e) => e.kind === 'state' && e.node === node);
  const last = states.at(-1);
  assert.ok(last !== undefined && last.kind === 'state');
  return last.state;
}

describe('two_phase_commit protocol', () => {
  it('is classified CP and PC/EC, and the reason names blocking', () => {
    const c = twoPhaseCommit.classify({});
    assert.equal(c.cap, 'CP');
    assert.equal(c.pacelc, 'PC/EC');
    assert.match(c.reason, /block/);
    assert.match(twoPhaseCommit.classify({ 'coordinator recovery': false }).reason, /for good/);
  });

  it('commits every transfer on both participants when nothing fails, each applied exactly once per participant', () => {
    const report = run(scenario('', 'latency 2ms..10ms'));
    const ok = report.history.filter((e) => e.type === 'ok').map((e) => e.opId);
    assert.ok(ok.length > 50);
    for (const node of ['p1', 'p2']) {
      const applied = report.trace.flatMap((e) => (e.kind === 'apply' && e.node === node ? [e.op] : []));
      assert.equal(new Set(applied).size, applied.length, `${node} applied something twice`);
      for (const opId of ok) assert.ok(applied.includes(opId), `${node} misses committed op ${opId}`);
    }
  });

  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: a network that duplicates 30% of messages never makes a participant apply a transaction twice`, () => {
      const report = run(scenario('', 'latency 2ms..10ms\n    duplicate 30%'), seed);
      assert.ok(report.trace.some((e) => e.kind === 'duplicate'));
      const seen = new Set<string>();
      for (const e of report.trace) {
        if (e.kind !== 'apply') continue;
        assert.ok(!seen.has(`${e.node}:${e.op}`), `${e.node} applied ${e.op} twice`);
        seen.add(`${e.node}:${e.op}`);
      }
    });
  }

  it('presumed abort writes fewer log records than presumed nothing for the same run (no begin or abort records)', () => {
    const faults = 'at 1s crash p2\n    at 2s restart p2';
    const presumed = lastState(run(scenario('presumed abort on', 'latency 2ms..10ms', faults)), 'coord');
    const nothing = lastState(run(scenario('presumed abort off', 'latency 2ms..10ms', faults)), 'coord');
    assert.ok(Number(presumed['aborts']) > 0, 'some transactions aborted while p2 was down');
    assert.equal(presumed['logWrites'], presumed['commits']);
    assert.ok(Number(nothing['logWrites']) > Number(presumed['logWrites']));
  });

  it('a transaction aborted because a participant was down fails for the client, and is applied nowhere', () => {
    const report = run(scenario('prepare timeout 200ms', 'latency 2ms..10ms', 'at 1s crash p2'));
    const failed = report.history.filter((e) => e.type === 'fail');
    assert.ok(failed.length > 0);
    assert.ok(failed.every((e) => /aborted/.test(e.error ?? '')));
    const applied = new Set(report.trace.flatMap((e) => (e.kind === 'apply' ? [e.op] : [])));
    for (const e of failed) assert.ok(!applied.has(e.opId), `aborted op ${e.opId} was applied`);
  });
});
