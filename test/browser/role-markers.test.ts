// The playground's timeline markers say which role a fault followed and whom it hit.

import assert from 'node:assert/strict';
import { buildRunModel } from '../../webview/model/run-model.ts';
import { handMadeReport } from './fixtures/hand-made-report.ts';

describe('playground model: faults that follow the run', function () {
  it('a crash of the leader is marked "n2 crashes (the leader)", a role partition with whom it cut', function () {
    const model = buildRunModel(
      handMadeReport({
        trace: [
          { kind: 'crash', t: 100, node: 'n2', line: 20, role: 'leader' },
          { kind: 'partition', t: 200, blocked: [['n1', 'n3'], ['n3', 'n1']], label: 'n1 | n3', declared: 'leader | rest', line: 21 },
          { kind: 'pause', t: 250, node: 'n3', line: 22 },
        ],
      }),
    );
    assert.deepEqual(
      model.markers.map((m) => m.text),
      ['n2 crashes (the leader)', 'partition: leader | rest → n1 | n3', 'n3 pauses'],
    );
  });
});
