// The diagram's legend names what this run draws, in its protocol's words.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { legendItems } from '../../../webview/model/legend.ts';
import { buildRunModel } from '../../../webview/model/run-model.ts';

const legendOf = (file: string): string[] => legendItems(buildRunModel(runScenario(compile(readFileSync(file, 'utf8')).config!))).map((item) => item.text);

describe('diagram legend', () => {
  it('a lease lock\'s bar is its lock holder, never a "leader", and a paused holder is in the legend', () => {
    const legend = legendOf('samples/lease-lock-no-fencing.fault');
    assert.ok(legend.includes('lock holder'), legend.join(', '));
    assert.ok(!legend.includes('leader'));
    assert.ok(legend.includes('paused (frozen)'));
  });

  it('a Raft run with a crashed node names leader, candidate and the crashed span', () => {
    const legend = legendOf('test/browser/fixtures/everything-on-one-timeline.fault');
    for (const text of ['leader', 'candidate', 'crashed (down)', 'paused (frozen)', 'partition', 'message', 'op ok']) assert.ok(legend.includes(text), `${text} in ${legend.join(', ')}`);
  });

  it('a primary/backup run calls its bar the primary', () => {
    const legend = legendOf('samples/primary-backup-async-failover.fault');
    assert.ok(legend.includes('primary') && !legend.includes('leader'), legend.join(', '));
  });

  it('a forked run names the greyed run as written, first, with the fork time; an unforked one does not', () => {
    const model = buildRunModel(runScenario(compile(readFileSync('test/browser/fixtures/everything-on-one-timeline.fault', 'utf8')).config!));
    assert.equal(legendItems(model, { fromUs: 1_200_000 })[0]!.text, 'greyed: the run as written, after the fork at 1.2s');
    assert.ok(!legendItems(model).some((item) => item.swatch === 'fl-sw-ghost'));
  });
});
