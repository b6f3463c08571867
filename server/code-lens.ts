// Code lenses on each scenario header: "▶ Run", "Debug" (the debug adapter), "Run 100 seeds" and
// "Explore schedules". The commands are the client's (faultline.run, faultline.debug,
// faultline.sweep, faultline.explore); the server only says where and with what.

import type { CodeLens } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { NO_BUDGET, type RequestBudget } from './request-budget.ts';
import { tokenRange } from './model/positions.ts';
import { MAX_SCENARIOS } from '../core/language/limits.ts';

export const SWEEP_SEEDS = 100;

export function provideCodeLenses(state: DocumentState, _params: unknown, budget: RequestBudget = NO_BUDGET): CodeLens[] {
  const lenses: CodeLens[] = [];
  // A file past the language's cap of scenarios does not run (FL037): lenses for the scenarios
  // after it would be dead, and at ~220 bytes each, 17,000 scenarios made a 17 MB answer.
  for (const scenario of state.outline.scenarios.slice(0, MAX_SCENARIOS)) {
    if (budget.exhausted()) break;
    if (scenario.nameToken === null) continue;
    const first = scenario.block.header[0] ?? scenario.block.open;
    const range = tokenRange(first);
    const args = { uri: state.uri, scenario: scenario.name };
    lenses.push({ range, command: { title: '▶ Run', command: 'faultline.run', arguments: [args] } });
    lenses.push({ range, command: { title: 'Debug', command: 'faultline.debug', arguments: [args] } });
    lenses.push({ range, command: { title: `Run ${SWEEP_SEEDS} seeds`, command: 'faultline.sweep', arguments: [{ ...args, seeds: SWEEP_SEEDS }] } });
    lenses.push({ range, command: { title: 'Explore schedules', command: 'faultline.explore', arguments: [args] } });
  }
  return lenses;
}
