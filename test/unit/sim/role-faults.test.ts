import assert from 'node:assert/strict';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import type { TraceEvent } from '../../../core/types/trace.ts';

function run(protocol: string, faults: string, options: { seed?: number; nodes?: string; runFor?: string; workload?: string } = {}): TraceEvent[] {
  const text = `scenario "s" {
  seed ${options.seed ?? 1}
  run for ${options.runFor ?? '6s'}
  cluster {
    nodes ${options.nodes ?? 'n1, n2, n3'}
    protocol ${protocol}
  }
  workload {
    ${options.workload ?? 'client alice { write x every 100ms timeout 400ms }'}
  }
  faults {
${faults}
  }
}`;
  const result = compile(text);
  assert.ok(result.config !== null, result.diagnostics.map((d) => d.message).join('\n'));
  return runScenario(result.config).trace;
}

/** Who claims `role` (the newest term wins) just before `t`, read from the trace's state events. */
function holderBefore(trace: readonly TraceEvent[], t: number, role: string): string | undefined {
  const last = new Map<string, { role: unknown; term: number }>();
  for (const e of trace) {
    if (e.t >= t) break;
    if (e.kind === 'crash') last.delete(e.node);
    if (e.kind === 'state' && 'role' in e.state) last.set(e.node, { role: e.state['role'], term: Number(e.state['term'] ?? 0) });
  }
  let best: { node: string; term: number } | undefined;
  for (const [node, state] of last) if (state.role === role && (best === undefined || state.term > best.term)) best = { node, term: state.term };
  return best?.node;
}

/** A crash, restart, pause or resume event. */
type NodeFault = Extract<TraceEvent, { kind: 'crash' | 'restart' | 'pause' | 'resume' }>;

const at = (trace: readonly TraceEvent[], kind: TraceEvent['kind']) => trace.filter((e) => e.kind === kind);

describe('faults that follow the run (simulator)', () => {
  it('`crash leader` at 2s crashes whichever node leads at 2s — on some seeds that is not n1', () => {
    const hit = new Set<string>();
    for (let seed = 1; seed <= 6; seed++) {
      const trace = run('raft', '    at 2s crash leader', { seed });
      const leader = holderBefore(trace, 2_000_000, 'leader');
      const crashes = at(trace, 'crash');
      assert.equal(crashes.length, 1);
      assert.deepEqual(crashes[0], { kind: 'crash', t: 2_000_000, node: leader, line: crashes[0]!.kind === 'crash' ? crashes[0]!.line : 0, role: 'leader' });
      hit.add(leader!);
    }
    assert.ok(hit.size >= 2, `the crash followed the election, hitting ${[...hit].join(', ')}`);
  });

  it('a window restarts the very node the crash hit, even after another node became leader', () => {
    const trace = run('raft', '    from 2s to 4s crash leader', { seed: 2 });
    const crash = at(trace, 'crash')[0] as NodeFault;
    const restart = at(trace, 'restart')[0] as NodeFault;
    assert.equal(restart.t, 4_000_000);
    assert.equal(restart.node, crash.node);
    assert.notEqual(holderBefore(trace, 4_000_000, 'leader'), crash.node, 'another node led while it was down');
  });

  it('with no node holding the role when it fires, the fault does nothing and the trace says so', () => {
    // At 1ms no election has finished yet.
    const trace = run('raft', '    at 1ms crash leader');
    assert.equal(at(trace, 'crash').length, 0);
    const notes = at(trace, 'note') as Array<Extract<TraceEvent, { kind: 'note' }>>;
    assert.ok(notes.some((n) => n.t === 1_000 && /crash leader: no node is leader now, so nothing happened/.test(n.text) && n.line !== undefined));
  });

  it('`partition leader | rest` cuts off the node leading then, and the rest elect a new leader', () => {
    const trace = run('raft', '    at 2s partition leader | rest', { seed: 3 });
    const old = holderBefore(trace, 2_000_000, 'leader')!;
    const partition = at(trace, 'partition')[0] as Extract<TraceEvent, { kind: 'partition' }>;
    const others = ['n1', 'n2', 'n3'].filter((n) => n !== old);
    assert.equal(partition.declared, 'leader | rest');
    assert.equal(partition.label, `${old} | ${others.join(', ')}`);
    assert.equal(partition.blocked.length, 4);
    assert.ok(partition.blocked.every(([a, b]) => a === old || b === old));
    const next = holderBefore(trace, 5_000_000, 'leader');
    assert.ok(next !== undefined && others.includes(next), `a node of the majority side leads after the cut (got ${next})`);
  });

  it('`crash primary` in primary/backup hits the primary and `pause holder` the lock holder, in their own words', () => {
    const primary = at(run('primary_backup', '    at 2s crash primary'), 'crash')[0] as NodeFault;
    assert.equal(primary.role, 'primary');
    assert.equal(primary.node, 'n1', 'the first node starts as primary and nothing failed over before 2s');
    const trace = run('lease_lock', '    at 2s pause holder for 1s', { workload: 'client w { lock l every 500ms timeout 1s }' });
    const pause = at(trace, 'pause')[0] as NodeFault;
    assert.equal(pause.role, 'holder');
    assert.equal(pause.node, holderBefore(trace, 2_000_000, 'leader'));
    assert.notEqual(pause.node, 'n1', 'the lock service (n1) never holds the lock');
  });

  it('`crash coordinator` crashes the two-phase-commit coordinator', () => {
    const trace = run('two_phase_commit', '    at 1s crash coordinator', { workload: 'client t { transfer a, b every 200ms timeout 1s }' });
    const crash = at(trace, 'crash')[0] as NodeFault;
    assert.deepEqual([crash.node, crash.role], ['n1', 'coordinator']);
  });

  it('a random fault `on leader` strikes whoever leads at each occurrence', () => {
    const trace = run('raft', '    every 700ms random pause for 100ms on leader', { seed: 4 });
    const pauses = at(trace, 'pause') as Array<NodeFault>;
    assert.ok(pauses.length >= 5);
    for (const pause of pauses) assert.equal(pause.node, holderBefore(trace, pause.t, 'leader'), `pause at ${pause.t}`);
  });
});
