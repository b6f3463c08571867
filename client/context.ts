// The extension's one context object: it owns the language client, the output channel, the
// status bar item, the run worker host and the playground panel, and everything they need to
// dispose. Commands receive it instead of reaching for globals.

import * as vscode from 'vscode';
import { FaultlineConfig } from './config.ts';
import { SERVER_BUNDLE, SupervisedLanguageClient } from './language-client.ts';
import { Playground } from './playground.ts';
import { exists } from './playground-html.ts';
import { RunHost } from './run-host.ts';
import { VerdictStatus } from './status-bar.ts';
import type { PlaygroundEvents } from './playground.ts';

export type ClientState = 'stopped' | 'starting' | 'running' | 'failed' | 'not-built';

export class FaultlineContext implements vscode.Disposable {
  readonly config = new FaultlineConfig();
  readonly output: vscode.LogOutputChannel = vscode.window.createOutputChannel('Faultline', { log: true });
  readonly status = new VerdictStatus();
  readonly runs: RunHost;
  readonly playground: Playground;
  private client: SupervisedLanguageClient | null = null;
  private clientStateValue: ClientState = 'stopped';
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly extensionUri: vscode.Uri,
    playgroundEvents: (ctx: FaultlineContext) => PlaygroundEvents,
  ) {
    this.runs = new RunHost(extensionUri);
    this.playground = new Playground(extensionUri, playgroundEvents(this), () => this.config.maxEvents, () => this.config.playgroundWarmUp);
    this.disposables.push(this.output, this.status, this.playground);
  }

  get clientState(): ClientState {
    return this.clientStateValue;
  }

  /** Registers something for disposal on deactivate. */
  own<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  async startLanguageClient(): Promise<void> {
    if (!(await exists(vscode.Uri.joinPath(this.extensionUri, ...SERVER_BUNDLE)))) {
      this.clientStateValue = 'not-built';
      this.output.warn(`the language server bundle (${SERVER_BUNDLE.join('/')}) is missing; diagnostics, hover and CodeLens are off. Run npm run build.`);
      return;
    }
    this.client = new SupervisedLanguageClient(this.extensionUri, this.config, this.output);
    this.clientStateValue = 'starting';
    try {
      await this.client.start();
      this.clientStateValue = 'running';
    } catch (error) {
      this.clientStateValue = 'failed';
      this.output.error(`the language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Tells the user why a command cannot act, with a way forward when there is one. */
  async cannotAct(reason: string): Promise<void> {
    this.output.info(reason);
    const openSample = 'Open Sample Scenario';
    const choice = await vscode.window.showInformationMessage(reason, openSample);
    if (choice === openSample) await vscode.commands.executeCommand('faultline.openSample');
  }

  async dispose(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client !== null) {
      try {
        await client.stop();
      } catch {
        // Stopping a server that never finished starting throws; there is nothing left to stop.
      }
    }
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
