// Primary/backup on its own: the static classification of its option sets, the option
// declarations every hover reads, and handler-level facts about epochs, resync and sessions.

import assert from 'node:assert/strict';
import type { Effect, NodeContext } from '../../../core/sim/protocol.ts';
import { primaryBackupOptions } from '../../../core/protocols/primary_backup/options.ts';
import { primaryBackup, type PrimaryBackupMessage, type PrimaryBackupState } from '../../../core/protocols/primary_backup/index.ts';
import { getProtocol } from '../../../core/protocols/registry.ts';
import type { OptionValue } from '../../../core/types/sim-config.ts';

function ctx(self: string, options: Record<string, OptionValue> = {}, now = 0): NodeContext {
  return { self, nodes: ['n1', 'n2'], options, now };
}

function sends(out: Effect<PrimaryBackupMessage>[]): PrimaryBackupMessage[] {
  return out.flatMap((e) => (e.kind === 'send' ? [e.message] : []));
}

describe('primary/backup: classification', () => {
  it('async replication is PA/EL (available under partition, no extra latency otherwise)', () => {
    const c = primaryBackup.classify({ replication: 'async' });
    assert.equal(c.cap, 'AP');
    assert.equal(c.pacelc, 'PA/EL');
    assert.match(c.reason, /before any backup/);
  });

  it('sync replication is PC/EC (refuses when cut off, pays a round trip per write)', () => {
    const c = primaryBackup.classify({ replication: 'sync' });
    assert.equal(c.cap, 'CP');
    assert.equal(c.pacelc, 'PC/EC');
  });

  it('semi-sync pays the round trip but stays available under a partition: PA/EC, and says why', () => {
    const c = primaryBackup.classify({ replication: 'semi_sync', failover: 'automatic' });
    assert.equal(c.pacelc, 'PA/EC');
    assert.match(c.reason, /one backup/);
  });

  it('the default options (async) classify as PA/EL', () => {
    assert.equal(primaryBackup.classify({}).pacelc, 'PA/EL');
  });
});

describe('primary/backup: options', () => {
  it('every option has a one-line explanation for hover, and every enum lists its choices', () => {
    for (const option of primaryBackupOptions.options) {
      assert.ok(option.doc.length > 20 && !option.doc.includes('\n'), option.name);
      if (option.type === 'enum') assert.ok((option.values ?? []).length >= 2, option.name);
    }
  });

  it('is registered under its declared name', () => {
    assert.equal(getProtocol('primary_backup'), primaryBackup);
    assert.equal(primaryBackupOptions.name, primaryBackup.name);
  });
});

describe('primary/backup: handlers', () => {
  it('the first node starts as primary of epoch 1 and the other as its backup', () => {
    const out1: Effect<PrimaryBackupMessage>[] = [];
    const out2: Effect<PrimaryBackupMessage>[] = [];
    const n1 = primaryBackup.init(ctx('n1'), out1);
    const n2 = primaryBackup.init(ctx('n2'), out2);
    assert.equal(n1.role, 'primary');
    assert.equal(n2.role, 'backup');
    assert.equal(n2.primary, 'n1');
    const state = out1.find((e) => e.kind === 'state');
    assert.deepEqual(state?.kind === 'state' && state.state['role'], 'primary');
  });

  it('an async primary acknowledges a write before the backup has it', () => {
    const n1 = primaryBackup.init(ctx('n1'), []);
    const out: Effect<PrimaryBackupMessage>[] = [];
    primaryBackup.onClientRequest(n1, { requestId: 7, opId: 1, client: 'a', op: 'write', key: 'x', value: 1 }, ctx('n1'), out);
    assert.ok(out.some((e) => e.kind === 'reply' && e.requestId === 7 && e.reply.outcome === 'ok'));
    assert.ok(sends(out).some((m) => m.kind === 'Append' && m.entries.length === 1));
  });

  it('a sync primary waits for the backup before acknowledging', () => {
    const options = { replication: 'sync' };
    const n1 = primaryBackup.init(ctx('n1', options), []);
    const n2 = primaryBackup.init(ctx('n2', options), []);
    // n2 acknowledges a heartbeat, so n1 knows its backup follows.
    const hb: Effect<PrimaryBackupMessage>[] = [];
    primaryBackup.onTimer(n1, 'heartbeat', ctx('n1', options, 10), hb);
    const append = sends(hb)[0]!;
    const ackOut: Effect<PrimaryBackupMessage>[] = [];
    primaryBackup.onMessage(n2, 'n1', append, ctx('n2', options, 11), ackOut);
    primaryBackup.onMessage(n1, 'n2', sends(ackOut)[0]!, ctx('n1', options, 12), []);
    const out: Effect<PrimaryBackupMessage>[] = [];
    primaryBackup.onClientRequest(n1, { requestId: 9, opId: 2, client: 'a', op: 'write', key: 'x', value: 2 }, ctx('n1', options, 13), out);
    assert.ok(!out.some((e) => e.kind === 'reply'), 'no reply before the backup has it');
    const toBackup: Effect<PrimaryBackupMessage>[] = [];
    primaryBackup.onMessage(n2, 'n1', sends(out).find((m) => m.kind === 'Append')!, ctx('n2', options, 14), toBackup);
    const done: Effect<PrimaryBackupMessage>[] = [];
    primaryBackup.onMessage(n1, 'n2', sends(toBackup)[0]!, ctx('n1', options, 15), done);
    assert.ok(done.some((e) => e.kind === 'reply' && e.requestId === 9 && e.reply.outcome === 'ok'));
  });

  it('a demoted primary drops the writes only it had when the new primary resyncs it', () => {
    const options = { failover: 'automatic' };
    const n1 = primaryBackup.init(ctx('n1', options), []);
    const n2 = primaryBackup.init(ctx('n2', options), []);
    // Cut off: n1 takes a write n2 never sees; n2 promotes itself and takes another.
    primaryBackup.onClientRequest(n1, { requestId: 1, opId: 1, client: 'a', op: 'write', key: 'x', value: 1 }, ctx('n1', options), []);
    primaryBackup.onTimer(n2, 'primary-silent', ctx('n2', options), []);
    assert.equal(n2.role, 'primary');
    primaryBackup.onClientRequest(n2, { requestId: 2, opId: 2, client: 'b', op: 'write', key: 'x', value: 2 }, ctx('n2', options), []);
    // Healed: n2's next heartbeat makes n1 a backup; the logs disagree, so n2 sends its whole log.
    const hb: Effect<PrimaryBackupMessage>[] = [];
    primaryBackup.onTimer(n2, 'heartbeat', ctx('n2', options), hb);
    let inFlight: Array<[string, PrimaryBackupMessage]> = sends(hb).map((m) => ['n2', m]);
    const n1Effects: Effect<PrimaryBackupMessage>[] = [];
    for (let round = 0; round < 6 && inFlight.length > 0; round++) {
      const next: Array<[string, PrimaryBackupMessage]> = [];
      for (const [from, message] of inFlight) {
        const out: Effect<PrimaryBackupMessage>[] = [];
        const [to, state]: [string, PrimaryBackupState] = from === 'n2' ? ['n1', n1] : ['n2', n2];
        primaryBackup.onMessage(state, from, message, ctx(to, options), out);
        for (const m of sends(out)) next.push([to, m]);
        if (to === 'n1') n1Effects.push(...out);
      }
      inFlight = next;
    }
    assert.equal(n1.role, 'backup');
    assert.equal(n1.discarded, 1);
    assert.deepEqual(n1.log.map((e) => e.opId), [2]);
    assert.equal(n1.kv.get('x'), 2);
    // The trace says which acknowledged operation n1's store no longer holds.
    const dropped = n1Effects.flatMap((e) => (e.kind === 'state' && Array.isArray(e.state['dropped']) ? (e.state['dropped'] as number[]) : []));
    assert.deepEqual(dropped, [1]);
    assert.ok(n1Effects.some((e) => e.kind === 'apply' && e.opId === 2), 'n1 applies the new primary\'s write');
  });
});
