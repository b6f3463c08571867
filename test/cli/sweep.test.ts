import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import type { SweepSummary } from '../../core/sweep/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rare = 'samples/rare-failure.fault';
/** The seeds of 1..200 on which samples/rare-failure.fault misses its 350ms leader bound. */
const RARE_FAILING_SEEDS = [8, 57, 72, 99, 138];

type Json = SweepSummary & { file: string; failures: Array<SweepSummary['failures'][number] & { replay: string }> };

function faultline(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function sweepJson(...args: string[]): { code: number; json: Json } {
  const { code, stdout, stderr } = faultline('sweep', ...args, '--json');
  assert.ok(stdout.trim().length > 0, stderr);
  return { code, json: JSON.parse(stdout) as Json };
}

describe('faultline sweep (built CLI)', function () {
  let dir: string;
  before(() => {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'faultline-sweep-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs its worker threads when node itself was started with a V8 flag (--max-old-space-size)', () => {
    const result = spawnSync(process.execPath, ['--max-old-space-size=4096', join(root, 'bin', 'faultline'), 'sweep', rare, '--seeds', '8', '--jobs', '2', '--json'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.stderr, '');
    assert.equal((JSON.parse(result.stdout) as Json).seeds, 8);
  });

  let full: { code: number; json: Json };
  it('finds the rare slow election on exactly seeds 8, 57, 72, 99 and 138 of 1..200, and exits 1', () => {
    full = sweepJson(rare, '--seeds', '200', '--jobs', '2');
    assert.equal(full.code, 1);
    assert.equal(full.json.seeds, 200);
    assert.deepEqual([...new Set(full.json.failures.map((f) => f.seed))], RARE_FAILING_SEEDS);
    assert.ok(full.json.failures.every((f) => f.expectation === 'leader within 350ms after crash'));
  });

  it('--json has seeds, failures with a summary and a replay command, wallMs and the outcome spread', () => {
    const { json } = full;
    assert.equal(typeof json.wallMs, 'number');
    const first = json.failures[0]!;
    assert.equal(first.seed, 8);
    assert.match(first.summary, /no leader within 350ms after the crash/);
    assert.equal(first.replay, `faultline run ${rare} --scenario 'raft: rare slow election' --seed 8`);
    assert.equal(json.expectations[0]!.broke, 5);
    assert.equal(json.expectations[1]!.broke, 0);
    assert.ok(json.distribution.newLeaderUs !== null && json.distribution.newLeaderUs.max >= json.distribution.newLeaderUs.p50);
    assert.equal(json.outcomes.length, 200);
  });

  it('the printed replay command reproduces the failure of that seed', () => {
    const { code, stdout } = faultline('run', rare, '--scenario', 'raft: rare slow election', '--seed', '57');
    assert.equal(code, 1);
    assert.match(stdout, /✗ leader within 350ms after crash — no leader within 350ms/);
  });

  it('one job and two jobs give the same per-seed outcomes', () => {
    const one = sweepJson(rare, '--seeds', '30', '--from', '50', '--jobs', '1').json;
    const two = sweepJson(rare, '--seeds', '30', '--from', '50', '--jobs', '2').json;
    assert.deepEqual(one.outcomes, two.outcomes);
    assert.deepEqual(one.outcomes, full.json.outcomes.filter((o) => o.seed >= 50 && o.seed < 80));
  });

  it('shards 1/3, 2/3 and 3/3 cover exactly the unsharded seeds with identical outcomes, and --merge adds them up', () => {
    const files: string[] = [];
    const shards = [1, 2, 3].map((i) => {
      const { stdout } = faultline('sweep', rare, '--seeds', '40', '--from', '50', '--shard', `${i}/3`, '--json');
      const path = join(dir, `shard-${i}.json`);
      writeFileSync(path, stdout);
      files.push(path);
      return JSON.parse(stdout) as Json;
    });
    const seeds = shards.flatMap((s) => s.outcomes.map((o) => o.seed));
    assert.deepEqual(seeds, Array.from({ length: 40 }, (_, i) => 50 + i));
    assert.deepEqual(shards.flatMap((s) => s.outcomes), full.json.outcomes.filter((o) => o.seed >= 50 && o.seed < 90));
    const merged = faultline('sweep', '--merge', ...files, '--json');
    const mergedJson = JSON.parse(merged.stdout) as Json;
    assert.equal(merged.code, 1);
    assert.equal(mergedJson.seeds, 40);
    assert.deepEqual(mergedJson.failures.map((f) => f.seed), [57, 72]);
    assert.deepEqual(mergedJson.ranges, [{ from: 50, to: 89 }]);
  });

  it('--shrink writes a smaller scenario that, run alone, breaks the same expectation', () => {
    const out = join(dir, 'rare.shrunk.fault');
    const { code, stdout } = faultline('sweep', rare, '--seeds', '10', '--from', '1', '--jobs', '2', '--shrink', '-o', out);
    assert.equal(code, 1);
    assert.match(stdout, new RegExp(`replay: faultline run ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} --scenario 'raft: rare slow election' --seed 8`));
    const shrunk = compile(readFileSync(out, 'utf8')).config;
    const original = compile(readFileSync(join(root, rare), 'utf8')).config!;
    assert.ok(shrunk !== null);
    assert.equal(shrunk.seed, 8);
    assert.ok(shrunk.runForUs < original.runForUs, 'the shrunk run is shorter');
    assert.equal(shrunk.randomFaults.length, 0, 'random faults became the concrete ones seed 8 drew');
    assert.ok(shrunk.clients.length < original.clients.length, 'fewer clients');
    assert.deepEqual(shrunk.expectations.map((e) => e.text), ['leader within 350ms after crash']);
    const replay = runScenario(shrunk).expectations[0]!;
    assert.equal(replay.holds, false);
    assert.match(replay.summary, /no leader within 350ms after the crash at 5.096s/);
  });

  it('a sweep where no seed breaks an expectation exits 0', () => {
    const { code, json } = sweepJson('samples/raft-leader-isolated.fault', '--seeds', '4', '--jobs', '2');
    assert.equal(code, 0);
    assert.deepEqual(json.failures, []);
  });

  it('invalid input exits 2 with a message: missing --seeds, bad shard, missing file, broken scenario', () => {
    assert.equal(faultline('sweep', rare).code, 2);
    const shard = faultline('sweep', rare, '--seeds', '5', '--shard', '4/3');
    assert.equal(shard.code, 2);
    assert.match(shard.stderr, /--shard 4\/3/);
    assert.equal(faultline('sweep', join(dir, 'nope.fault'), '--seeds', '5').code, 2);
    const huge = faultline('sweep', rare, '--seeds', '2000000000');
    assert.equal(huge.code, 2);
    assert.match(huge.stderr, /--shard/);
    const broken = join(dir, 'broken.fault');
    writeFileSync(broken, 'scenario "x" { run for }\n');
    assert.equal(faultline('sweep', broken, '--seeds', '5').code, 2);
  });
});
