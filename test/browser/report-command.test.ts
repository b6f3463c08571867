// `faultline report` as a command: what it writes and how it fails (exit codes, messages).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportCommand } from '../../cli/commands/report.ts';
import { buildWebviewBundle } from './browser.ts';

const FIXTURE = 'test/browser/fixtures/everything-on-one-timeline.fault';

/** Runs the command with stderr captured. */
async function report(...args: string[]): Promise<{ code: number; stderr: string }> {
  const write = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await reportCommand.run(args), stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('faultline report', function () {
  let dir: string;

  before(async function () {
    await buildWebviewBundle();
    dir = mkdtempSync(join(tmpdir(), 'faultline-report-cmd-'));
  });

  it('--seed replaces the scenario’s seed in the written report', async function () {
    const out = join(dir, 'seed.html');
    const { code, stderr } = await report(FIXTURE, '--seed', '42', '-o', out);
    assert.equal(code, 0);
    assert.match(stderr, /seed 42/);
    assert.match(readFileSync(out, 'utf8'), /"seed":42,/);
  });

  it('exits 2 (invalid input, as README says) with file:line:col diagnostics when the scenario does not compile', async function () {
    const broken = join(dir, 'broken.fault');
    writeFileSync(broken, readFileSync(FIXTURE, 'utf8').replace('run for 4s', 'run for banana'));
    const out = join(dir, 'broken.html');
    const { code, stderr } = await report(broken, '-o', out);
    assert.equal(code, 2);
    assert.match(stderr, /broken\.fault:\d+:\d+: error: /);
    assert.equal(existsSync(out), false, 'nothing is written');
  });

  it('exits 2 and lists the scenarios when --scenario names none of them', async function () {
    const { code, stderr } = await report(FIXTURE, '--scenario', 'nope', '-o', join(dir, 'x.html'));
    assert.equal(code, 2);
    assert.match(stderr, /no scenario named "nope"\. Scenarios: "everything on one timeline"/);
  });

  it('exits 2 on a missing file, a bad seed or an unknown option', async function () {
    assert.equal((await report('no/such.fault', '-o', join(dir, 'x.html'))).code, 2);
    assert.equal((await report(FIXTURE, '--seed', '-3')).code, 2);
    assert.equal((await report(FIXTURE, '--colour')).code, 2);
    assert.equal((await report()).code, 2);
  });
});
