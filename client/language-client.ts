// Starts the Faultline language server (dist/server.cjs, shipped inside the extension) over IPC.
// The server reads its settings from initializationOptions at start and from the `faultline`
// configuration section afterwards, so toggling live expectations needs no restart.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node.js';
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
  };
  return new LanguageClient('faultline', 'Faultline Language Server', serverOptions, clientOptions);
}
