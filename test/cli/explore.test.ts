// `faultline explore` end to end (built CLI): exit codes 0/1/2/3, the JSON shape, worker threads.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compile } from '../../core/language/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const twoPc = 'samples/two-phase-commit-coordinator-crash.fault';
const raft = 'test/fixtures/explore/raft.fault';

function faultline(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

type Json = {
  format: string;
  states: number;
  distinct: number;
  depth: number;
  exhausted: boolean;
  violations: Array<{ expectation: string; depth: number; scenario: string; steps: string[]; replays: boolean }>;
  notCheckable: Array<{ text: string }>;
};

describe('faultline explore (built CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'faultline-explore-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1 with the shortest schedule when a property breaks, and writes it as a scenario with --out', () => {
    const out = join(dir, 'counterexample.fault');
    const { code, stdout } = faultline('explore', twoPc, '--depth', '6', '--out', out);
    assert.equal(code, 1, stdout);
    assert.match(stdout, /`participants never block` breaks after 4 steps \(the shortest schedule\)/);
    assert.match(stdout, /not checkable in this mode: `writes commit after restart`/);
    const written = compile(readFileSync(out, 'utf8'));
    assert.ok(written.config !== null, written.diagnostics.map((d) => d.message).join('\n'));
    assert.deepEqual(written.config.faults.map((f) => `${f.type} ${'node' in f ? f.node : ''}`), ['message ', 'crash coord']);
    assert.match(stdout, /^ {2}replays: yes, checked: faultline run of it breaks `participants never block` \(in its trace/m);
  });

  it('exits 0 and says the space was exhausted when no schedule breaks anything', () => {
    const { code, stdout } = faultline('explore', raft, '--crashes', '0', '--ops', '0', '--depth', '100');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /^explored [\d,]+ states \([\d,]+ distinct\) to depth \d+ in [\d.]+ s: no schedule breaks `raft safety`, `one leader per term`$/m);
    assert.match(stdout, /the space was exhausted/);
  });

  it('exits 0 and names the depth bound when it stops there', () => {
    const { code, stdout } = faultline('explore', raft, '--crashes', '0', '--ops', '0', '--depth', '3');
    assert.equal(code, 0, stdout);
    assert.match(stdout, /bound hit: schedules longer than 3 steps were not explored/);
  });

  it('exits 3 when the state budget runs out before the depth bound', () => {
    const { code, stdout } = faultline('explore', raft, '--max-states', '50', '--depth', '100');
    assert.equal(code, 3, stdout);
    assert.match(stdout, /budget ran out: 50 distinct states/);
  });

  it('exits 2 on invalid input, saying what was expected', () => {
    const bad = faultline('explore', raft, '--depth', 'ten');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--depth needs a whole number of actions per schedule from 1 to 1,000, got 'ten'/);
    assert.equal(faultline('explore', 'no-such-file.fault').code, 2);
    assert.match(faultline('explore', raft, '--shard', '3/2').stderr, /--shard needs i\/n/);
  });

  it('--json prints the faultline.explore/1 shape', () => {
    const { code, stdout } = faultline('explore', twoPc, '--depth', '6', '--json');
    assert.equal(code, 1);
    const json = JSON.parse(stdout) as Json;
    assert.equal(json.format, 'faultline.explore/1');
    assert.equal(json.exhausted, false);
    assert.deepEqual(json.violations.map((v) => [v.expectation, v.depth, v.replays]), [['participants never block', 4, true]]);
    assert.match(json.violations[0]!.scenario, /^scenario "2pc: coordinator crashes after prepare: explored counterexample"/m);
  });

  it('--jobs 2 explores two shards in worker threads that share their seen states: exactly the states of one search', () => {
    const { code, stdout, stderr } = faultline('explore', raft, '--crashes', '0', '--ops', '0', '--depth', '100', '--jobs', '2', '--json');
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout) as Json;
    assert.equal(json.exhausted, true);
    const single = JSON.parse(faultline('explore', raft, '--crashes', '0', '--ops', '0', '--depth', '100', '--json').stdout) as Json;
    // One shared table and a barrier per level: no state is expanded by both shards.
    assert.deepEqual([json.states, json.distinct, json.depth], [single.states, single.distinct, single.depth]);
  });

  it('--jobs 2 finds the same shortest counterexample depth as one search, with the same counts', () => {
    const two = faultline('explore', join(root, 'test/fixtures/explore/pb.fault'), '--jobs', '2', '--json');
    const one = faultline('explore', join(root, 'test/fixtures/explore/pb.fault'), '--json');
    assert.equal(two.code, 1, two.stderr);
    const [a, b] = [JSON.parse(two.stdout) as Json, JSON.parse(one.stdout) as Json];
    assert.deepEqual([a.states, a.distinct, a.depth], [b.states, b.distinct, b.depth]);
    assert.deepEqual(a.violations.map((v) => [v.expectation, v.depth]), b.violations.map((v) => [v.expectation, v.depth]));
  });

  it('the count line says "summed over shards" for --shard, whose shards keep apart tables, and not for --jobs 2, whose threads share one', () => {
    const jobs = faultline('explore', raft, '--crashes', '0', '--ops', '0', '--jobs', '2');
    assert.equal(jobs.code, 0, jobs.stderr);
    assert.match(jobs.stdout, /^explored [\d,]+ states \([\d,]+ distinct\) to depth/m);
    const shard = faultline('explore', raft, '--crashes', '0', '--ops', '0', '--shard', '1/2');
    assert.equal(shard.code, 0, shard.stderr);
    assert.match(shard.stdout, /^explored [\d,]+ states \([\d,]+ distinct, summed over shards\) to depth/m);
  });

  it("the editor's run worker (Explore All Schedules) finds the same shortest schedule", async () => {
    const worker = new Worker(join(root, 'dist', 'run-worker.cjs'));
    try {
      const text = readFileSync(join(root, twoPc), 'utf8');
      const done = await new Promise<{ result: Json & { violations: Array<{ expectation: string; depth: number }> } }>((resolve, reject) => {
        worker.on('message', (reply: { type: string; message?: string }) => {
          if (reply.type === 'explore-done') resolve(reply as never);
          else if (reply.type === 'failed') reject(new Error(reply.message));
        });
        worker.on('error', reject);
        worker.postMessage({ type: 'explore', text, scenario: '2pc: coordinator crashes after prepare' });
      });
      assert.deepEqual(done.result.violations.map((v) => [v.expectation, v.depth]), [['participants never block', 4]]);
    } finally {
      await worker.terminate();
    }
  });
});
