// Live expectations: the server runs the scenarios in a worker thread after edits settle and
// reports each broken `expect` line with when, how and the seed; an edit withdraws stale results.

import { strict as assert } from 'node:assert';
import type { Hover } from 'vscode-languageserver-protocol';
import { LspClient, positionOf } from './lsp-client.ts';
import { violationMessage } from '../../server/live-expectations.ts';

const SCENARIO = `scenario "live" {
  seed 3
  run for 3s

  cluster {
    nodes n1, n2, n3
    protocol raft {
    }
  }

  expect {
    one leader per term
    no leader
  }
}
`;

describe('language server: live expectations', () => {
  let client: LspClient;
  before(async function () {
    this.timeout(60_000);
    client = await LspClient.start({ liveExpectations: true, liveBudgetMs: 20_000, liveDelayMs: 0 });
  });
  after(async () => {
    await client.stop();
  });

  it('a verdict that already ends with a stop gets no second one before "Replay:"', () => {
    const summary = 'Split brain from 2.1s to 4.8s: n1 and n2 both had writes accepted as leader (42 and 8).';
    const message = violationMessage({ scenario: 'split', seed: 4, line: 9, text: 'no split brain', summary, atUs: 2_100_000 }, 'file:///live/split.fault');
    assert.match(message, /^`no split brain` broke at 2\.1s in "split" \(seed 4\): Split brain .*\(42 and 8\)\. Replay: faultline run /);
    assert.doesNotMatch(message, /\.\./);
  });

  it('a broken expect line is reported on its line with the seed, and an edit that fixes it clears it', async function () {
    this.timeout(60_000);
    const uri = 'file:///live/live.fault';
    await client.open(uri, SCENARIO);
    const live = await client.diagnosticsWhere(uri, (p) => p.diagnostics.some((d) => d.code === 'FL301'));
    const broken = live.diagnostics.filter((d) => d.code === 'FL301');
    assert.equal(broken.length, 1, 'only `no leader` breaks: a healthy 3-node cluster elects one leader per term');
    assert.equal(broken[0]!.range.start.line, positionOf(SCENARIO, 'no leader').line);
    assert.match(broken[0]!.message, /`no leader` broke/);
    assert.match(broken[0]!.message, /seed 3/);
    assert.match(broken[0]!.message, /--seed 3/);
    assert.doesNotMatch(broken[0]!.message, /\d (?:s|ms|µs)\b/, 'times in one style');

    const fixedText = SCENARIO.replace('    no leader\n', '');
    const after = await client.replaceAll(uri, fixedText);
    assert.equal(after.filter((d) => d.code === 'FL301').length, 0, 'a result for an older text is never shown');
  });

  it('hover on a fault line tells what it did in the latest live run', async function () {
    this.timeout(60_000);
    const uri = 'file:///live/faults.fault';
    const text = SCENARIO.replace('    no leader\n', '').replace('  expect {', '  faults {\n    at 1s crash n2\n  }\n\n  expect {');
    const finished = new Promise<void>((resolve) => {
      const subscription = client.connection.onNotification('faultline/liveRun', (p: { uri: string }) => {
        if (p.uri === uri) {
          subscription.dispose();
          resolve();
        }
      });
    });
    await client.open(uri, text);
    await finished;
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'crash n2', 1) });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /In the latest live run of "live" \(seed 3\): crash n2 at 1s; n[13] became leader \(term \d+\) at [\d.]+s/);
  });

  it('a scenario whose expectations all hold finishes its live run with no diagnostic', async function () {
    this.timeout(60_000);
    const uri = 'file:///live/holds.fault';
    const text = SCENARIO.replace('    no leader\n', '');
    const finished = new Promise<{ uri: string; version: number; violations: number }>((resolve) => {
      const subscription = client.connection.onNotification('faultline/liveRun', (p: { uri: string; version: number; violations: number }) => {
        if (p.uri === uri) {
          subscription.dispose();
          resolve(p);
        }
      });
    });
    await client.open(uri, text);
    assert.deepEqual(await finished, { uri, version: 1, violations: 0 });
    assert.deepEqual((await client.diagnostics(uri, 1)).diagnostics, []);
  });
});
