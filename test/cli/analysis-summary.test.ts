// The damage line of `faultline run` must not state counts whose verdicts were left undecided:
// when the trace was truncated, lost writes and duplicates are counted from what it kept only.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analysisLines } from '../../cli/analysis-summary.ts';
import { compile } from '../../core/language/index.ts';
import { runScenario } from '../../core/run.ts';
import type { Report } from '../../core/types/report.ts';

function graded(): Report {
  const { config } = compile(readFileSync('samples/raft-leader-isolated.fault', 'utf8'));
  assert.ok(config !== null);
  return runScenario(config);
}

const damageLine = (report: Report) => analysisLines(report).find((line) => line.startsWith('damage'));

describe('faultline run: the damage line', () => {
  it('counts lost writes and duplicates when their verdicts are decided', () => {
    const report = graded();
    assert.match(damageLine(report) ?? '', /^damage {4}0 acknowledged writes lost · 0 applied more than once · /);
  });

  it('says "not decided" instead of a count read from a truncated trace (was: "172,226 acknowledged writes lost" on a healthy 1,000-node run)', () => {
    const report = graded();
    for (const verdict of report.verdicts!.list) {
      if (verdict.name === 'no-lost-writes' || verdict.name === 'no-duplicate-effects') verdict.holds = null;
    }
    // What the checkers counted from the part of the trace that was kept.
    report.verdicts!.damage.lostWrites = 172_226;
    report.verdicts!.damage.duplicateEffects = 3;
    const line = damageLine(report) ?? '';
    assert.match(line, /^damage {4}lost writes not decided · duplicates not decided · /);
    assert.doesNotMatch(line, /172,226|applied more than once/);
  });
});
