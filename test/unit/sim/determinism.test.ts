import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { determinismConfig, reportJson } from './determinism-fixture.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

describe('determinism', () => {
  it('the same config and seed give a byte-identical report', () => {
    const first = reportJson(determinismConfig(7));
    const second = reportJson(determinismConfig(7));
    assert.equal(first, second);
    assert.ok(first.length > 10_000, 'the fixture should produce a substantial report');
  });

  it('two separate processes produce the same report bytes as this one', () => {
    const script = join(here, 'print-report.ts');
    const run = () => execFileSync(process.execPath, ['--import', 'tsx', script, '7'], { cwd: root, maxBuffer: 256 * 1024 * 1024 }).toString();
    const a = run();
    const b = run();
    assert.equal(a, b);
    assert.equal(a, reportJson(determinismConfig(7)));
  });

  it('a different seed tells a different story', () => {
    assert.notEqual(reportJson(determinismConfig(7)), reportJson(determinismConfig(8)));
  });
});
