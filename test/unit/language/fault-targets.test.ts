import assert from 'node:assert/strict';
import { analyze, compile } from '../../../core/language/index.ts';
import type { ScheduledFault } from '../../../core/types/sim-config.ts';
import { errorsOf, scenarioWith } from './helpers.ts';

const cluster = (protocol: string, nodes = 'n1, n2, n3') => `  cluster {\n    nodes ${nodes}\n    protocol ${protocol}\n  }`;

function faultsOf(protocol: string, faults: string, nodes?: string): ScheduledFault[] {
  const result = compile(scenarioWith({ cluster: cluster(protocol, nodes), faults: `  faults {\n${faults}\n  }` }));
  assert.deepEqual(errorsOf(result.diagnostics).map((d) => d.message), []);
  return result.config!.faults;
}

function diagnosticsOf(protocol: string, faults: string) {
  return analyze(scenarioWith({ cluster: cluster(protocol), faults: `  faults {\n${faults}\n  }` })).diagnostics;
}

describe('fault targets that follow the run (compile)', () => {
  it('`crash leader` in Raft compiles to a crash of whichever node holds the leader role, not of a named node', () => {
    const [fault] = faultsOf('raft', '    at 2s crash leader');
    assert.deepEqual(fault, { type: 'role-crash', target: { role: 'leader', stateRole: 'leader' }, atUs: 2_000_000, line: fault!.line });
  });

  it('each protocol names its own role: primary, holder, coordinator, orchestrator, database', () => {
    assert.deepEqual(faultsOf('primary_backup', '    at 1s crash primary')[0]!.type, 'role-crash');
    const holder = faultsOf('lease_lock', '    at 1s pause holder for 3s')[0]!;
    assert.deepEqual(holder, { type: 'role-pause', target: { role: 'holder', stateRole: 'leader' }, durationUs: 3_000_000, atUs: 1_000_000, line: holder.line });
    assert.equal(faultsOf('two_phase_commit', '    at 1s crash coordinator')[0]!.type, 'role-crash');
    assert.equal(faultsOf('saga', '    at 1s crash orchestrator')[0]!.type, 'role-crash');
    assert.equal(faultsOf('service', '    at 1s crash database', 'lb, a1, db')[0]!.type, 'role-crash');
  });

  it('a window on a role crashes the holder and restarts that same node when the window ends (one action, not a restart by name)', () => {
    const faults = faultsOf('raft', '    from 2s to 5s crash leader');
    assert.equal(faults.length, 1);
    assert.deepEqual(faults[0], { type: 'role-crash', target: { role: 'leader', stateRole: 'leader' }, restartAfterUs: 3_000_000, atUs: 2_000_000, line: faults[0]!.line });
    const skew = faultsOf('raft', '    from 1s to 2s skew leader +500ms')[0]!;
    assert.deepEqual(skew, { type: 'role-clock-jump', target: { role: 'leader', stateRole: 'leader' }, deltaUs: 500_000, jumpBackAfterUs: 1_000_000, atUs: 1_000_000, line: skew.line });
  });

  it('`partition leader | rest` keeps its groups to resolve when it fires; a window heals it at its end', () => {
    const faults = faultsOf('raft', '    from 2s to 4s partition leader | rest');
    assert.deepEqual(
      faults.map((f) => f.type),
      ['role-partition', 'heal'],
    );
    const partition = faults[0] as Extract<ScheduledFault, { type: 'role-partition' }>;
    assert.deepEqual(partition.groups, [[{ role: { role: 'leader', stateRole: 'leader' } }], [{ rest: true }]]);
    assert.equal(partition.oneWay, false);
    assert.equal(partition.label, 'leader | rest');
  });

  it('`partition leader <-> n3` resolves to the leader\'s link with n3, both ways, when it fires', async () => {
    const [fault] = faultsOf('raft', '    at 1s partition leader <-> n3');
    const partition = fault as Extract<ScheduledFault, { type: 'role-partition' }>;
    assert.equal(partition.bothWays, true);
    assert.equal(partition.label, 'leader <-> n3');
    const { resolveRolePartition } = await import('../../../core/sim/role-partition.ts');
    const resolved = resolveRolePartition(partition, ['n1', 'n2', 'n3'], () => 1);
    assert.ok(typeof resolved !== 'string');
    assert.deepEqual(resolved.blocked, [['n2', 'n3'], ['n3', 'n2']]);
    assert.equal(resolved.label, 'n2 <-> n3');
  });

  it('`rest` without a role is resolved at compile time to the nodes the partition does not name', () => {
    const [fault] = faultsOf('raft', '    at 1s partition n1 | rest', 'n1, n2, n3');
    assert.equal(fault!.type, 'partition');
    assert.equal((fault as Extract<ScheduledFault, { type: 'partition' }>).partition.label, 'n1 | n2, n3');
    const [oneWay] = faultsOf('raft', '    at 1s partition n2 -> rest');
    assert.deepEqual((oneWay as Extract<ScheduledFault, { type: 'partition' }>).partition.blocked, [['n2', 'n1'], ['n2', 'n3']]);
  });

  it('a random fault `on leader` keeps the role as a candidate resolved at each occurrence', () => {
    const result = compile(scenarioWith({ faults: '  faults {\n    every 2s random crash for 1s on leader, n3\n  }' }));
    assert.deepEqual(result.config!.randomFaults[0]!.nodes, ['n3']);
    assert.deepEqual(result.config!.randomFaults[0]!.roles, [{ role: 'leader', stateRole: 'leader' }]);
  });

  it('a node named like a role keeps meaning that node', () => {
    const [fault] = faultsOf('raft', '    at 1s crash leader', 'leader, n2, n3');
    assert.deepEqual(fault, { type: 'crash', node: 'leader', atUs: 1_000_000, line: fault!.line });
  });
});

describe('fault targets that follow the run (diagnostics)', () => {
  it('a role the protocol does not have names the roles it does have (FL049)', () => {
    const [d] = diagnosticsOf('primary_backup', '    at 1s crash leader');
    assert.equal(d!.code, 'FL049');
    assert.match(d!.message, /`leader` is not a role in primary_backup/);
    assert.match(d!.message, /Did you mean `primary`\? It is the role primary_backup has/);
  });

  it('a leaderless cluster has no role to follow, and says so', () => {
    const [d] = diagnosticsOf('leaderless', '    at 1s crash leader');
    assert.equal(d!.code, 'FL049');
    assert.match(d!.message, /leaderless has no role a fault can follow/);
  });

  it('`restart leader` is rejected with the window that says what was meant (FL048)', () => {
    const [d] = diagnosticsOf('raft', '    at 1s crash leader\n    at 2s restart leader');
    assert.equal(d!.code, 'FL048');
    assert.match(d!.message, /a restart needs a node name/);
    assert.match(d!.message, /from 2s to 4s crash leader/);
  });

  it('a role cannot stand where a link or a bridge needs a node (FL048)', () => {
    assert.deepEqual(diagnosticsOf('raft', '    at 1s partition bridge leader').map((d) => d.code), ['FL048']);
    assert.deepEqual(diagnosticsOf('raft', '    from 1s to 2s drop 50% leader -> n2').map((d) => d.code), ['FL048']);
  });

  it('`rest` outside a partition is an unknown name with an explanation', () => {
    const [d] = diagnosticsOf('raft', '    at 1s crash rest');
    assert.equal(d!.code, 'FL020');
    assert.match(d!.message, /belongs in a partition/);
  });

  it('`partition leader | rest` is neither "separates nothing" nor "unlisted nodes form a group"', () => {
    assert.deepEqual(diagnosticsOf('raft', '    at 1s partition leader | rest\n    at 2s heal'), []);
  });

  it('a restart by name after `crash leader` is not reported as "not down": the crash may have hit that node', () => {
    assert.deepEqual(diagnosticsOf('raft', '    at 1s crash leader\n    at 3s restart n2').map((d) => d.code), []);
    assert.deepEqual(diagnosticsOf('raft', '    at 3s restart n2').map((d) => d.code), ['FL041']);
  });

  it('`partition leader` alone is told that the others form a group without the role\'s holder, not listed by name', () => {
    const [d] = diagnosticsOf('raft', '    at 1s partition leader\n    at 2s heal');
    assert.equal(d!.code, 'FL047');
    assert.match(d!.message, /without the node holding the role when it fires/);
    assert.doesNotMatch(d!.message, /n1, n2, n3/);
  });
});
