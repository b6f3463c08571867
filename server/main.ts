// Entry point of the language server program (bundled to dist/server.cjs). The connection
// picks its transport from the command line: --stdio, --node-ipc or --socket=PORT.
// The same file is the live-expectations worker: started as a worker thread, it runs scenarios.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './server.ts';
import { isLiveWorker, startLiveWorker } from './live-worker.ts';

if (isLiveWorker()) startLiveWorker();
else startServer(createConnection(ProposedFeatures.all), { script: process.argv[1]!, argv: [] });
