// Runs one subcommand the same way whichever entry loaded it (cli/main.ts's table, or the fast
// `check` entry): `--help` prints its usage, and an error it throws is an internal error (exit 4).

import { inputOf, reportInternalError } from './internal-error.ts';

export type Command = {
  summary: string;
  usage: string;
  run: (args: string[]) => Promise<number>;
};

export async function runCommand(name: string, command: Command, rest: string[]): Promise<number> {
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.summary}\n\nusage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    return reportInternalError(name, inputOf(rest), error);
  }
}
