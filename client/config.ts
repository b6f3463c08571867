// Typed getters for the `faultline.*` settings. Every setting is declared in package.json
// (contributes.configuration) with its scope, default and description; the defaults here are the
// same values, used when a setting is missing or holds something of the wrong type.

import * as vscode from 'vscode';
import { isSeed } from '../core/sim/seed-text.ts';

export const CONFIG_SECTION = 'faultline';

export class FaultlineConfig {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(CONFIG_SECTION);
  }

  /** A seed that overrides every scenario's own `seed` line; null keeps the scenario's seed. */
  get defaultSeed(): number | null {
    const value = this.section.get<unknown>('defaultSeed');
    return isSeed(value) ? value : null;
  }

  /** Event budget per run: a runaway scenario stops here instead of spinning. */
  get maxEvents(): number {
    return positiveInteger(this.section.get<unknown>('maxEvents'), 5_000_000);
  }

  /** Whether the language server runs scenarios after edits and marks broken `expect` lines. */
  get liveExpectations(): boolean {
    const value = this.section.get<unknown>('liveExpectations');
    return typeof value === 'boolean' ? value : true;
  }

  /** Whether a playground warms a spare run worker when idle (webview/warm-up.ts). */
  get playgroundWarmUp(): boolean {
    const value = this.section.get<unknown>('playground.warmUp');
    return typeof value === 'boolean' ? value : true;
  }

  /** How many consecutive seeds a seed sweep runs. */
  get sweepSeeds(): number {
    return Math.min(positiveInteger(this.section.get<unknown>('sweepSeeds'), 100), 10_000);
  }
}

function positiveInteger(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback;
}
