// Code lenses on each scenario header: "▶ Run", "Debug" (the debug adapter) and "Run 100 seeds". The commands are the
// client's (faultline.run, faultline.sweep); the server only says where and with what.

import type { CodeLens } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import { tokenRange } from './model/positions.ts';

export const SWEEP_SEEDS = 100;

export function provideCodeLenses(state: DocumentState): CodeLens[] {
  const lenses: CodeLens[] = [];
  for (const scenario of state.outline.scenarios) {
    if (scenario.nameToken === null) continue;
    const first = scenario.block.header[0] ?? scenario.block.open;
    const range = tokenRange(first);
    const args = { uri: state.uri, scenario: scenario.name };
    lenses.push({ range, command: { title: '▶ Run', command: 'faultline.run', arguments: [args] } });
    lenses.push({ range, command: { title: 'Debug', command: 'faultline.debug', arguments: [args] } });
    lenses.push({ range, command: { title: `Run ${SWEEP_SEEDS} seeds`, command: 'faultline.sweep', arguments: [{ ...args, seeds: SWEEP_SEEDS }] } });
  }
  return lenses;
}
