// A service's requests are calls, not reads and writes of a key: the consistency ladder does not
// grade them, so no "linearizable ✗ ... the state was nil" appears for a run that promised nothing
// of the kind, and the CAP/PACELC observation does not claim agreement it never saw.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { summarize } from '../../../cli/commands/run.ts';
import { agreement } from '../../../webview/ui/classification-card.ts';

const sample = readFileSync(fileURLToPath(new URL('../../../samples/service-retry-storm.fault', import.meta.url)), 'utf8');

function shortRetryStorm() {
  // The sample's storm, smaller: 20 clients for 3 s, the instances down from 2 s.
  const text = sample.replace('run for 20s', 'run for 3s').replace('client web * 200', 'client web * 20').replace(/at 4s restart api\d\n/g, '');
  const compiled = compile(text);
  assert.ok(compiled.config !== null, 'the shortened sample compiles');
  return runScenario(compiled.config);
}

describe('service requests are not graded as register operations', () => {
  const report = shortRetryStorm();

  it('no consistency verdict of a service run is broken: each says why it was not graded', () => {
    const ladder = report.verdicts!.list.filter((v) => ['linearizable', 'sequential', 'read-your-writes', 'monotonic-reads', 'monotonic-writes', 'writes-follow-reads', 'no-stale-reads'].includes(v.name));
    assert.equal(ladder.length, 7);
    for (const verdict of ladder) {
      assert.equal(verdict.holds, null, `${verdict.name}: ${verdict.summary}`);
      assert.match(verdict.summary, /not graded: service requests are calls/);
    }
    assert.equal(report.verdicts!.list.filter((v) => v.holds === false).length, 0);
  });

  it('the run summary says "not graded" instead of a strongest model, and observes nothing to classify', () => {
    const summary = summarize(report, 'service-retry-storm.fault');
    assert.match(summary, /^grade {5}not graded: service requests are calls/m);
    assert.match(summary, /^CAP .*observed nothing to classify/m);
    assert.doesNotMatch(summary, /P\?\/E\?/);
    assert.doesNotMatch(summary, /^quorum {4}no majority/m, 'a service needs no majority: three instances down is not a lost quorum');
    assert.match(report.classification!.summary, /^Nothing to classify was observed\./);
  });

  it('the CAP card claims agreement only with what the run showed', () => {
    assert.match(agreement('P?/E?'), /neither confirms nor contradicts/);
    assert.match(agreement('P?/EC'), /^Where this run showed anything \(P\?\/EC\)/);
    assert.equal(agreement('PC/EC'), 'The run behaved as the classification predicts.');
  });
});
