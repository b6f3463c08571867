// A sweep grades each seed with only the verdicts its `expect` lines name (plus lost writes for
// the outcome), not the whole analysis a report carries. The expect lines must come out exactly
// as `faultline run` (runScenario with grading on) decides them.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '../../../core/language/index.ts';
import { runScenario } from '../../../core/run.ts';
import { gradedRun, needsAnalysis } from '../../../core/sweep/run-seed.ts';

const samples = join(import.meta.dirname, '../../../samples');

describe('grading a sweep seed', () => {
  it('decides every expect line of every sample that needs grading as a fully graded run does', () => {
    const tally = { scenarios: 0, held: 0, broke: 0 };
    for (const file of readdirSync(samples).filter((f) => f.endsWith('.fault')).sort()) {
      const text = readFileSync(join(samples, file), 'utf8');
      for (const name of compile(text).scenarios) {
        const config = compile(text, name).config;
        if (config === null || !needsAnalysis(config)) continue;
        tally.scenarios++;
        for (const seed of [config.seed + 1]) {
          const seeded = { ...config, seed };
          const full = runScenario(seeded, { recordTrace: false });
          const { report, lostWrites } = gradedRun(seeded);
          assert.deepEqual(report.expectations, full.expectations, `${file} "${name}" seed ${seed}`);
          assert.equal(lostWrites, full.verdicts!.damage.lostWrites, `${file} "${name}" seed ${seed}: lost writes`);
          for (const e of report.expectations) if (e.holds === true) tally.held++;
          else if (e.holds === false) tally.broke++;
        }
      }
    }
    // Both outcomes must occur, or the comparison proves little.
    assert.ok(tally.scenarios >= 10 && tally.held > 20 && tally.broke > 5, JSON.stringify(tally));
  });
});
