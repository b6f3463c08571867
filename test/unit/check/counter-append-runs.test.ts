// Issue 15, item 7: a correct Raft cluster whose clients increment a counter or append to a list
// is linearizable, with no stale reads; and `faultline check` on its exported EDN agrees.

import assert from 'node:assert/strict';
import { checkOperationsLinearizable } from '../../../core/check/linearizability.ts';
import { chooseModel } from '../../../core/check/models/index.ts';
import { historyToEdn } from '../../../core/history/export.ts';
import { importHistory } from '../../../core/history/import.ts';
import { toOperations } from '../../../core/history/operations.ts';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';

function scenario(op: string, key: string): string {
  return `scenario "t" {
  seed 1
  run for 5s
  cluster {
    nodes n1, n2, n3
    protocol raft {
      election timeout 150ms..300ms
      heartbeat every 50ms
    }
  }
  workload {
    client a * 3 {
      ${op} ${key} every 100ms
      timeout 400ms
    }
    client r {
      read ${key} every 100ms
      timeout 400ms
    }
  }
}`;
}

function run(op: string, key: string) {
  const config = compile(scenario(op, key)).config;
  assert.ok(config, 'the scenario compiles');
  return runScenario(config);
}

const verdict = (report: ReturnType<typeof run>, name: string) => report.verdicts!.list.find((v) => v.name === name)!;

describe('counter and append runs (issue 15, item 7)', () => {
  for (const [op, key, model] of [
    ['increment', 'c', 'counter'],
    ['append', 'l', 'list'],
  ] as const) {
    it(`a fault-free 3-node Raft cluster whose clients ${op} is linearizable, with no stale reads`, () => {
      const report = run(op, key);
      assert.equal(verdict(report, 'linearizable').holds, true, verdict(report, 'linearizable').summary);
      assert.equal(verdict(report, 'no-stale-reads').holds, true, verdict(report, 'no-stale-reads').summary);
      assert.equal(report.verdicts!.damage.staleReads.count, 0);
    });

    it(`the exported EDN of a ${op} run checks as linearizable with the ${model} model`, () => {
      const report = run(op, key);
      const imported = importHistory(historyToEdn(report.history));
      assert.ok(imported.ok);
      assert.equal(imported.failReading, 'comparison', 'Faultline exports keep their own reading of :fail');
      const ops = toOperations(imported.history);
      const choice = chooseModel(ops);
      assert.ok(choice.ok);
      assert.equal(choice.name, model);
      assert.equal(checkOperationsLinearizable(ops, choice.model, { failReading: imported.failReading }).verdict.holds, true);
    });
  }
});
