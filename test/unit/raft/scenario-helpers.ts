// Helpers for Raft scenario tests: run a SimConfig with the safety monitor attached, and read
// roles, terms and commit indexes back from the trace's state events.

import assert from 'node:assert/strict';
import { createRaftSafetyMonitor } from '../../../core/check/raft-invariants.ts';
import type { RaftState } from '../../../core/protocols/raft/types.ts';
import { runScenario } from '../../../core/run.ts';
import type { SimView } from '../../../core/sim/observer.ts';
import type { Report } from '../../../core/types/report.ts';
import type { PartitionSpec, SimConfig } from '../../../core/types/sim-config.ts';

export type NodeState = { t: number; node: string; role: string; term: number; leader: string | null; commitIndex: number; lastLogIndex: number };

/** Runs a scenario, fails the test on any Raft safety violation, and returns the report. */
export function runChecked(config: SimConfig, watch?: (view: SimView) => void): Report {
  const monitor = createRaftSafetyMonitor(config.nodes);
  const report = runScenario(config, {
    // These tests read the trace and history; grading with core/check would only add time.
    analyze: false,
    observer: (view, touched) => {
      monitor.observe(view, touched);
      watch?.(view);
    },
  });
  const violation = monitor.firstViolation();
  assert.equal(violation, null, `Raft safety violated at ${violation?.at}µs: ${violation?.summary}`);
  assert.equal(report.stats.stoppedBy, 'end');
  return report;
}

export function stateEvents(report: Report): NodeState[] {
  const states: NodeState[] = [];
  for (const e of report.trace) {
    if (e.kind !== 'state') continue;
    const s = e.state as Omit<NodeState, 't' | 'node'>;
    states.push({ t: e.t, node: e.node, ...s });
  }
  return states;
}

/** Each node's last reported state at or before `t`. */
export function statesAt(report: Report, t: number): Map<string, NodeState> {
  const latest = new Map<string, NodeState>();
  for (const s of stateEvents(report)) if (s.t <= t) latest.set(s.node, s);
  return latest;
}

/** The node that believes it leads in the highest term at time `t`, if any. */
export function leaderAt(report: Report, t: number): NodeState | undefined {
  let best: NodeState | undefined;
  for (const s of statesAt(report, t).values()) if (s.role === 'leader' && (best === undefined || s.term > best.term)) best = s;
  return best;
}

/** Leaders claimed per term over the whole run. */
export function leadersByTerm(report: Report): Map<number, Set<string>> {
  const byTerm = new Map<number, Set<string>>();
  for (const s of stateEvents(report)) {
    if (s.role !== 'leader') continue;
    if (!byTerm.has(s.term)) byTerm.set(s.term, new Set());
    byTerm.get(s.term)!.add(s.node);
  }
  return byTerm;
}

/** Cuts `side` off from every other node, both ways. */
export function isolate(side: string[], nodes: string[]): PartitionSpec {
  const blocked: Array<[string, string]> = [];
  for (const a of side) for (const b of nodes) if (!side.includes(b)) blocked.push([a, b], [b, a]);
  return { blocked, label: `{${side.join(', ')}} | rest` };
}

export function raftState(view: SimView, node: string): RaftState | undefined {
  return view.protocolState(view.nodes.indexOf(node)) as RaftState | undefined;
}

/** Completed operations of a kind: [invoke time, completion event]. */
export function completions(report: Report, f: string, type: 'ok' | 'fail' | 'info') {
  const invokes = new Map<number, number>();
  const done: Array<{ invokedAt: number; completedAt: number; value: unknown; opId: number; node: string | undefined }> = [];
  for (const h of report.history) {
    if (h.type === 'invoke') invokes.set(h.opId, h.time);
    else if (h.f === f && h.type === type) done.push({ invokedAt: invokes.get(h.opId)!, completedAt: h.time, value: h.value, opId: h.opId, node: h.node });
  }
  return done;
}
