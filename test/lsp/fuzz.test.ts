// The fixed-seed slice of the fuzz suite against the language server over JSON-RPC: mutants of
// every sample opened, edited, then asked every request the server offers (test/fuzz/lsp-probe.ts).
// The server must answer every request and stay alive, and no
// feature may fall back because it threw. A few mutants also go through bin/faultline, whose
// exit code must be 0 to 4 (4: an internal error), never a signal or a V8 abort.

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { LspClient, root } from './lsp-client.ts';
import { mutantArbitrary, mutate } from '../fuzz/mutate.ts';
import { sampleTexts } from '../fuzz/targets.ts';
import { probeServer } from '../fuzz/lsp-probe.ts';

const SEED = 20_261_204;

describe('fuzz slice: the language server and the exit codes', () => {
  const samples = sampleTexts();
  let client: LspClient;

  before(async function () {
    this.timeout(60_000);
    client = await LspClient.start();
  });
  after(async () => {
    await client.stop();
  });

  it('30 mutants of the samples: every request answered, no feature threw, the server alive', async function () {
    this.timeout(240_000);
    const problems: string[] = [];
    const mutants = fc.sample(mutantArbitrary(samples.length), { seed: SEED, numRuns: 30 });
    for (const [i, mutant] of mutants.entries()) {
      const outcome = await probeServer(client, `file:///fuzz-slice/${i}.fault`, mutate(samples, mutant));
      if (outcome.died || outcome.hung.length > 0) problems.push(`#${i} ${JSON.stringify(mutant).slice(0, 200)}: died ${outcome.died}, hung on ${outcome.hung.join(', ')}`);
      if (outcome.died) break;
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(client.loggedErrors, [], 'no feature threw');
  });

  it('bin/faultline validate and run exit 0 to 4 on 4 mutants', function () {
    this.timeout(240_000);
    const scratch = mkdtempSync(join(tmpdir(), 'faultline-fuzz-'));
    try {
      const mutants = fc.sample(mutantArbitrary(samples.length), { seed: SEED + 1, numRuns: 4 });
      for (const [i, mutant] of mutants.entries()) {
        const file = join(scratch, `${i}.fault`);
        writeFileSync(file, mutate(samples, mutant));
        for (const args of [['validate', file], ['run', file, '--max-events', '20000']]) {
          const result = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
          assert.ok(result.status !== null && result.status >= 0 && result.status <= 4, `faultline ${args[0]} on mutant #${i} exited ${result.status ?? result.signal}: ${result.stderr.slice(-500)}`);
        }
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
