// Every sample is a working scenario: each scenario in each file compiles with no error through
// the same language API the CLI and the language server use. The risky/fixed pairs are also
// checked for the one difference their comments promise, so a sample cannot drift into
// showing something other than what it says.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ALL_DIAGNOSTIC_CODES, analyze, compile, type Diagnostic } from '../../core/language/index.ts';
import { lint } from '../../core/language/lints/index.ts';
import { PROTOCOLS } from '../../core/protocols/options-registry.ts';
import { lintInfo } from '../../core/explain/lints.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';
import { Engine } from '../../core/sim/engine.ts';
import type { Timeline } from '../../core/sim/timeline.ts';
import { raft } from '../../core/protocols/raft/index.ts';
import { checkLinearizable } from '../../core/check/linearizability.ts';
import { kvModel } from '../../core/check/models/kv.ts';

const samplesDir = fileURLToPath(new URL('../../samples/', import.meta.url));
const docsDir = fileURLToPath(new URL('../../docs/', import.meta.url));
const sampleFiles = readdirSync(samplesDir).filter((f) => f.endsWith('.fault')).sort();

function read(file: string): string {
  return readFileSync(samplesDir + file, 'utf8');
}

function describeDiagnostics(file: string, diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`)
    .join('\n');
}

function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}

/** Compiles one named scenario of a sample and fails the test with the diagnostics if it cannot. */
function configOf(file: string, scenario: string): SimConfig {
  const result = compile(read(file), scenario);
  assert.deepEqual(errorsOf(result.diagnostics), [], describeDiagnostics(file, errorsOf(result.diagnostics)));
  assert.ok(result.config !== null, `${file}: scenario "${scenario}" did not compile`);
  return result.config;
}

function scenarioNames(file: string): string[] {
  return analyze(read(file)).ast.scenarios.map((s) => s.name.value);
}

describe('samples', () => {
  it('there are at least the eight samples the first issue asks for, plus the Raft concept rows', () => {
    for (const expected of [
      'raft-leader-isolated.fault',
      'raft-two-nodes.fault',
      'raft-five-nodes.fault',
      'primary-backup-async-failover.fault',
      'leaderless-concurrent-writes.fault',
      'two-phase-commit-coordinator-crash.fault',
      'lease-lock-no-fencing.fault',
      'service-retry-storm.fault',
      'raft-quorum-arithmetic.fault',
      'raft-log-replication.fault',
      'raft-read-modes.fault',
    ]) {
      assert.ok(sampleFiles.includes(expected), `samples/${expected} is missing`);
    }
  });

  for (const file of sampleFiles) {
    describe(file, () => {
      it('opens with a comment that says what to watch for', () => {
        assert.match(read(file), /^\/\/ \S/, 'a sample starts with a // comment in plain words');
      });

      it('analyzes with no error', () => {
        const { diagnostics } = analyze(read(file));
        assert.deepEqual(errorsOf(diagnostics), [], describeDiagnostics(file, errorsOf(diagnostics)));
      });

      it('compiles every scenario it declares, each to a config of its own name', () => {
        const names = scenarioNames(file);
        assert.ok(names.length > 0, 'a sample declares at least one scenario');
        for (const name of names) assert.equal(configOf(file, name).scenario, name);
      });
    });
  }

  describe('what the samples promise', () => {
    it('the main sample isolates one of three Raft nodes and expects a new leader, no split brain and linearizability', () => {
      const config = configOf('raft-leader-isolated.fault', 'raft: leader isolated');
      assert.equal(config.protocol.name, 'raft');
      assert.deepEqual(config.nodes, ['n1', 'n2', 'n3']);
      assert.deepEqual(
        config.faults.map((f) => f.type),
        ['partition', 'heal'],
      );
      const kinds = config.expectations.map((e) => e.kind);
      for (const kind of ['leader-within', 'no-split-brain', 'linearizable'] as const) {
        assert.ok(kinds.includes(kind), `expects ${kind}`);
      }
      const within = config.expectations.find((e) => e.kind === 'leader-within');
      assert.equal(within?.after, 'partition');
      assert.equal(within?.withinUs, 1_000_000);
      assert.ok(config.clients.some((c) => c.ops.some((o) => o.op === 'write')), 'a client writes');
      assert.ok(config.clients.some((c) => c.ops.some((o) => o.op === 'read')), 'a client reads');
    });

    it('the quorum-arithmetic scenarios cover clusters of 1, 2, 3, 4 and 5 nodes', () => {
      const sizes = scenarioNames('raft-quorum-arithmetic.fault').map(
        (name) => configOf('raft-quorum-arithmetic.fault', name).nodes.length,
      );
      assert.deepEqual([...new Set(sizes)].sort(), [1, 2, 3, 4, 5]);
    });

    it('the quorum-arithmetic scenarios never crash a node the cluster does not have', () => {
      for (const name of scenarioNames('raft-quorum-arithmetic.fault')) {
        const config = configOf('raft-quorum-arithmetic.fault', name);
        for (const fault of config.faults) {
          if (fault.type === 'crash') assert.ok(config.nodes.includes(fault.node), `${name}: ${fault.node}`);
        }
      }
    });

    it('the read-modes scenarios share one cluster and differ only in the read mode', () => {
      const names = scenarioNames('raft-read-modes.fault');
      const configs = names.map((name) => configOf('raft-read-modes.fault', name));
      assert.deepEqual(
        configs.map((c) => c.protocol.options['read mode']),
        ['log', 'read_index', 'lease', 'local'],
      );
      const withoutReadMode = configs.map((c) => {
        const { ['read mode']: _ignored, ...rest } = c.protocol.options;
        return { nodes: c.nodes, options: rest, faults: c.faults, clients: c.clients, seed: c.seed };
      });
      for (const other of withoutReadMode.slice(1)) assert.deepEqual(other, withoutReadMode[0]);
    });

    it('the primary/backup fixes change one option each: replication sync, or manual failover', () => {
      const file = 'primary-backup-async-failover.fault';
      const [risky, sync, manual] = scenarioNames(file).map((name) => configOf(file, name).protocol.options);
      assert.equal(risky!['replication'], 'async');
      assert.equal(risky!['failover'], 'automatic');
      assert.deepEqual(sync, { ...risky, replication: 'sync' });
      assert.deepEqual(manual, { ...risky, failover: 'manual' });
    });

    it('the primary/backup replication-lag pair ships every 500ms and differs only in replication sync', () => {
      const file = 'primary-backup-async-failover.fault';
      const asyncCrash = configOf(file, 'primary/backup: async, the primary crashes after acknowledging').protocol.options;
      const syncCrash = configOf(file, 'primary/backup: sync, the primary crashes after acknowledging').protocol.options;
      assert.equal(asyncCrash['replication'], 'async');
      assert.equal(asyncCrash['ship every'], 500_000);
      assert.deepEqual(syncCrash, { ...asyncCrash, replication: 'sync' });
    });

    it('the leaderless sample runs last-write-wins with a skewed clock, then siblings and a CRDT', () => {
      const file = 'leaderless-concurrent-writes.fault';
      const configs = scenarioNames(file).map((name) => configOf(file, name));
      assert.deepEqual(
        configs.map((c) => c.protocol.options['conflict resolution']),
        ['lww', 'siblings', 'crdt'],
      );
      assert.ok(configs[0]!.clocks.some((c) => c.skewUs !== 0), 'a clock is skewed in the risky scenario');
    });

    it('the lease-lock fix turns fencing tokens on and keeps the pause that outlives the lease', () => {
      const file = 'lease-lock-no-fencing.fault';
      const [risky, fixed] = scenarioNames(file).map((name) => configOf(file, name));
      assert.equal(risky!.protocol.options['fencing tokens'], false);
      assert.equal(fixed!.protocol.options['fencing tokens'], true);
      const pause = risky!.faults.find((f) => f.type === 'pause');
      assert.ok(pause !== undefined && pause.type === 'pause');
      assert.ok(pause.durationUs > Number(risky!.protocol.options['ttl']), 'the pause is longer than the lease');
      assert.deepEqual(fixed!.faults, risky!.faults);
    });

    it('the retry-storm fix keeps the same clients and changes only their backoff and jitter', () => {
      const file = 'service-retry-storm.fault';
      const [risky, fixed] = scenarioNames(file).map((name) => configOf(file, name));
      const riskyRetry = risky!.clients[0]!.retry;
      const fixedRetry = fixed!.clients[0]!.retry;
      assert.equal(riskyRetry?.jitter, 'none');
      assert.equal(fixedRetry?.backoff, 'exponential');
      assert.equal(fixedRetry?.jitter, 'full');
      assert.equal(fixed!.clients[0]!.count, risky!.clients[0]!.count);
      assert.deepEqual(fixed!.clients[0]!.ops, risky!.clients[0]!.ops);
    });

    // A risky scenario should be recognisable in the editor before it runs: the lint for its
    // pattern fires on it, and the fixed variant next to it is clean of that lint.
    const lintPairs: Array<{ file: string; risky: string; fixed: string; code: string }> = [
      {
        file: 'primary-backup-async-failover.fault',
        risky: 'primary/backup: async with automatic failover',
        fixed: 'primary/backup: sync with automatic failover',
        code: 'FL206',
      },
      {
        file: 'leaderless-concurrent-writes.fault',
        risky: 'leaderless: last write wins with a skewed clock',
        fixed: 'leaderless: siblings keep concurrent writes',
        code: 'FL209',
      },
      { file: 'lease-lock-no-fencing.fault', risky: 'lease lock: no fencing', fixed: 'lease lock: fencing tokens', code: 'FL210' },
      { file: 'service-retry-storm.fault', risky: 'service: retry storm', fixed: 'service: backoff with jitter', code: 'FL203' },
      { file: 'idempotency-retries.fault', risky: 'idempotency: retries without keys', fixed: 'idempotency: keys', code: 'FL202' },
      {
        file: 'primary-backup-read-your-writes.fault',
        risky: 'read your writes: reads from lagging backups',
        fixed: 'read your writes: wait for the write\'s position',
        code: 'FL207',
      },
    ];
    for (const { file, risky, fixed, code } of lintPairs) {
      it(`${file}: lint ${code} warns about "${risky}" and not about "${fixed}"`, () => {
        const text = read(file);
        const { ast } = analyze(text);
        const codesOf = (scenario: string) => lint(ast, text, scenario).map((d) => d.code);
        assert.ok(codesOf(risky).includes(code as never), `${code} on the risky scenario`);
        assert.ok(!codesOf(fixed).includes(code as never), `no ${code} on the fixed scenario`);
      });
    }

    it('the two-node Raft sample has one of its two nodes down from the start', () => {
      const config = configOf('raft-two-nodes.fault', 'raft: two nodes, one down from the start');
      assert.equal(config.nodes.length, 2);
      assert.deepEqual(
        config.faults.map((f) => [f.type, f.atUs]),
        [['crash', 0]],
      );
    });
  });
});

describe('the docs that point at the samples', () => {
  const concepts = readFileSync(docsDir + 'concepts.md', 'utf8');
  const reference = readFileSync(docsDir + 'language.md', 'utf8');

  it('docs/concepts.md covers the 21 concepts, one section each', () => {
    for (let row = 1; row <= 21; row++) assert.match(concepts, new RegExp(`^## ${row}\\. `, 'm'), `section ${row}`);
  });

  it('docs/concepts.md names only samples that exist, unless the row says the sample comes later', () => {
    for (const line of concepts.split('\n').filter((l) => /^\| \d+ \|/.test(l))) {
      const named = [...line.matchAll(/`([a-z0-9-]+\.fault)`/g)].map((m) => m[1]!);
      const later = line.includes('*(later)*') ? [...line.matchAll(/\*\(later\)\* `([a-z0-9-]+\.fault)`/g)].map((m) => m[1]!) : [];
      for (const file of named) {
        if (!later.includes(file)) assert.ok(sampleFiles.includes(file), `${file} (in: ${line.slice(0, 40)}...) does not exist`);
      }
    }
  });

  it('docs/concepts.md points at every sample at least once', () => {
    for (const file of sampleFiles) assert.ok(concepts.includes('`' + file + '`'), `${file} is not mentioned`);
  });

  it('every example in docs/language.md is valid: whole scenarios as written, fragments inside a small scenario', () => {
    const examples = [...reference.matchAll(/```\n([\s\S]*?)```/g)].map((m) => m[1]!);
    assert.ok(examples.length >= 10, `expected the reference to show at least 10 examples, found ${examples.length}`);
    for (const example of examples) {
      let text = example;
      if (!/^\s*(\/\/.*\n)*\s*scenario /.test(example)) {
        // A fragment: fault lines go inside `faults { }`; a cluster is added unless it brings one.
        const body = /^\s*(at|from|every) /.test(example) ? `faults {\n${example}\n}` : example;
        const cluster = /\bcluster\s*\{/.test(example) ? '' : 'cluster {\n  nodes n1, n2, n3\n  protocol raft\n}\n';
        text = `scenario "example" {\nrun for 10s\n${cluster}${body}\n}\n`;
      }
      const errors = errorsOf(analyze(text).diagnostics);
      assert.deepEqual(errors.map((e) => e.message), [], `this example from docs/language.md:\n${example}`);
    }
  });

  it('docs/language.md lists every diagnostic and lint code', () => {
    for (const code of [...ALL_DIAGNOSTIC_CODES, ...Object.keys(lintInfo)]) {
      assert.ok(reference.includes(`| \`${code}\` |`), `${code} is not in the reference`);
    }
  });

  it('docs/language.md documents every option of every protocol, with its choices', () => {
    for (const protocol of PROTOCOLS) {
      assert.ok(reference.includes(`#### \`${protocol.name}\``), `a section for ${protocol.name}`);
      for (const option of protocol.options) {
        assert.ok(reference.includes(`| \`${option.name}\` |`), `${protocol.name}: option ${option.name}`);
        for (const value of option.values ?? []) assert.ok(reference.includes(`\`${value}\``), `${option.name}: ${value}`);
      }
    }
  });
});

// The Raft samples' comments tell a story with names and times in it ("with seed 2, n1 leads").
// These runs check that the simulator still tells that story, so a comment never lies.
describe('the Raft samples do what their comments say', () => {
  type NodeView = { role?: string; term?: number };

  function simulate(config: SimConfig) {
    return new Engine(config, raft, { maxEvents: 2_000_000, recordTrace: false, maxTraceEvents: 0 }).run();
  }

  function run(config: SimConfig): Timeline {
    return simulate(config).timeline;
  }

  /** What each node last reported about itself at or before time `t`. */
  function viewAt(timeline: Timeline, t: number): Map<string, NodeView> {
    const views = new Map<string, NodeView>();
    for (const entry of timeline) {
      if (entry.t > t) break;
      if (entry.kind === 'state') views.set(entry.node, { ...views.get(entry.node), ...(entry.state as NodeView) });
    }
    return views;
  }

  it('raft-leader-isolated: n1 leads when it is cut off, n2 or n3 leads a higher term before the heal, n1 follows after it', () => {
    const config = configOf('raft-leader-isolated.fault', 'raft: leader isolated');
    const timeline = run(config);
    const before = viewAt(timeline, 2_000_000 - 1);
    assert.equal(before.get('n1')?.role, 'leader');
    const beforeHeal = viewAt(timeline, 5_000_000 - 1);
    const newLeader = ['n2', 'n3'].find((n) => beforeHeal.get(n)?.role === 'leader');
    assert.ok(newLeader !== undefined, 'the majority side elected a leader');
    assert.ok(beforeHeal.get(newLeader)!.term! > before.get('n1')!.term!, 'in a higher term');
    assert.equal(viewAt(timeline, config.runForUs).get('n1')?.role, 'follower');
  });

  it('raft-log-replication: n3 is a follower when it crashes, and after its restart applies every write it missed', () => {
    const config = configOf('raft-log-replication.fault', 'raft: a restarted follower catches up');
    const result = new Engine(config, raft, { maxEvents: 2_000_000, recordTrace: true, maxTraceEvents: 1_000_000 }).run();
    assert.equal(viewAt(result.timeline, 1_000_000 - 1).get('n3')?.role, 'follower');
    // Writes acknowledged while n3 was down (1s..4s) reached it only through catch-up.
    const missed = result.history.filter((e) => e.type === 'ok' && e.f !== 'read' && e.time > 1_000_000 && e.time < 4_000_000);
    assert.ok(missed.length > 0, 'writes committed while n3 was down');
    const appliedOnN3 = new Set(result.trace.filter((e) => e.kind === 'apply' && e.node === 'n3').map((e) => (e.kind === 'apply' ? e.op : -1)));
    const notApplied = missed.filter((e) => !appliedOnN3.has(e.opId)).map((e) => e.opId);
    assert.deepEqual(notApplied, [], 'operations n3 never applied');
  });

  it('raft-read-modes: reads through the log, read index or lease stay linearizable; local reads on the cut-off leader do not', () => {
    const file = 'raft-read-modes.fault';
    const verdicts = scenarioNames(file).map((name) => {
      const config = configOf(file, name);
      return [config.protocol.options['read mode'], checkLinearizable(simulate(config).history, kvModel).verdict.holds];
    });
    assert.deepEqual(verdicts, [
      ['log', true],
      ['read_index', true],
      ['lease', true],
      ['local', false],
    ]);
  });

  it('idempotency-retries: lost replies plus retries apply increments twice, keys stop it, keys forgotten too soon do not', () => {
    const file = 'idempotency-retries.fault';
    const duplicates = scenarioNames(file).map((name) => {
      const config = configOf(file, name);
      const result = new Engine(config, raft, { maxEvents: 2_000_000, recordTrace: true, maxTraceEvents: 1_000_000 }).run();
      const applied = new Map<string, number>();
      for (const event of result.trace) {
        if (event.kind !== 'apply') continue;
        const key = `${event.node}:${event.op}`;
        applied.set(key, (applied.get(key) ?? 0) + 1);
      }
      return [...applied.values()].filter((times) => times > 1).length;
    });
    const [withoutKeys, withKeys, shortTtl] = duplicates;
    assert.ok(withoutKeys! > 0, 'without keys some increment is applied twice');
    assert.equal(withKeys, 0, 'with keys no increment is applied twice');
    assert.ok(shortTtl! > 0, 'with keys forgotten too soon some increment is applied twice again');
  });

  it('raft-five-nodes: writes commit with two nodes down, stop when the third goes, and resume when one returns', () => {
    const config = configOf('raft-five-nodes.fault', 'raft: five nodes, two then three down');
    const acknowledgedAt = simulate(config)
      .history.filter((e) => e.type === 'ok' && e.f === 'write')
      .map((e) => e.time);
    const between = (from: number, to: number) => acknowledgedAt.filter((t) => t >= from && t < to).length;
    assert.ok(between(3_500_000, 6_000_000) > 0, 'two down (n4, n5): writes commit');
    assert.equal(between(6_500_000, 8_000_000), 0, 'three down (n3, n4, n5): no write commits');
    assert.ok(between(8_500_000, config.runForUs) > 0, 'n5 back: writes commit again');
  });
});
