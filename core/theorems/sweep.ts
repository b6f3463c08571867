// The theorem sweep, pure: scenario `index` of stream `streamSeed` is generated, printed as .fault
// text, compiled back like any user's file, and run with several seeds, each run judged by every
// theorem whose preconditions it meets. A failure shrinks (core/sweep/shrink.ts) to a small
// scenario that still breaks the same theorem with the same seed, printed with its replay command.

import { compile } from '../language/index.ts';
import { printScenario } from '../sweep/print-scenario.ts';
import { shrinkWhile, type ShrinkResult } from '../sweep/shrink.ts';
import type { ProtocolName, SimConfig } from '../types/sim-config.ts';
import { checkTheorems, withExpectations, type TheoremFailure } from './check-run.ts';
import { generateScenario } from './generate-scenario.ts';
import { allTheorems } from './registry.ts';
import type { Theorem } from './theorem.ts';

export type SeedFailure = TheoremFailure & { seed: number };

/** What a run that threw is filed under: no theorem, the simulator or a checker failed outright. */
export const INTERNAL_ERROR = 'internal: a run or a checker threw';

export type CaseResult = {
  index: number;
  protocol: ProtocolName;
  /** Scenario-seeds run (one run each). */
  runs: number;
  /** Runs judged per theorem (its preconditions held and the run ended normally). */
  checked: Record<string, number>;
  /** Runs that spent their event budget and were judged by no theorem. */
  overBudget: number;
  failures: SeedFailure[];
  /** The generated text when it failed to compile: a generator or printer bug. */
  compileError?: string;
  /** The scenario as generated, kept only when something failed. */
  text?: string;
};

/** The generated scenario as text, and what it compiles to (null with the errors when it does not). */
export function generatedScenario(streamSeed: number, index: number, protocols?: readonly ProtocolName[]): { text: string; protocol: ProtocolName; config: SimConfig | null; errors: string[] } {
  const generated = generateScenario(streamSeed, index, protocols);
  const text = printScenario({ ...generated, scenario: `generated ${generated.protocol.name} #${index}`, expectations: [] }, [`theorem sweep: stream ${streamSeed}, scenario ${index}`]);
  const { config, diagnostics } = compile(text);
  const errors = diagnostics.filter((d) => d.severity === 'error').map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  return { text, protocol: generated.protocol.name, config: errors.length === 0 ? config : null, errors };
}

export function runCase(streamSeed: number, index: number, seeds: readonly number[], options: { protocols?: readonly ProtocolName[]; theorems?: readonly Theorem[] } = {}): CaseResult {
  const { text, protocol, config, errors } = generatedScenario(streamSeed, index, options.protocols);
  if (config === null) return { index, protocol, runs: 0, checked: {}, overBudget: 0, failures: [], compileError: errors.join('\n'), text };
  const theorems = options.theorems ?? allTheorems();
  const result: CaseResult = { index, protocol, runs: 0, checked: {}, overBudget: 0, failures: [] };
  for (const seed of seeds) {
    let outcome;
    try {
      outcome = checkTheorems({ ...config, seed }, theorems).outcome;
    } catch (error) {
      // A simulator or checker that throws is a bug the sweep must report, not die of: the other
      // scenarios still run, and this one is kept with its replay command like any failure.
      result.runs++;
      result.failures.push({ theorem: INTERNAL_ERROR, summary: error instanceof Error ? `${error.name}: ${error.message}` : String(error), seed });
      continue;
    }
    result.runs++;
    if (outcome.stoppedBy !== 'end') {
      result.overBudget++;
      continue;
    }
    for (const name of outcome.checked) result.checked[name] = (result.checked[name] ?? 0) + 1;
    for (const failure of outcome.failures) result.failures.push({ ...failure, seed });
  }
  if (result.failures.length > 0) result.text = text;
  return result;
}

export type Reproducer = { text: string; replay: string; shrink: ShrinkResult<TheoremFailure> | null };

/**
 * The smallest scenario the shrinker finds that still breaks `theorem` with `seed`, as .fault text
 * with the theorem, its finding and the replay command in a comment. `file` is where the caller
 * will write it (named in the replay command).
 */
export function reproduce(config: SimConfig, seed: number, theoremName: string, file: string, options: { maxRuns?: number } = {}): Reproducer | string {
  if (theoremName === INTERNAL_ERROR) {
    // Not shrunk: each try may run as long as the throw took, and the whole scenario replays it.
    const replay = `faultline run ${file} --seed ${seed}`;
    return { text: printScenario(withExpectations({ ...config, seed }, allTheorems().filter((t) => t.applies(config))), [INTERNAL_ERROR, `replay: ${replay}`]), replay, shrink: null };
  }
  const theorem = allTheorems().find((t) => t.name === theoremName);
  if (theorem === undefined) return `no theorem is named "${theoremName}"`;
  const breaks = (candidate: SimConfig): TheoremFailure | null => {
    if (!theorem.applies(candidate)) return null;
    return checkTheorems(candidate, [theorem]).outcome.failures[0] ?? null;
  };
  const shrunk = shrinkWhile({ ...config, seed, expectations: [] }, breaks, options.maxRuns === undefined ? {} : { maxRuns: options.maxRuns });
  const result = typeof shrunk === 'string' ? null : shrunk;
  const final = result?.config ?? { ...config, seed };
  const failure = result?.failure ?? breaks({ ...config, seed });
  const replay = `faultline run ${file} --seed ${seed}`;
  const comment = [
    `theorem: ${theorem.name}`,
    `  ${theorem.statement}`,
    `broken: ${failure?.summary ?? 'no longer breaks (flaky?)'}`,
    ...(result === null ? [] : [`shrunk in ${result.runs} runs: ${result.steps.length} steps`]),
    `replay: ${replay}`,
  ];
  return { text: printScenario(withExpectations(final, [theorem]), comment), replay, shrink: result };
}
