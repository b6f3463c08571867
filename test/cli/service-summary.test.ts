// The `service` lines of `faultline run`: the overload numbers of the service samples, as printed.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { serviceLines } from '../../cli/service-summary.ts';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';

function linesOf(sample: string, scenario?: string): string {
  const { config, diagnostics } = compile(readFileSync(new URL(`../../samples/${sample}`, import.meta.url), 'utf8'), scenario);
  assert.ok(config !== null, diagnostics.map((d) => d.message).join('\n'));
  return serviceLines(runScenario(config, { analyze: false })).join('\n');
}

describe('faultline run: the service summary', () => {
  it('a retry storm shows offered load far above the instances\' capacity', () => {
    const text = linesOf('service-retry-storm.fault');
    const match = /offered load peaked at ([\d,]+)\/s .* against a capacity of ([\d,]+)\/s/.exec(text);
    assert.ok(match, text);
    const [offered, capacity] = [Number(match[1]!.replace(/,/g, '')), Number(match[2]!.replace(/,/g, ''))];
    assert.ok(offered > 2 * capacity, `${offered}/s offered vs ${capacity}/s capacity`);
  });

  it('the queue figure says it is summed over the instances, so it does not read as one queue past its limit', () => {
    const text = linesOf('service-retry-storm.fault');
    const queued = /requests queued or in work peaked at ([\d,]+) at [\d.]+m?s, summed over (\d+) instances/.exec(text);
    assert.ok(queued, text);
    // The sample's nodes: lb, api1, api2, api3, db — three instances between the balancer and the database.
    assert.equal(queued[2], '3');
  });

  it('a shallow health check lets errors through; the deep one serves fewer', () => {
    const errorsOf = (text: string) => Number(/([\d,]+) errors/.exec(text)![1]!.replace(/,/g, ''));
    const shallow = linesOf('service-health-checks.fault', 'health checks: shallow');
    const deep = linesOf('service-health-checks.fault', 'health checks: deep');
    assert.match(shallow, /worst error rate \d+%/);
    assert.ok(errorsOf(deep) < errorsOf(shallow), `deep ${errorsOf(deep)} vs shallow ${errorsOf(shallow)}`);
  });

  it('prints nothing for protocols other than service', () => {
    assert.equal(linesOf('raft-log-replication.fault'), '');
  });
});
