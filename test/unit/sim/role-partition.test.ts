import assert from 'node:assert/strict';
import { resolveRolePartition } from '../../../core/sim/role-partition.ts';

const leader = { role: 'leader', stateRole: 'leader' };
const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];

describe('resolving a partition that names a role', () => {
  it('`leader | rest` with n3 leading cuts n3 from the four others, both ways', () => {
    const spec = resolveRolePartition({ type: 'role-partition', groups: [[{ role: leader }], [{ rest: true }]], oneWay: false, label: 'leader | rest' }, nodes, () => 2);
    assert.ok(typeof spec !== 'string');
    assert.equal(spec.label, 'n3 | n1, n2, n4, n5');
    assert.equal(spec.blocked.length, 8);
  });

  it('`leader, n1 | n2` leaves the unnamed nodes as a group of their own, as a partition of names would', () => {
    const spec = resolveRolePartition({ type: 'role-partition', groups: [[{ role: leader }, { node: 'n1' }], [{ node: 'n2' }]], oneWay: false, label: 'leader, n1 | n2' }, nodes, () => 4);
    assert.ok(typeof spec !== 'string');
    assert.equal(spec.label, 'n5, n1 | n2');
    // {n5, n1}, {n2}, {n3, n4}: 2·1 + 2·2 + 1·2 pairs, both ways.
    assert.equal(spec.blocked.length, 16);
  });

  it('one way: `leader -> rest` cuts only what the leader sends', () => {
    const spec = resolveRolePartition({ type: 'role-partition', groups: [[{ role: leader }], [{ rest: true }]], oneWay: true, label: 'leader -> rest' }, nodes, () => 0);
    assert.ok(typeof spec !== 'string');
    assert.deepEqual(spec.blocked, [['n1', 'n2'], ['n1', 'n3'], ['n1', 'n4'], ['n1', 'n5']]);
  });

  it('says why it cuts nothing: no leader, or the leader is a node the partition already names', () => {
    const groups = [[{ role: leader }], [{ node: 'n1' }]];
    assert.equal(resolveRolePartition({ type: 'role-partition', groups, oneWay: false, label: 'leader | n1' }, nodes, () => -1), 'no node is leader now');
    assert.equal(resolveRolePartition({ type: 'role-partition', groups: [[{ node: 'n1' }], [{ role: leader }]], oneWay: false, label: 'n1 | leader' }, nodes, () => 0), 'n1, the leader, is already in the partition');
  });
});
