// `faultline lsp [--stdio]`: the same language server the VS Code extension runs, for any
// editor that speaks LSP (Neovim, Emacs, Helix, ...). stdio is the default transport;
// --node-ipc and --socket=PORT are understood too. Started as a worker thread (by the server
// itself, for live expectations), the command runs scenarios instead.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import type { Command } from '../main.ts';
import { startServer } from '../../server/server.ts';
import { isLiveWorker, startLiveWorker } from '../../server/live-worker.ts';

export const lspCommand: Command = {
  summary: 'Start the Faultline language server (for editors that speak LSP).',
  usage: 'faultline lsp [--stdio | --node-ipc | --socket=PORT]',
  run(args: string[]): Promise<number> {
    if (isLiveWorker()) {
      startLiveWorker();
      return new Promise(() => {}); // lives until the server terminates the worker
    }
    const otherTransport = args.some((a) => a === '--node-ipc' || a.startsWith('--socket'));
    const connection = otherTransport ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
    startServer(connection, { script: process.argv[1]!, argv: ['lsp'] });
    // The server lives until the editor sends `exit` (which ends the process) or closes stdin.
    return new Promise((resolve) => {
      process.stdin.on('end', () => resolve(0));
      connection.onExit(() => resolve(0));
    });
  },
};
