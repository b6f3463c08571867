// Starts the Faultline language server (dist/server.cjs, shipped inside the extension) over IPC.
// The server reads its settings from initializationOptions at start and from the `faultline`
// configuration section afterwards, so toggling live expectations needs no restart.
//
// Restarts are ours, not vscode-languageclient's: its own restart races with a server that dies
// while it initializes (the failed `initialize` stops the client the restart just started, and
// the editor is left without a server and with two error toasts). Here the library never
// restarts; whenever the client stops without being asked to, the policy
// (server-restart-policy.ts) decides, and a fresh start reopens every document from the editor.

import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import { ServerRestartPolicy } from './server-restart-policy.ts';
import type { FaultlineConfig } from './config.ts';
import { CONFIG_SECTION } from './config.ts';

export const SERVER_BUNDLE = ['dist', 'server.cjs'] as const;

/** Pause before a restart, so that a server dying at once does not spin the extension host. */
const RESTART_DELAY_MS = 250;

/**
 * The library's client, minus its error toasts: it shows one for every failed start ("couldn't
 * create connection to server"), which a server dying while it starts would repeat per restart.
 * Everything still goes to the output channel; the one message the user sees is the policy's.
 */
class QuietLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}

export class SupervisedLanguageClient {
  private client: LanguageClient;
  private readonly policy = new ServerRestartPolicy();
  private stopping = false;
  private restartPending = false;

  constructor(private readonly extensionUri: vscode.Uri, private readonly config: FaultlineConfig, private readonly output: vscode.OutputChannel) {
    this.client = this.newClient();
  }

  start(): Promise<void> {
    return this.client.start();
  }

  /** Stops for good (the extension is deactivating): no restart follows. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.client.stop();
  }

  /**
   * A client of its own per server process: a client that saw its server die keeps state of that
   * death (a failed start, a pending stop) that can swallow the next start, so it is disposed and
   * a new one starts, which opens every document again from the editor.
   */
  private newClient(): LanguageClient {
    const module = vscode.Uri.joinPath(this.extensionUri, ...SERVER_BUNDLE).fsPath;
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const output = this.output;
    const clientOptions: LanguageClientOptions = {
      // Untitled and virtual documents too: the server only reads the text it is sent.
      documentSelector: [{ language: 'faultline' }],
      synchronize: { configurationSection: CONFIG_SECTION },
      initializationOptions: { liveExpectations: this.config.liveExpectations },
      outputChannel: output,
      errorHandler: {
        // A broken message is logged and the connection kept; a closed one ends this client.
        error: (error) => {
          output.appendLine(`[faultline] connection error: ${error.message}`);
          return { action: ErrorAction.Continue, handled: true };
        },
        closed: () => ({ action: CloseAction.DoNotRestart, handled: true, message: '[faultline] the connection to the language server closed' }),
      },
      // Answering false stops the client quietly (no toast); the state change below restarts.
      initializationFailedHandler: (error) => {
        output.appendLine(`[faultline] the language server did not initialize: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
    };
    const client = new QuietLanguageClient('faultline', 'Faultline Language Server', serverOptions, clientOptions);
    client.onDidChangeState(({ newState }) => {
      if (newState === State.Stopped && client === this.client) this.stoppedByItself();
    });
    return client;
  }

  private stoppedByItself(): void {
    if (this.stopping || this.restartPending) return;
    const decision = this.policy.onServerClosed(Date.now());
    this.output.appendLine(`[faultline] the language server stopped; ${decision.restart ? 'restarting it' : 'not restarting it'}`);
    if (decision.notify !== null) void vscode.window.showWarningMessage(decision.notify);
    if (!decision.restart) return;
    this.restartPending = true;
    setTimeout(() => {
      this.restartPending = false;
      if (this.stopping) return;
      const dead = this.client;
      this.client = this.newClient();
      // The dead client's own shutdown may throw (it never finished starting): nothing to keep.
      dead.dispose().catch(() => undefined);
      this.client.start().catch((error: unknown) => {
        // A new server that dies while starting is seen by its state change, which restarts again.
        this.output.appendLine(`[faultline] restarting the language server: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, RESTART_DELAY_MS);
  }
}
