// Sequential consistency: is there one order of all operations that keeps each process's own
// order and explains every result? Unlike linearizability it ignores real time between
// processes, and it is not local, so the whole history is searched at once (with a budget).
// Indeterminate operations may take effect at any point after their call, or never.

import { Operation, toOperations } from '../history/operations.ts';
import type { History } from '../types/history.ts';
import { Budget, BudgetTracker } from './budget.ts';
import { who } from './describe.ts';
import type { Model } from './model.ts';
import { wholeStore } from './models/whole-store.ts';
import { StateTable } from './state-table.ts';
import type { Verdict } from './verdict.ts';

/** The search recurses once per operation; beyond this it would exhaust the stack. */
const MAX_SEQUENTIAL_OPS = 3000;

export function checkSequential<S>(history: History, model: Model<S>, budget?: Budget): Verdict {
  const ops = toOperations(history).filter((op) => model.includes(op));
  if (ops.length > MAX_SEQUENTIAL_OPS) {
    return { name: 'sequential', holds: null, summary: `Undecided: ${ops.length} operations is more than the sequential search takes (${MAX_SEQUENTIAL_OPS}).` };
  }
  const whole = model.partition ? wholeStore(model) : model;
  return searchSequential(ops, whole as Model<unknown>, new BudgetTracker(budget ?? { maxSteps: 2_000_000 }));
}

function searchSequential<S>(ops: Operation[], model: Model<S>, tracker: BudgetTracker): Verdict {
  // Queues: one per process for definite operations; each indeterminate one stands alone, since
  // it may take effect even after its process moved on.
  const byProcess = new Map<string | number, number[]>();
  const queues: number[][] = [];
  ops.forEach((op, i) => {
    if (op.outcome === 'unknown') return void queues.push([i]);
    let q = byProcess.get(op.process);
    if (q === undefined) {
      q = [];
      byProcess.set(op.process, q);
      queues.push(q);
    }
    q.push(i);
  });
  const optional = queues.map((q) => q.length === 1 && ops[q[0]!]!.outcome === 'unknown');
  const table = new StateTable(model, ops);
  const pos = new Int32Array(queues.length);
  const seen = new Set<string>();
  let best = 0;
  let bestStuck: Operation | null = null;
  let steps = 0;
  let done = 0;
  const total = queues.reduce((a, q) => a + q.length, 0);
  const pure = ops.map((op) => model.readOnly?.(op) ?? false);

  const dfs = (state: number): boolean | null => {
    if (++steps % 4096 === 0 && !tracker.charge(4096)) return null;
    if (done === total) return true;
    const key = `${state}:${pos.join(',')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    if (done > best) {
      best = done;
      bestStuck = null;
    }
    // A read-only operation that fits now can always go first: commit to it without branching.
    for (let q = 0; q < queues.length; q++) {
      if (pos[q]! >= queues[q]!.length) continue;
      const i = queues[q]![pos[q]!]!;
      if (!pure[i]) continue;
      const next = table.step(state, i);
      if (next < 0) continue;
      pos[q]!++;
      done++;
      const r = dfs(next);
      pos[q]!--;
      done--;
      return r;
    }
    for (let q = 0; q < queues.length; q++) {
      if (pos[q]! >= queues[q]!.length) continue;
      const i = queues[q]![pos[q]!]!;
      const next = pure[i] ? -1 : table.step(state, i);
      if (next >= 0) {
        pos[q]!++;
        done++;
        const r = dfs(next);
        pos[q]!--;
        done--;
        if (r !== false) return r;
      }
      if (optional[q]) {
        // An indeterminate operation may never take effect.
        pos[q]!++;
        done++;
        const r = dfs(state);
        pos[q]!--;
        done--;
        if (r !== false) return r;
      }
      if (done === best && bestStuck === null && next < 0) bestStuck = ops[i]!;
    }
    return false;
  };
  const result = dfs(table.intern(model.init()));
  if (result === null) {
    return { name: 'sequential', holds: null, summary: `Undecided: ${tracker.spent ?? 'budget spent'}.` };
  }
  if (result) {
    return { name: 'sequential', holds: true, summary: `One order keeps every process's own order and explains all ${ops.length} results.` };
  }
  const stuck = bestStuck as Operation | null;
  return {
    name: 'sequential',
    holds: false,
    summary:
      stuck === null
        ? 'No order of the operations keeps each process’s own order and explains every result.'
        : `No order that keeps each process's own order explains ${who(stuck)}'s ${model.describeOp(stuck)} (at most ${best} of ${total} operations fit).`,
    ...(stuck === null ? {} : { operations: [stuck.invokeIndex] }),
  };
}
