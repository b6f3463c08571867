// Live expectations: after edits settle, run each scenario off the request thread and report a
// violated `expect` line as a diagnostic. Placeholder until the simulator (core/run.ts) lands:
// it reports nothing, so the rest of the server is unaffected.

import type { Diagnostic } from 'vscode-languageserver';
import type { DocumentState } from './document-state.ts';
import type { ServerSettings } from './settings.ts';

export class LiveExpectations {
  constructor(
    private readonly settings: () => ServerSettings,
    private readonly republish: (uri: string) => void,
    private readonly log: (message: string) => void,
  ) {}

  schedule(state: DocumentState): void {
    void state;
    void this.settings;
    void this.republish;
    void this.log;
  }

  cancel(uri: string): void {
    void uri;
  }

  diagnosticsFor(uri: string, version: number): Diagnostic[] {
    void uri;
    void version;
    return [];
  }

  dispose(): void {}
}
