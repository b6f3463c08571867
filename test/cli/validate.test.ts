// `faultline validate`: the real launcher (bin/faultline → dist/cli.js) on clean, broken and
// missing files, checking the output format and the exit codes 0, 1 and 2.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const launcher = join(root, 'bin', 'faultline');

function validate(...files: string[]) {
  const result = spawnSync(process.execPath, [launcher, 'validate', ...files], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('faultline validate', () => {
  let dir: string;

  before(() => {
    // The launcher runs the bundle; build it from the current sources first.
    execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'faultline-validate-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints no error for any sample', () => {
    const samples = readdirSync(join(root, 'samples'))
      .filter((f) => f.endsWith('.fault'))
      .map((f) => join('samples', f));
    assert.ok(samples.length >= 8);
    const result = validate(...samples);
    assert.equal(result.stdout.split('\n').filter((l) => / error: /.test(l)).join('\n'), '');
    assert.equal(result.code, 0, result.stdout + result.stderr);
  });

  it('exits 1 and prints file:line:col: severity: message [code] for a broken file', () => {
    const file = join(dir, 'broken.fault');
    writeFileSync(file, 'scenario "s" {\n  run for 10\n  cluster {\n    nodes n1\n    protocol raft\n  }\n}\n');
    const result = validate(file);
    assert.equal(result.code, 1);
    assert.equal(result.stdout.trim(), `${file}:2:11: error: \`run for 10\` needs a unit: 10ms? [FL012]`);
    assert.match(result.stderr, /1 file checked: 1 error, 0 warnings/);
  });

  it('exits 0 when a file has only warnings, and prints them', () => {
    const file = join(dir, 'warning.fault');
    writeFileSync(file, 'scenario "s" {\n  run for 1s\n  cluster {\n    nodes n1\n    protocol raft\n  }\n  faults {\n    at 5s crash n1\n  }\n}\n');
    const result = validate(file);
    assert.equal(result.code, 0);
    assert.match(result.stdout, /warning\.fault:8:5: warning: .* it never happens\. \[FL040\]/);
  });

  it('exits 2 when a file cannot be read, and still checks the others', () => {
    const broken = join(dir, 'broken2.fault');
    writeFileSync(broken, 'scenario "s" { sed 1 }\n');
    const result = validate(join(dir, 'missing.fault'), broken);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /missing\.fault: cannot read: no such file/);
    assert.match(result.stdout, /broken2\.fault:1:16: error: .*FL008/);
  });

  it('exits 2 with a usage line when no file is given', () => {
    const result = validate();
    assert.equal(result.code, 2);
    assert.match(result.stderr, /usage: faultline validate \[--no-lints\] FILE\.\.\./);
  });

  it('prints the lints (FL2xx warnings) as the editor does, and leaves them out with --no-lints', () => {
    const file = join(dir, 'even.fault');
    writeFileSync(file, 'scenario "s" {\n  run for 1s\n  cluster {\n    nodes 4\n    protocol raft\n  }\n}\n');
    const withLints = validate(file);
    assert.equal(withLints.code, 0);
    assert.match(withLints.stdout, /even\.fault:4:5: warning: .*\[FL201\]/);
    const without = spawnSync(process.execPath, [launcher, 'validate', '--no-lints', file], { cwd: root, encoding: 'utf8' });
    assert.equal(without.status, 0);
    assert.equal(without.stdout, '');
  });
});
