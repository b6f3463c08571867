// samples/raft-follow-the-leader.fault does what its comments say.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import type { SimConfig } from '../../core/types/sim-config.ts';
import type { Report } from '../../core/types/report.ts';

const text = readFileSync(fileURLToPath(new URL('../../samples/raft-follow-the-leader.fault', import.meta.url)), 'utf8');
const S = 1_000_000;

function configOf(scenario: string): SimConfig {
  const result = compile(text, scenario);
  assert.ok(result.config !== null);
  return result.config;
}

/** The newest-term leader just before t, from the trace's state events. */
function leaderBefore(report: Report, t: number): string | undefined {
  const roles = new Map<string, { role: unknown; term: number }>();
  for (const e of report.trace) {
    if (e.t >= t) break;
    if (e.kind === 'crash') roles.delete(e.node);
    if (e.kind === 'state' && 'role' in e.state) roles.set(e.node, { role: e.state['role'], term: Number(e.state['term']) });
  }
  let best: [string, number] | undefined;
  for (const [node, s] of roles) if (s.role === 'leader' && (best === undefined || s.term > best[1])) best = [node, s.term];
  return best?.[0];
}

function okWrites(report: Report, client: string, from: number, to: number): { ok: number; other: number } {
  const invoked = new Map<number, number>();
  const out = { ok: 0, other: 0 };
  for (const e of report.history) {
    if (e.process !== client) continue;
    if (e.type === 'invoke') invoked.set(e.opId, e.time);
    else if (invoked.get(e.opId)! >= from && invoked.get(e.opId)! < to) out[e.type === 'ok' ? 'ok' : 'other']++;
  }
  return out;
}

describe('sample raft-follow-the-leader', () => {
  it('"crash whoever leads": the crash hits the node leading at 2s, the same node restarts at 4s, the cut at 6s isolates the node leading then', () => {
    const report = runScenario(configOf('raft: crash whoever leads'));
    const crash = report.trace.find((e) => e.kind === 'crash');
    const restart = report.trace.find((e) => e.kind === 'restart');
    assert.ok(crash?.kind === 'crash' && restart?.kind === 'restart');
    assert.deepEqual([crash.t, crash.node, crash.role], [2 * S, leaderBefore(report, 2 * S), 'leader']);
    assert.deepEqual([restart.t, restart.node], [4 * S, crash.node]);
    const partition = report.trace.find((e) => e.kind === 'partition');
    assert.ok(partition?.kind === 'partition');
    assert.equal(partition.declared, 'leader | rest');
    assert.equal(partition.label.split(' | ')[0], leaderBefore(report, 6 * S));
    assert.ok(report.expectations.every((e) => e.holds === true), JSON.stringify(report.expectations));
  });

  it('"clients on the minority side": alice beside n1 gets no write through while n1 is cut off, bob beside n3 does — and unplaced, alice would have', () => {
    const config = configOf('raft: clients on the minority side');
    const report = runScenario(config);
    // After the majority's election (about 2.2s), ending before the heal at 6s.
    const alice = okWrites(report, 'alice', 2.5 * S, 5.5 * S);
    const bob = okWrites(report, 'bob', 2.5 * S, 5.5 * S);
    assert.equal(alice.ok, 0);
    assert.ok(alice.other >= 25, JSON.stringify(alice));
    assert.ok(bob.ok >= 25, JSON.stringify(bob));
    const unplaced = runScenario({ ...config, clients: config.clients.map(({ place: _place, ...client }) => client) });
    assert.ok(okWrites(unplaced, 'alice', 2.5 * S, 5.5 * S).ok >= 25, 'an unplaced client reaches the majority through the cut');
    assert.ok(report.expectations.every((e) => e.holds === true), JSON.stringify(report.expectations));
  });
});
