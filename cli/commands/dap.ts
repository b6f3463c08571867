// `faultline dap --stdio`: the Faultline debug adapter (Debug Adapter Protocol) on stdin/stdout,
// for VS Code (the extension's `faultline` debug type starts it) and any other DAP client.

import type { Command } from '../main.ts';
import { FaultlineDebugSession } from '../dap/session.ts';

export const dapCommand: Command = {
  summary: 'Start the Faultline debug adapter (Debug Adapter Protocol) on stdin/stdout.',
  usage: 'faultline dap [--stdio]',
  run(args: string[]): Promise<number> {
    const unknown = args.find((arg) => arg !== '--stdio');
    if (unknown !== undefined) {
      process.stderr.write(`faultline dap: unknown option '${unknown}' (only --stdio: the adapter speaks DAP on stdin/stdout)\n`);
      return Promise.resolve(2);
    }
    const session = new FaultlineDebugSession();
    session.setRunAsServer(true); // end with the client's disconnect, never by process.exit mid-write
    session.start(process.stdin, process.stdout);
    return new Promise((resolve) => {
      process.stdin.on('end', () => resolve(0));
      session.on('close', () => resolve(0));
    });
  },
};
