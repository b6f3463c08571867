// Configurations that run but cannot work get a warning before the run (FL054, FL055), and the
// ones that can work get none: the warning must track what the simulator would really do.

import assert from 'node:assert/strict';
import { analyze, compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { OPERATIONS } from '../../../core/language/build/workload.ts';
import { raftRefuses } from '../../../core/protocols/raft/operations.ts';
import { KeyValueMachine } from '../../../core/protocols/raft/state-machine.ts';
import { scenarioWith } from './helpers.ts';

function codes(text: string): string[] {
  return analyze(text).diagnostics.map((d) => d.code).filter((c) => c === 'FL054' || c === 'FL055');
}

const leaderless = (resolution: string, op: string) =>
  scenarioWith({
    cluster: `  cluster {\n    nodes 3\n    protocol leaderless { conflict resolution ${resolution} }\n  }`,
    workload: `  workload {\n    client a {\n      ${op} k every 100ms\n      timeout 300ms\n    }\n  }`,
    expect: '  expect {\n    linearizable\n  }',
  });

const service = (nodes: string, instances?: number) =>
  scenarioWith({
    cluster: `  cluster {\n    nodes ${nodes}\n    protocol service${instances === undefined ? '' : ` { instances ${instances} }`}\n  }`,
    workload: '  workload {\n    client a {\n      request k every 100ms\n      timeout 1s\n    }\n  }',
  });

describe('diagnostics for configurations that cannot work', () => {
  it('a leaderless LWW register warned about increment fails every increment in the run, and points at `linearizable`', () => {
    const text = leaderless('lww', 'increment');
    const found = analyze(text).diagnostics.filter((d) => d.code === 'FL054');
    assert.equal(found.length, 1);
    assert.match(found[0]!.related?.[0]?.message ?? '', /`linearizable` judges only failed operations/);
    const report = runScenario(compile(text).config!, { analyze: false });
    const outcomes = new Set(report.history.filter((e) => e.type !== 'invoke').map((e) => e.type));
    assert.deepEqual([...outcomes], ['fail'], 'every increment failed');
  });

  it('the operations each conflict resolution serves raise no warning: write on lww and siblings, increment on crdt', () => {
    assert.deepEqual(codes(leaderless('lww', 'write')), []);
    assert.deepEqual(codes(leaderless('siblings', 'write')), []);
    assert.deepEqual(codes(leaderless('crdt', 'increment')), []);
    assert.deepEqual(codes(leaderless('crdt', 'write')), ['FL054']);
    assert.deepEqual(codes(leaderless('lww', 'cas')), ['FL054']);
  });

  it('Raft and primary/backup warn about transfer and accept every register and counter operation', () => {
    for (const protocol of ['raft', 'primary_backup']) {
      const text = (op: string) =>
        scenarioWith({
          cluster: `  cluster {\n    nodes 3\n    protocol ${protocol}\n  }`,
          workload: `  workload {\n    client a {\n      ${op} k every 100ms\n      timeout 300ms\n    }\n  }`,
        });
      for (const op of ['read', 'write', 'cas', 'append', 'increment']) assert.deepEqual(codes(text(op)), [], `${protocol} ${op}`);
      assert.deepEqual(codes(text('transfer')), ['FL054'], `${protocol} transfer`);
    }
  });

  it('a service with a fourth node between balancer and database and the default 3 instances names the idle node, which the run never uses', () => {
    const text = service('lb, a1, a2, a3, a4, db');
    const found = analyze(text).diagnostics.filter((d) => d.code === 'FL055');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /a4 serves nothing/);
    const report = runScenario(compile(text).config!, { analyze: false });
    assert.ok(!report.trace.some((e) => (e.kind === 'send' || e.kind === 'deliver') && (e.from === 'a4' || e.to === 'a4')), 'a4 sends and receives nothing');
  });

  it('a service whose instances match its nodes raises nothing; too few nodes or too many instances warn', () => {
    assert.deepEqual(codes(service('lb, a1, a2, a3, db')), []);
    assert.deepEqual(codes(service('lb, a1, a2, a3, a4, db', 4)), []);
    assert.deepEqual(codes(service('lb, a1, db', 3)), ['FL055']);
    assert.deepEqual(codes(service('lb, db')), ['FL055']);
  });

  it("Raft's declared operations are exactly the ones its key-value store executes", () => {
    for (const op of OPERATIONS) {
      const machine = new KeyValueMachine();
      const command = { requestId: 1, opId: 1, op, key: 'k', value: op === 'cas' ? [null, 1] : 1, idempotencyKey: undefined, idempotencyTtlUs: undefined, proposedAt: 0 };
      const reply = machine.apply(command).reply;
      const unsupported = reply.outcome === 'fail' && /does not support/.test(reply.error);
      assert.equal(raftRefuses(op) !== undefined, unsupported, op);
    }
  });
});
