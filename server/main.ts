// Entry point of the language server program (bundled to dist/server.cjs). The connection
// picks its transport from the command line: --stdio, --node-ipc or --socket=PORT.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { startServer } from './server.ts';

startServer(createConnection(ProposedFeatures.all));
