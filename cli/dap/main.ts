// dist/dap.cjs: the debug adapter on its own, for the VS Code extension (which ships this bundle,
// not the CLI) — the same session `faultline dap --stdio` runs. The editor starts it per debug
// session and it exits when the editor disconnects.

import { FaultlineDebugSession } from './session.ts';

const session = new FaultlineDebugSession();
process.on('SIGTERM', () => session.shutdown());
session.start(process.stdin, process.stdout);
