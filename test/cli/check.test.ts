// `faultline check`: the real launcher on corpus histories and broken files, checking the exit
// codes (0 linearizable, 1 not, 2 unreadable, 3 undecided) and the --json output.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const launcher = join(root, 'bin', 'faultline');
const corpus = join(root, 'test', 'fixtures', 'porcupine');

function check(...args: string[]) {
  const result = spawnSync(process.execPath, [launcher, 'check', ...args], { cwd: root, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('faultline check', () => {
  let dir: string;

  before(() => {
    // The launcher runs the bundle; build it from the current sources first.
    execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    dir = mkdtempSync(join(tmpdir(), 'faultline-check-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for a linearizable etcd log and says so', () => {
    const r = check(join(corpus, 'etcd', 'etcd_005.log'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^linearizable/);
  });

  it('exits 1 for a non-linearizable etcd log and explains it in a sentence', () => {
    const r = check(join(corpus, 'etcd', 'etcd_000.log'));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /NOT linearizable/);
    assert.match(r.stdout, /process \d+/);
  });

  it('prints the verdict, model, operation count and witness with --json, choosing kv for keyed get/put/append', () => {
    const r = check(join(corpus, 'kv', 'c10-bad.txt'), '--json');
    assert.equal(r.code, 1, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.linearizable, false);
    assert.equal(out.model, 'kv');
    assert.equal(out.ops, 405);
    assert.equal(out.witness.kind, 'violation');
    assert.equal(typeof out.witness.blocked, 'number');
  });

  it('uses the register model for etcd logs by default', () => {
    const out = JSON.parse(check(join(corpus, 'etcd', 'etcd_002.log'), '--json').stdout);
    assert.equal(out.model, 'register');
    assert.equal(out.linearizable, true);
    assert.equal(out.witness.kind, 'linearization');
  });

  it('exits 2 and prints the line that could not be read', () => {
    const file = join(dir, 'broken.edn');
    writeFileSync(file, '{:process 0, :type :invoke, :f :read, :value nil}\n{:process 0, :type :ok, :f :read, :value [1 2}\n');
    const r = check(file);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.edn:2:/);
    assert.match(r.stderr, /2 \| \{:process 0, :type :ok, :f :read, :value \[1 2\}/);
  });

  it('exits 2 for a missing file and for a bad option', () => {
    assert.equal(check(join(dir, 'nope.edn')).code, 2);
    assert.equal(check(join(corpus, 'etcd', 'etcd_000.log'), '--model', 'queue').code, 2);
  });

  it('exits 3 with null when the search budget is spent', () => {
    const r = check(join(corpus, 'etcd', 'etcd_002.log'), '--json', '--max-steps', '1000');
    assert.equal(r.code, 3, r.stdout + r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.linearizable, null);
    assert.equal(out.witness.kind, 'budget');
  });

  it('refuses an operation no model knows with exit 2, naming the supported operations', () => {
    const file = join(dir, 'frob.edn');
    writeFileSync(file, '{:process 0, :type :invoke, :f :frobnicate, :value 1}\n{:process 0, :type :ok, :f :frobnicate, :value 1}\n');
    const r = check(file);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /:frobnicate.*supported: register \(read, write, cas/);
  });

  for (const [what, value] of [
    ['cas "abc"', ':cas, :value "abc"'],
    ['cas [1 2 3]', ':cas, :value [1 2 3]'],
    ['write {:a 1}', ':write, :value {:a 1}'],
    ['1e999', ':write, :value 1e999'],
  ] as const) {
    it(`refuses ${what} with exit 2 and a reason, never a verdict`, () => {
      const file = join(dir, 'bad-value.edn');
      writeFileSync(file, `{:process 0, :type :invoke, :f ${value}}\n{:process 0, :type :ok, :f ${value}}\n`);
      const r = check(file);
      assert.equal(r.code, 2, r.stdout);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /must be|needs|out of range/);
    });
  }

  it('says which reading of :fail a verdict used, in the text and in --json', () => {
    const file = join(dir, 'failed-cas.edn');
    writeFileSync(file, '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value 1}\n{:process 1, :type :invoke, :f :cas, :value [1 2]}\n{:process 1, :type :fail, :f :cas, :value [1 2]}\n');
    const text = check(file);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /failed operations did not happen \(Jepsen\)/);
    const json = check(file, '--json', '--fail-means', 'comparison');
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).failReading, 'comparison');
  });

  it('a history of writes alone is linearizable but says it proves nothing about reads; a read removes the remark', () => {
    const writes = join(dir, 'writes-only.edn');
    writeFileSync(writes, '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 1, :type :invoke, :f :write, :value 2}\n{:process 0, :type :ok, :f :write, :value 1}\n{:process 1, :type :ok, :f :write, :value 2}\n');
    const text = check(writes);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /no operation read the data back/);
    assert.equal(JSON.parse(check(writes, '--json').stdout).nothingObserved, true);
    const withRead = join(dir, 'writes-and-read.edn');
    writeFileSync(withRead, '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value 1}\n{:process 1, :type :invoke, :f :read, :value nil}\n{:process 1, :type :ok, :f :read, :value 1}\n');
    const judged = check(withRead);
    assert.equal(judged.code, 0, judged.stderr);
    assert.doesNotMatch(judged.stdout, /no operation read the data back/);
    assert.equal(JSON.parse(check(withRead, '--json').stdout).nothingObserved, undefined);
  });

  it('checks many histories in one call: one line each, a summary, and the worst exit code', () => {
    const r = check(join(corpus, 'etcd', 'etcd_005.log'), join(corpus, 'etcd', 'etcd_000.log'), join(dir, 'nope.edn'));
    assert.equal(r.code, 1, 'a proven violation outranks an unreadable file');
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0]!, /etcd_005\.log: linearizable/);
    assert.match(lines[1]!, /etcd_000\.log: NOT linearizable/);
    assert.match(lines[2]!, /^3 histories: 1 linearizable, 1 NOT linearizable, 0 undecided, 1 not checkable$/);
  });

  it('reads a UTF-8 history (non-ASCII names and values) as it reads an ASCII one', () => {
    // Pure ASCII is decoded as latin1 for speed; anything else must still be read as UTF-8.
    const lines = [
      '{:process "zoë", :type :invoke, :f :write, :key "clé", :value "ü", :time 1000}',
      '{:process "zoë", :type :ok, :f :write, :key "clé", :value "ü", :time 2000}',
      '{:process "zoë", :type :invoke, :f :read, :key "clé", :value nil, :time 3000}',
      '{:process "zoë", :type :ok, :f :read, :key "clé", :value "ü", :time 4000}',
    ];
    writeFileSync(join(dir, 'utf8.edn'), lines.join('\n') + '\n');
    const ok = JSON.parse(check(join(dir, 'utf8.edn'), '--json').stdout);
    assert.equal(ok.linearizable, true);
    assert.equal(ok.ops, 2);
    // A read of a value written with another accent is a violation only if the text was decoded right.
    writeFileSync(join(dir, 'utf8-bad.edn'), [...lines.slice(0, 3), lines[3]!.replace('"ü"', '"u"')].join('\n') + '\n');
    const bad = check(join(dir, 'utf8-bad.edn'));
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, /zoë/);
  });

  it('expands a glob itself and prints one JSON object per file with --json', () => {
    const r = check(join(corpus, 'etcd', 'etcd_00*.log'), '--json');
    const objects = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(objects.length, 10);
    assert.ok(objects.every((o) => typeof o.file === 'string' && 'linearizable' in o));
    assert.equal(r.code, objects.some((o) => o.linearizable === false) ? 1 : 0);
  });
});
