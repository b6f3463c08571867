// What each mutant goes through, in-process and with a budget: the same functions the CLI
// calls (analyze + lint for `validate`, compile + runScenario for `run`, importHistory and the
// linearizability check for `check`). A target returns null when the input was handled (a
// diagnostic, a refusal or a verdict are all fine) and the error when something threw.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, compile } from '../../core/language/index.ts';
import { lint } from '../../core/language/lints/index.ts';
import { runScenario } from '../../core/run.ts';
import { importHistory } from '../../core/history/import.ts';
import { hasTimes, toOperations } from '../../core/history/operations.ts';
import { historyToEdn } from '../../core/history/edn-history.ts';
import { historyToJson } from '../../core/history/export.ts';
import { checkOperationsLinearizable } from '../../core/check/linearizability.ts';
import { chooseModel } from '../../core/check/models/index.ts';

export const root = join(import.meta.dirname, '..', '..');

/** Events per fuzzed run: enough to reach the faults of most samples, small enough for thousands of runs. */
export const FUZZ_MAX_EVENTS = 20_000;
/** Checker steps per fuzzed history. */
export const FUZZ_CHECK_STEPS = 50_000;

export type TargetName = 'validate' | 'run' | 'check';

export function sampleTexts(): string[] {
  const dir = join(root, 'samples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.fault'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** EDN and JSON histories of two short sample runs: the seeds of the `check` mutants. */
export function historyTexts(): string[] {
  const out: string[] = [];
  for (const sample of ['raft-leader-isolated.fault', 'leaderless-concurrent-writes.fault']) {
    const config = compile(readFileSync(join(root, 'samples', sample), 'utf8')).config!;
    const history = runScenario({ ...config, runForUs: Math.min(config.runForUs, 2_000_000) }, { maxEvents: 50_000, analyze: false, recordTrace: false }).history;
    const short = history.slice(0, 120);
    out.push(historyToEdn(short), historyToJson(short));
  }
  return out;
}

function validateTarget(text: string): void {
  const analyzed = analyze(text);
  if (analyzed.internalError !== undefined) throw analyzed.internalError;
  lint(analyzed.ast, text);
}

function runTarget(text: string): void {
  const compiled = compile(text);
  if (compiled.internalError !== undefined) throw compiled.internalError;
  if (compiled.config !== null) runScenario(compiled.config, { maxEvents: FUZZ_MAX_EVENTS });
}

function checkTarget(text: string): void {
  const imported = importHistory(text);
  if (!imported.ok) return;
  const ops = toOperations(imported.history);
  // A history no model knows is refused (exit 2), exactly as `faultline check` does.
  const choice = chooseModel(ops);
  if (!choice.ok) return;
  checkOperationsLinearizable(ops, choice.model, { timed: hasTimes(imported.history), budget: { maxSteps: FUZZ_CHECK_STEPS } });
}

const TARGETS: Record<TargetName, (text: string) => void> = { validate: validateTarget, run: runTarget, check: checkTarget };

/** null when handled; the error's stack when the target threw. */
export function tryTarget(target: TargetName, text: string): string | null {
  try {
    TARGETS[target](text);
    return null;
  } catch (error) {
    return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  }
}

/** The command that replays a saved failing input from the shell. */
export function replayCommand(target: TargetName, file: string): string {
  if (target === 'run') return `faultline run ${file} --max-events ${FUZZ_MAX_EVENTS}`;
  if (target === 'check') return `faultline check ${file} --max-steps ${FUZZ_CHECK_STEPS}`;
  return `faultline validate ${file}`;
}
