// A query the database did not answer in time, in the service model and in the checkers that read
// its histories. The instance gives up on it, but the database may still receive and apply a write
// it carried: that outcome is indeterminate (`info`), never `fail`, which says "did not happen".

import assert from 'node:assert/strict';
import { checkLadder } from '../../../core/check/ladder.ts';
import { checkLinearizable } from '../../../core/check/linearizability.ts';
import { registerModel } from '../../../core/check/models/index.ts';
import { compile } from '../../../core/language/index.ts';
import { service, type ServiceMessage, type ServiceState } from '../../../core/protocols/service/index.ts';
import { DB_DEADLINE_TIMER, WORK_TIMER } from '../../../core/protocols/service/instance.ts';
import { runScenario } from '../../../core/run.ts';
import type { ClientReply, Effect, NodeContext } from '../../../core/sim/protocol.ts';
import type { Report } from '../../../core/types/report.ts';
import { history, read, write } from '../check/helpers/build-history.ts';

const NODES = ['lb', 'api1', 'db'];
/** The default `request timeout`. */
const TIMEOUT_US = 1_000_000;

function ctx(now: number, nodes: string[] = NODES): NodeContext {
  return { self: nodes === NODES ? 'api1' : nodes[0]!, nodes, options: {}, now };
}

/** Sends one request through api1's worker to the database, which never answers, and returns api1's reply. */
function replyAfterDatabaseSilence(op: string): ClientReply | undefined {
  const api1: ServiceState = service.init(ctx(0), []);
  const out: Effect<ServiceMessage>[] = [];
  service.onMessage(api1, 'lb', { kind: 'Forward', request: { requestId: 1, opId: 1, op, key: 'x', value: op === 'read' ? null : 1 } }, ctx(0), out);
  service.onTimer(api1, WORK_TIMER, ctx(5_000), out);
  assert.ok(out.some((e) => e.kind === 'send' && e.type === 'Query'), 'the query went to the database');
  out.length = 0;
  service.onTimer(api1, DB_DEADLINE_TIMER, ctx(TIMEOUT_US + 1), out);
  const response = out.find((e) => e.kind === 'send' && e.type === 'Response');
  return response?.kind === 'send' && response.message.kind === 'Response' ? response.message.reply : undefined;
}

// The hunter's scenario: a database slower than the writes it gets, so most queries outlive the
// request timeout and are applied after the instance gave up on them.
const SLOW_DATABASE = `
scenario "slow database" {
  seed 1
  run for 6s
  cluster {
    nodes lb, api1, db
    protocol service {
      instances 1
      capacity 1000/s
      request timeout 300ms
      database capacity 20/s
    }
  }
  network { latency 1ms..3ms }
  workload {
    client w {
      write x every 25ms timeout 2s
      stop at 1s
    }
    client r { read x every 300ms timeout 2s }
  }
  expect { linearizable }
}
`;

function slowDatabaseRun(): Report {
  const compiled = compile(SLOW_DATABASE);
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message), []);
  return runScenario(compiled.config!);
}

describe('service model: a database that does not answer in time', () => {
  it('an instance that gives up on a write answers `info` (it may still be applied), and on a read `fail` (a read changes nothing)', () => {
    assert.deepEqual(replyAfterDatabaseSilence('write'), { outcome: 'info', error: 'database did not answer' });
    assert.deepEqual(replyAfterDatabaseSilence('request'), { outcome: 'info', error: 'database did not answer' });
    assert.deepEqual(replyAfterDatabaseSilence('read'), { outcome: 'fail', error: 'database did not answer' });
  });

  it('a write the database applied after the instance gave up is `info` in the history, never `fail`', () => {
    const report = slowDatabaseRun();
    const applied = new Set(report.trace.flatMap((e) => (e.kind === 'apply' ? [e.op] : [])));
    const completions = report.history.filter((e) => e.type !== 'invoke' && e.f === 'write' && applied.has(e.opId));
    assert.ok(completions.length > 0);
    assert.deepEqual(completions.filter((e) => e.type === 'fail'), []);
    const late = completions.filter((e) => e.type === 'info' && e.error === 'database did not answer');
    assert.ok(late.length > 0, 'some applied writes were given up on by the instance');
  });

  it('reading a value that a timed-out write put in the database breaks no linearizability', () => {
    const report = slowDatabaseRun();
    const timedOut = new Set(report.history.filter((e) => e.type === 'info' && e.error === 'database did not answer').map((e) => e.value));
    assert.ok(report.history.some((e) => e.type === 'ok' && e.f === 'read' && timedOut.has(e.value)), 'a read saw a timed-out write');
    const linearizable = report.expectations.find((e) => e.text === 'linearizable');
    assert.equal(linearizable?.holds, true, linearizable?.summary);
  });

  it('a write refused before it reaches any database (a cluster too small for the roles) is still `fail`', () => {
    const nodes = ['a', 'b'];
    const state = service.init(ctx(0, nodes), []);
    const out: Effect<ServiceMessage>[] = [];
    service.onClientRequest(state, { requestId: 1, opId: 1, client: 'w', op: 'write', key: 'x', value: 1 }, ctx(0, nodes), out);
    const reply = out.find((e) => e.kind === 'reply');
    assert.ok(reply?.kind === 'reply' && reply.reply.outcome === 'fail', JSON.stringify(reply));
  });
});

describe('checker sentences around failed operations', () => {
  it('a read of a value only a failed write wrote is explained as that failed write taking effect after all', () => {
    const h = history([{ ...write('w', 13, 0, 300), type: 'fail', error: 'database did not answer' }, read('r', 13, 100, 150)]);
    const verdict = checkLinearizable(h, registerModel).verdict;
    assert.equal(verdict.holds, false);
    assert.equal(verdict.summary, "r read x=13 at 150ms, a value only w's write x=13 wrote, and that write was reported failed at 300ms: it took effect after all.");
  });

  it('a read of a value nobody wrote, failed or not, is still "a value no operation wrote"', () => {
    const h = history([{ ...write('w', 12, 0, 300), type: 'fail' }, read('r', 13, 100, 150)]);
    assert.match(checkLinearizable(h, registerModel).verdict.summary, /a value no operation wrote\.$/);
  });

  it('with every read failed, linearizability has nothing to judge, and the sentence does not count the failed reads as writes', () => {
    const h = history([
      { ...write('w', 1, 0, 10), type: 'info' },
      write('w', 2, 20, 30),
      { ...read('r', null, 5, 15), type: 'fail' },
      { ...read('r', null, 25, 35), type: 'fail' },
      { ...read('r', null, 40, 50), type: 'info' },
    ]);
    const verdict = checkLadder(h).verdicts.find((v) => v.name === 'linearizable')!;
    assert.equal(verdict.holds, null);
    assert.equal(
      verdict.summary,
      'Nothing to judge: no read returned a value (5 operations: 2 writes or updates whose results depend on no state, 2 reads that failed, 1 read without an answer), so any order of the writes fits.',
    );
  });
});
