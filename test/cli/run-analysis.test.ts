// `faultline run` grades every run with core/check: the Report carries verdicts, the quorum
// timeline and the classification; consistency expectations are decided; and the history it
// exports as Jepsen EDN is judged the same way by `faultline check`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importHistory } from '../../core/history/import.ts';
import type { Report } from '../../core/types/report.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readModes = 'samples/raft-read-modes.fault';

function faultline(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function runJson(scenario: string): { code: number; report: Report } {
  const { code, stdout } = faultline('run', readModes, '--scenario', scenario, '--json');
  return { code, report: JSON.parse(stdout) as Report };
}

describe('faultline run grades the run with the checkers', () => {
  let scratch: string;
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'faultline-run-analysis-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads through the Raft log are linearizable, and the report says so with its evidence', () => {
    const { code, report } = runJson('read modes: through the log');
    assert.equal(code, 0);
    const linearizable = report.expectations.find((e) => e.text === 'linearizable');
    assert.equal(linearizable?.holds, true);
    assert.equal(report.verdicts?.strongest, 'linearizable');
    assert.equal(report.verdicts?.damage.staleReads.count, 0);
    assert.deepEqual(report.classification?.disagreements, []);
    assert.ok((report.quorum?.length ?? 0) >= 2, 'a partition and a heal make at least two quorum intervals');
    assert.ok(report.quorum?.some((interval) => interval.components.length > 1), 'the partition shows as separate components');
  });

  it('local reads on a stale leader break linearizability; the verdict names the operations and the CP setup is contradicted', () => {
    const { code, report } = runJson('read modes: local (stale)');
    assert.equal(code, 1, 'a violated expectation exits 1');
    const linearizable = report.expectations.find((e) => e.text === 'linearizable');
    assert.equal(linearizable?.holds, false);
    assert.match(linearizable!.summary, /read x=\d+ at .* although .* write x=\d+ had completed/);
    assert.notEqual(report.verdicts?.strongest, 'linearizable');
    assert.ok((report.verdicts?.damage.staleReads.count ?? 0) > 0);
    assert.ok(report.classification!.disagreements.some((d) => /stale reads/.test(d)), 'configuration and observation disagree');
  });

  it('the summary prints the grade, the damage and the classification', () => {
    const { stdout } = faultline('run', readModes, '--scenario', 'read modes: local (stale)');
    assert.match(stdout, /^grade {5}strongest model that held: /m);
    assert.match(stdout, /^damage {4}\d+ acknowledged writes lost · \d+ applied more than once · \d+ stale reads/m);
    assert.match(stdout, /^CAP {7}configured CP/m);
  });

  it('the EDN written by --history-out is valid Jepsen (one operation per process at a time) and check agrees with run', () => {
    for (const [scenario, linearizable] of [
      ['read modes: through the log', true],
      ['read modes: local (stale)', false],
    ] as const) {
      const file = join(scratch, `${linearizable}.edn`);
      faultline('run', readModes, '--scenario', scenario, '--history-out', file);
      const text = readFileSync(file, 'utf8');
      const imported = importHistory(text);
      assert.ok(imported.ok, `the exported history imports cleanly: ${JSON.stringify(imported.ok ? '' : imported.error)}`);
      const checked = faultline('check', file, '--json');
      assert.equal(checked.code, linearizable ? 0 : 1);
      assert.equal((JSON.parse(checked.stdout) as { linearizable: boolean }).linearizable, linearizable);
    }
  });
});
