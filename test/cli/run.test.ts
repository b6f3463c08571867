import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../core/types/report.ts';
import { parseSweepArgs } from '../../cli/commands/sweep.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = 'samples/raft-leader-isolated.fault';

function faultline(...args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), 'run', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function reportOf(...args: string[]): { code: number; report: Report } {
  const { code, stdout } = faultline(...args, '--json');
  return { code, report: JSON.parse(stdout) as Report };
}

const healthyCluster = (expectation: string) => `
scenario "three healthy nodes" {
  seed 5
  run for 3s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      election timeout 150ms..300ms
      heartbeat every 50ms
    }
  }
  workload {
    client alice {
      write x every 100ms
      timeout 300ms
    }
    client bob {
      read x every 150ms
      timeout 300ms
    }
  }
  expect {
    ${expectation}
  }
}
`;

describe('faultline run', () => {
  let scratch: string;

  before(() => {
    execFileSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root });
    scratch = mkdtempSync(join(tmpdir(), 'faultline-run-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const scenarioFile = (name: string, text: string) => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  it('prints the Report with --json: format, scenario, seed, stats, expectations, history and trace', () => {
    const { code, report } = reportOf(sample);
    assert.equal(report.format, 'faultline.report/1');
    assert.equal(report.scenario, 'raft: leader isolated');
    assert.equal(typeof report.seed, 'number');
    assert.equal(report.stats.simulatedUs, 10_000_000);
    assert.ok(report.stats.events > 1000 && report.stats.wallMs > 0);
    // The simulation's wall time and the grading's, apart: a long search must not read as a slow simulator.
    assert.ok(typeof report.stats.gradeMs === 'number' && report.stats.gradeMs > 0);
    assert.deepEqual(Object.keys(report.stats.messages).sort(), ['delivered', 'dropped', 'duplicated', 'sent']);
    assert.ok(report.expectations.length >= 3);
    for (const expectation of report.expectations) {
      assert.equal(typeof expectation.text, 'string');
      assert.ok(expectation.line > 0);
      assert.ok(expectation.holds === true || expectation.holds === false || expectation.holds === null);
      assert.ok(expectation.summary.length > 0);
    }
    assert.ok(report.history.length > 100 && report.trace.length > 1000);
    assert.equal(code, report.expectations.some((e) => e.holds === false) ? 1 : 0);
  });

  it('two processes given the same file and seed print the same report, wall time aside', () => {
    const strip = (report: Report) => JSON.stringify({ ...report, stats: { ...report.stats, wallMs: 0, gradeMs: 0 } });
    assert.equal(strip(reportOf(sample, '--seed', '3').report), strip(reportOf(sample, '--seed', '3').report));
  });

  it('--seed replaces the scenario’s seed and changes the run', () => {
    const a = reportOf(sample, '--seed', '101').report;
    const b = reportOf(sample, '--seed', '202').report;
    assert.equal(a.seed, 101);
    assert.equal(a.config.seed, 101);
    assert.notDeepEqual(a.history, b.history);
  });

  it('refuses a scenario listing 10,000 node names with the same FL009 as `nodes 10000` (exit 2) instead of exhausting the heap', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => `m${i}`).join(', ');
    const file = scenarioFile('ten-thousand-names.fault', `scenario "big" {\n  run for 1s\n  cluster {\n    nodes ${names}\n    protocol raft\n  }\n}\n`);
    const { code, stderr, stdout } = faultline(file);
    assert.equal(code, 2);
    assert.match(stderr + stdout, /10000 nodes; at most 1000 are supported\. \[FL009\]/);
  });

  it('exits 1 when an expectation is violated', () => {
    const file = scenarioFile('violated.fault', healthyCluster('no leader'));
    const { code, report } = reportOf(file);
    assert.equal(report.expectations[0]!.holds, false);
    assert.equal(code, 1);
  });

  it('exits 0 when every decided expectation holds', () => {
    const file = scenarioFile('holds.fault', healthyCluster('writes commit\n    one leader per term\n    linearizable'));
    const { code, report } = reportOf(file);
    assert.deepEqual(report.expectations.map((e) => e.holds), [true, true, true]);
    assert.equal(code, 0);
  });

  it('exits 2 on an invalid scenario, with file:line:col diagnostics on stderr', () => {
    const file = scenarioFile('broken.fault', 'scenario "broken" {\n  run for banana\n}\n');
    const { code, stdout, stderr } = faultline(file);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `));
  });

  it('exits 2 on a missing file, an unknown scenario or a bad option', () => {
    assert.equal(faultline(join(scratch, 'nope.fault')).code, 2);
    const unknown = faultline(sample, '--scenario', 'no such scenario');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no scenario named "no such scenario"/);
    assert.equal(faultline(sample, '--seed', 'seven').code, 2);
    assert.equal(faultline(sample, '--frobnicate').code, 2);
  });

  it('refuses a seed past the safe integers, or signed, with the rule the playground\'s seed box uses (run, report, sweep --from)', () => {
    const rule = /a seed is a whole number from 0 to 9007199254740991, got '(99999999999999999999|-1)'/;
    for (const seed of ['99999999999999999999', '-1']) {
      const run = faultline(sample, '--seed', seed);
      assert.equal(run.code, 2);
      assert.match(run.stderr, rule);
    }
    const report = spawnSync(process.execPath, [join(root, 'bin', 'faultline'), 'report', sample, '--seed', '99999999999999999999', '-o', join(scratch, 'never.html')], { cwd: root, encoding: 'utf8' });
    assert.equal(report.status, 2);
    assert.match(report.stderr, rule);
    assert.match(String(parseSweepArgs([sample, '--seeds', '3', '--from', '-1'])), rule);
  });

  it('stops a run at --max-events and still returns the partial report', () => {
    const { report } = reportOf(sample, '--max-events', '500');
    assert.equal(report.stats.events, 500);
    assert.equal(report.stats.stoppedBy, 'event-budget');
    assert.ok(report.stats.simulatedUs < 10_000_000);
    assert.ok(report.trace.some((e) => e.kind === 'note' && e.text.includes('event budget')));
    const readable = faultline(sample, '--max-events', '500');
    assert.match(readable.stdout, /STOPPED at the event budget/);
  });

  it('stops a run at --max-memory (MB) with a partial report that says what it had stored, exit 0 when nothing broke', () => {
    const file = scenarioFile('busy.fault', healthyCluster('linearizable').replace('run for 3s', 'run for 1h').replace('write x every 100ms', 'write x every 2ms'));
    const { code, report } = reportOf(file, '--max-memory', '4');
    assert.equal(code, 0);
    assert.equal(report.stats.stoppedBy, 'memory-budget');
    assert.ok(report.stats.simulatedUs < 3_600_000_000);
    const readable = faultline(file, '--max-memory', '4');
    assert.match(readable.stdout, /STOPPED at the memory budget before the end \(stopped after [\d,]+ events \(the memory budget: \d+ history and \d+ trace events stored, priced at \d+ MB of 4 MB\)\): this report is partial; shorten `run for` or lighten the workload, or raise --max-memory \(MB\)/);
    assert.match(readable.stdout, /✓ linearizable/);
    const bad = faultline(file, '--max-memory', 'lots');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--max-memory needs a positive whole number of megabytes, got 'lots'/);
  });

  it('a run whose trace outgrows its cap says up to when messages were traced, and still decides its trace verdicts', () => {
    // The leader-isolated sample for 80 simulated seconds with 2ms heartbeats: over 200,000 trace events.
    const text = readFileSync(join(root, sample), 'utf8').replace('run for 10s', 'run for 80s').replace('heartbeat every 50ms', 'heartbeat every 2ms');
    const file = scenarioFile('long.fault', text);
    const { stdout } = faultline(file);
    assert.match(stdout, /note {6}messages are traced only up to [0-9.]+s \(the trace's cap\)/);
    assert.match(stdout, /✓ no split brain/, 'trace verdicts stay decided');
    assert.doesNotMatch(stdout, /not decided/);
  });

  it('prints a readable summary with the leaders, the operations, each expectation and the replay command', () => {
    const { stdout } = faultline(sample, '--seed', '9');
    assert.match(stdout, /^scenario {2}raft: leader isolated/m);
    assert.match(stdout, /^faults {4}2s partition n1 \| n2, n3 · 5s heal/m);
    assert.match(stdout, /^leaders {3}.*\(term 1\)/m);
    assert.match(stdout, /^ops {7}\d+ invoked: \d+ ok, \d+ fail, \d+ info \(indeterminate\) · latency p50 .*, p99 /m);
    assert.match(stdout, /^ {2}[✓✗?] leader within 1s after partition — /m);
    assert.match(stdout, /^replay {4}faultline run samples\/raft-leader-isolated\.fault --scenario 'raft: leader isolated' --seed 9$/m);
  });
});
