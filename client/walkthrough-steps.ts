// The Getting Started walkthrough ticks a step when a context key below becomes true
// (package.json `completionEvents: onContext:...`), and the extension sets the key only after the
// step's action succeeded: a click on a link that then failed must not look done.

import * as vscode from 'vscode';

export const WALKTHROUGH_STEP_DONE = {
  openSample: 'faultline.sampleOpened',
  runScenario: 'faultline.scenarioRan',
  readVerdicts: 'faultline.conceptExplained',
  sweepSeeds: 'faultline.seedsSwept',
} as const;

export function markStepDone(step: keyof typeof WALKTHROUGH_STEP_DONE): void {
  void vscode.commands.executeCommand('setContext', WALKTHROUGH_STEP_DONE[step], true);
}
