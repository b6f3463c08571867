// Each lint on one scenario that makes the mistake and one that does not. The scenarios are
// parsed by the real language core; the lint reads the resulting tree.

import { strict as assert } from 'node:assert';
import { analyze } from '../../core/language/index.ts';
import { lint, type LintCode } from '../../core/language/lints/index.ts';

function scenario(body: string, name = 's'): string {
  return `scenario "${name}" {\n  seed 1\n  run for 10s\n${body}\n}\n`;
}

const RAFT3 = '  cluster {\n    nodes n1, n2, n3\n    protocol raft {\n    }\n  }';

function client(lines: string[]): string {
  return `  workload {\n    client alice {\n${lines.map((l) => `      ${l}`).join('\n')}\n    }\n  }`;
}

function codes(text: string): LintCode[] {
  const analyzed = analyze(text);
  const errors = analyzed.diagnostics.filter((d) => d.severity === 'error');
  assert.deepEqual(errors.map((e) => `${e.code} ${e.message}`), [], 'the test scenario itself must be valid');
  return lint(analyzed.ast, text).map((d) => d.code);
}

function fixed(text: string, code: LintCode, fixIndex = 0): string {
  const finding = lint(analyze(text).ast, text).find((d) => d.code === code);
  assert.ok(finding !== undefined, `${code} reported`);
  const fix = finding.fixes[fixIndex];
  assert.ok(fix !== undefined, `${code} has a fix #${fixIndex}`);
  const lines = text.split('\n');
  // Apply edits back to front so earlier ranges stay valid.
  const edits = [...fix.edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
  for (const edit of edits) {
    const { start, end } = edit.range;
    const head = lines.slice(0, start.line).join('\n') + (start.line > 0 ? '\n' : '') + lines[start.line]!.slice(0, start.character);
    const tail = lines[end.line]!.slice(end.character) + (end.line < lines.length - 1 ? '\n' : '') + lines.slice(end.line + 1).join('\n');
    const whole = head + edit.newText + tail;
    lines.splice(0, lines.length, ...whole.split('\n'));
  }
  return lines.join('\n');
}

const SAFE_CLIENT = ['write x every 100ms', 'timeout 400ms', 'retry 3 backoff exponential 50ms..2s jitter full', 'idempotency key ttl 1h'];

describe('lints: consensus cluster size (FL201)', () => {
  it('a 2-node Raft cluster is flagged: losing either node stops progress', () => {
    assert.ok(codes(scenario(RAFT3.replace('n1, n2, n3', 'n1, n2'))).includes('FL201'));
  });
  it('a 4-node cluster given as a count is flagged, and the fix makes it 5', () => {
    const text = scenario(RAFT3.replace('n1, n2, n3', '4'));
    assert.ok(codes(text).includes('FL201'));
    assert.ok(!codes(fixed(text, 'FL201')).includes('FL201'));
  });
  it('a 3-node cluster is not flagged', () => {
    assert.ok(!codes(scenario(RAFT3)).includes('FL201'));
  });
});

describe('lints: client retries and timeouts (FL202–FL205)', () => {
  it('retried writes without an idempotency key are flagged, and the fix adds one', () => {
    const text = scenario(`${RAFT3}\n${client(SAFE_CLIENT.slice(0, 3))}`);
    assert.ok(codes(text).includes('FL202'));
    const repaired = fixed(text, 'FL202');
    assert.match(repaired, /idempotency key ttl 1h/);
    assert.deepEqual(codes(repaired), []);
  });
  it('retried reads need no idempotency key', () => {
    assert.ok(!codes(scenario(`${RAFT3}\n${client(['read x every 100ms', ...SAFE_CLIENT.slice(1, 3)])}`)).includes('FL202'));
  });
  it('exponential backoff without jitter is flagged (thundering herd), and the fix adds full jitter', () => {
    const text = scenario(`${RAFT3}\n${client([...SAFE_CLIENT.slice(0, 2), 'retry 3 backoff exponential 50ms..2s', SAFE_CLIENT[3]!])}`);
    assert.ok(codes(text).includes('FL203'));
    assert.deepEqual(codes(fixed(text, 'FL203')), []);
  });
  it('backoff with jitter is not flagged', () => {
    assert.ok(!codes(scenario(`${RAFT3}\n${client(SAFE_CLIENT)}`)).includes('FL203'));
  });
  it('a client without a timeout is flagged, and the fix adds one', () => {
    const text = scenario(`${RAFT3}\n${client(['write x every 100ms'])}`);
    assert.ok(codes(text).includes('FL204'));
    assert.ok(!codes(fixed(text, 'FL204')).includes('FL204'));
  });
  it('a client with a timeout is not flagged', () => {
    assert.ok(!codes(scenario(`${RAFT3}\n${client(['write x every 100ms', 'timeout 1s'])}`)).includes('FL204'));
  });
  it('retry forever is flagged as unbounded, and the fix bounds it', () => {
    const text = scenario(`${RAFT3}\n${client([...SAFE_CLIENT.slice(0, 2), 'retry forever backoff exponential 50ms..2s jitter full', SAFE_CLIENT[3]!])}`);
    assert.ok(codes(text).includes('FL205'));
    assert.deepEqual(codes(fixed(text, 'FL205')), []);
  });
  it('a bounded retry is not flagged as unbounded', () => {
    assert.ok(!codes(scenario(`${RAFT3}\n${client(SAFE_CLIENT)}`)).includes('FL205'));
  });
});

describe('lints: idempotency key lifetime (FL214)', () => {
  it('a key TTL shorter than the retry window is flagged, and the fix outlasts the window', () => {
    // 4 attempts × 400ms timeout + backoff 50 + 100 + 200 ms = 1.95 s of retrying.
    const text = scenario(`${RAFT3}\n${client([...SAFE_CLIENT.slice(0, 3), 'idempotency key ttl 1s'])}`);
    assert.ok(codes(text).includes('FL214'));
    const repaired = fixed(text, 'FL214');
    assert.match(repaired, /idempotency key ttl 4s/);
    assert.deepEqual(codes(repaired), []);
  });
  it('a key TTL longer than the retry window is not flagged', () => {
    assert.ok(!codes(scenario(`${RAFT3}\n${client(SAFE_CLIENT)}`)).includes('FL214'));
  });
});

const PB = (options: string[]): string => `  cluster {\n    nodes n1, n2, n3\n    protocol primary_backup {\n${options.map((o) => `      ${o}`).join('\n')}\n    }\n  }`;

describe('lints: primary/backup replication (FL206, FL207)', () => {
  it('asynchronous replication with automatic failover is flagged (lost acknowledged writes)', () => {
    const text = scenario(PB(['replication async', 'failover automatic']));
    assert.ok(codes(text).includes('FL206'));
    assert.ok(!codes(fixed(text, 'FL206')).includes('FL206'), 'replicating synchronously fixes it');
    assert.ok(!codes(fixed(text, 'FL206', 1)).includes('FL206'), 'manual failover fixes it');
  });
  it('synchronous replication with automatic failover is not flagged', () => {
    assert.ok(!codes(scenario(PB(['replication sync', 'failover automatic']))).includes('FL206'));
  });
  it('a client that writes and reads from replicas under async replication is flagged (read-your-writes)', () => {
    const text = scenario(`${PB(['replication async'])}\n${client(['write x every 100ms', 'read x every 50ms', 'timeout 1s', 'read from replicas'])}`);
    assert.ok(codes(text).includes('FL207'));
    assert.ok(!codes(fixed(text, 'FL207')).includes('FL207'), 'waiting for the client\'s position fixes it');
  });
  it('the same client with read-your-writes by position is not flagged', () => {
    const text = scenario(`${PB(['replication async', 'read your writes position'])}\n${client(['write x every 100ms', 'read x every 50ms', 'timeout 1s', 'read from replicas'])}`);
    assert.ok(!codes(text).includes('FL207'));
  });
});

const LEADERLESS = (options: string[]): string => `  cluster {\n    nodes n1, n2, n3\n    protocol leaderless {\n${options.map((o) => `      ${o}`).join('\n')}\n    }\n  }`;

describe('lints: leaderless quorums and clocks (FL208, FL209)', () => {
  it('R + W ≤ N is flagged, and the fix uses majority quorums', () => {
    const text = scenario(LEADERLESS(['n 3', 'r 1', 'w 1', 'conflict resolution siblings']));
    assert.ok(codes(text).includes('FL208'));
    const repaired = fixed(text, 'FL208');
    assert.match(repaired, /r 2\n\s*w 2/);
    assert.ok(!codes(repaired).includes('FL208'));
  });
  it('R + W > N is not flagged', () => {
    assert.ok(!codes(scenario(LEADERLESS(['n 3', 'r 2', 'w 2']))).includes('FL208'));
  });
  it('last-write-wins with a skewed clock is flagged (no global clock)', () => {
    const text = scenario(`${LEADERLESS(['conflict resolution lww'])}\n  clock n3 skew +120ms`);
    assert.ok(codes(text).includes('FL209'));
    assert.ok(!codes(fixed(text, 'FL209')).includes('FL209'));
  });
  it('last-write-wins with no skew declared is not flagged', () => {
    assert.ok(!codes(scenario(LEADERLESS(['conflict resolution lww']))).includes('FL209'));
  });
});

const LEASE = (options: string[]): string => `  cluster {\n    nodes n1, n2, n3\n    protocol lease_lock {\n${options.map((o) => `      ${o}`).join('\n')}\n    }\n  }`;

describe('lints: lease locks (FL210, FL211)', () => {
  it('a lease lock without fencing tokens is flagged, and the fix turns them on', () => {
    const text = scenario(LEASE(['ttl 10s']));
    assert.ok(codes(text).includes('FL210'));
    assert.ok(!codes(fixed(text, 'FL210')).includes('FL210'));
  });
  it('a lease lock with fencing tokens is not flagged', () => {
    assert.ok(!codes(scenario(LEASE(['ttl 10s', 'fencing tokens on']))).includes('FL210'));
  });
  it('a TTL shorter than the declared skew plus the longest pause is flagged, and the fix lengthens it', () => {
    const text = scenario(`${LEASE(['ttl 2s', 'fencing tokens on'])}\n  clock n2 skew +1s\n  faults {\n    at 3s pause n2 for 2s\n  }`);
    assert.ok(codes(text).includes('FL211'));
    assert.ok(!codes(fixed(text, 'FL211')).includes('FL211'));
  });
  it('the default TTL (10s) against a longer pause is flagged, and the fix writes a longer ttl line', () => {
    const text = scenario(`${LEASE(['fencing tokens on'])}\n  faults {\n    at 3s pause n2 for 12s\n  }`);
    assert.ok(codes(text).includes('FL211'));
    const repaired = fixed(text, 'FL211');
    assert.match(repaired, /ttl 24s/);
    assert.ok(!codes(repaired).includes('FL211'));
  });
  it('a TTL longer than skew plus pause is not flagged', () => {
    const text = scenario(`${LEASE(['ttl 10s', 'fencing tokens on'])}\n  clock n2 skew +1s\n  faults {\n    at 3s pause n2 for 2s\n  }`);
    assert.ok(!codes(text).includes('FL211'));
  });
});

const TWO_PC = (options: string[]): string => `  cluster {\n    nodes n1, n2, n3\n    protocol two_phase_commit {\n${options.map((o) => `      ${o}`).join('\n')}\n    }\n  }`;

describe('lints: two-phase commit (FL212)', () => {
  it('2PC with coordinator recovery off is flagged (2PC blocks), and the fix turns it on', () => {
    const text = scenario(TWO_PC(['coordinator recovery off']));
    assert.ok(codes(text).includes('FL212'));
    assert.ok(!codes(fixed(text, 'FL212')).includes('FL212'));
  });
  it('2PC with coordinator recovery (the default) is not flagged', () => {
    assert.ok(!codes(scenario(TWO_PC([]))).includes('FL212'));
  });
});

describe('lints: regions (FL213)', () => {
  const network = (extra: string): string => `  network {\n    latency 2ms\n    region eu n1, n2\n    region us n3\n${extra}  }`;
  it('two regions with one latency for every link are flagged (the network is not homogeneous), and the fix adds cross-region links', () => {
    const text = scenario(`${RAFT3}\n${network('')}`);
    assert.ok(codes(text).includes('FL213'));
    const repaired = fixed(text, 'FL213');
    assert.match(repaired, /link n1 <-> n3 latency 80ms\n\s*link n2 <-> n3 latency 80ms/);
    assert.ok(!codes(repaired).includes('FL213'));
  });
  it('a cross-region link override is not flagged', () => {
    assert.ok(!codes(scenario(`${RAFT3}\n${network('    link n1 <-> n3 latency 80ms\n    link n2 <-> n3 latency 80ms\n')}`)).includes('FL213'));
  });
});

describe('lints: extends', () => {
  it('a mistake inherited from a parent is reported once, at the parent\'s line', () => {
    const text = scenario(RAFT3.replace('n1, n2, n3', 'n1, n2'), 'parent') + '\nscenario "child" extends "parent" {\n  seed 2\n}\n';
    const found = lint(analyze(text).ast, text).filter((d) => d.code === 'FL201');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.range.start.line, 4);
  });
  it('a child that fixes its parent\'s mistake is clean', () => {
    const parent = scenario(`${RAFT3}\n${client(['write x every 100ms'])}`, 'parent');
    const text = `${parent}\nscenario "child" extends "parent" {\n  workload {\n    client alice {\n      timeout 1s\n    }\n  }\n}\n`;
    const found = lint(analyze(text).ast, text).filter((d) => d.code === 'FL204');
    assert.equal(found.length, 1, 'only the parent is flagged');
    assert.ok(found[0]!.range.start.line < 10);
  });
});

describe('lints: messages', () => {
  it('every finding names the pattern or fallacy it comes from', () => {
    const text = scenario(`${RAFT3.replace('n1, n2, n3', 'n1, n2')}\n${client(['write x every 100ms', 'retry forever backoff constant 1s'])}`);
    for (const finding of lint(analyze(text).ast, text)) assert.match(finding.message, /\([^)]+\)$/, finding.message);
  });
});
