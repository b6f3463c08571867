// `faultline run` on faults that name a role: the faults line says whom each one hit.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('faultline run: faults that follow the run', () => {
  it('the faults line names the node each role resolved to: "crash leader → n1", "partition leader | rest → n2 | n1, n3"', () => {
    const result = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), 'run', 'samples/raft-follow-the-leader.fault'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const faults = result.stdout.split('\n').find((line) => line.startsWith('faults'))!;
    assert.match(faults, /2s crash leader → n\d · 4s restart n\d · 6s partition leader \| rest → n\d \| n\d, n\d · 8s heal/);
    const crashed = /crash leader → (n\d)/.exec(faults)![1];
    const restarted = /restart (n\d)/.exec(faults)![1];
    assert.equal(restarted, crashed, 'the window restarts the node the crash hit');
  });
});
