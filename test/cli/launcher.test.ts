// bin/faultline, the committed launcher, as a user's shell runs it: `check` goes through its own
// CommonJS bundle (dist/check.cjs) and must behave exactly as through the command table, and a
// reader that stops early must not turn the command's output into an internal error.

import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.ts';

const launcher = join(process.cwd(), 'bin', 'faultline');

function launch(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [launcher, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs cli/main.ts in-process with stdout captured. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string }> {
  const original = process.stdout.write.bind(process.stdout);
  let stdout = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await main(args), stdout };
  } finally {
    process.stdout.write = original;
  }
}

describe('bin/faultline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-launcher-'));
  const valid = join(dir, 'valid.edn');
  writeFileSync(valid, '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value 1}\n{:process 1, :type :invoke, :f :read, :value nil}\n{:process 1, :type :ok, :f :read, :value 1}\n');
  const stale = join(dir, 'stale.edn');
  writeFileSync(stale, '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value 1}\n{:process 1, :type :invoke, :f :read, :value nil}\n{:process 1, :type :ok, :f :read, :value 2}\n');

  it('check through the launcher prints and exits as the command table does, for a valid and a violated history', async () => {
    for (const [file, code] of [[valid, 0], [stale, 1]] as const) {
      const launched = launch(['check', file, '--json']);
      const table = await inProcess(['check', file, '--json']);
      assert.equal(launched.code, code, launched.stderr);
      assert.equal(table.code, code);
      assert.deepEqual(JSON.parse(launched.stdout), JSON.parse(table.stdout));
    }
  });

  it('check --help and a bad option behave as through the command table (usage, exit 2)', async () => {
    const help = launch(['check', '--help']);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, (await inProcess(['check', '--help'])).stdout);
    assert.equal(launch(['check', valid, '--model', 'no-such-model']).code, 2);
  });

  it('a reader that closes the pipe after the first line leaves the exit code of the command, not an internal error', async () => {
    const child = spawn(process.execPath, [launcher, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.doesNotMatch(stderr, /internal error/);
    assert.equal(code, 0);
  });
});
