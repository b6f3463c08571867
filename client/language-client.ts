// Starts the Faultline language server (dist/server.cjs, shipped inside the extension) over IPC.
// The server reads its settings from initializationOptions at start and from the `faultline`
// configuration section afterwards, so toggling live expectations needs no restart.

import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
import { ServerRestartPolicy } from './server-restart-policy.ts';
import type { FaultlineConfig } from './config.ts';
import { CONFIG_SECTION } from './config.ts';

export const SERVER_BUNDLE = ['dist', 'server.cjs'] as const;

export function createLanguageClient(extensionUri: vscode.Uri, config: FaultlineConfig, output: vscode.OutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(extensionUri, ...SERVER_BUNDLE).fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Untitled and virtual documents too: the server only reads the text it is sent.
    documentSelector: [{ language: 'faultline' }],
    synchronize: { configurationSection: CONFIG_SECTION },
    initializationOptions: { liveExpectations: config.liveExpectations },
    outputChannel: output,
    errorHandler: restartingErrorHandler(output),
  };
  return new LanguageClient('faultline', 'Faultline Language Server', serverOptions, clientOptions);
}

/** Keeps the server alive across crashes (see server-restart-policy.ts): one notification, not five. */
function restartingErrorHandler(output: vscode.OutputChannel): ErrorHandler {
  const policy = new ServerRestartPolicy();
  return {
    // A broken message is logged and the connection kept; only a closed connection restarts.
    error: (error) => {
      output.appendLine(`[faultline] connection error: ${error.message}`);
      return { action: ErrorAction.Continue, handled: true };
    },
    closed: () => {
      const decision = policy.onServerClosed(Date.now());
      output.appendLine(`[faultline] the language server stopped; ${decision.restart ? 'restarting it' : 'not restarting it'}`);
      if (decision.notify !== null) void vscode.window.showWarningMessage(decision.notify);
      return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };
}
