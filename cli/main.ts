// `faultline` command-line entry: one table of subcommands, each in its own file under commands/.
// Every command returns its exit code instead of calling process.exit, so tests can call it in-process.

import { inputOf, reportInternalError } from './internal-error.ts';
import { runCommand, type Command } from './run-command.ts';

// The launcher (bin/faultline) reports errors thrown outside a command's own call with these.
export { inputOf, reportInternalError };
export type { Command };

const commands: Record<string, () => Promise<Command>> = {
  check: async () => (await import('./commands/check.ts')).checkCommand,
  explore: async () => (await import('./commands/explore.ts')).exploreCommand,
  dap: async () => (await import('./commands/dap.ts')).dapCommand,
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  lsp: async () => (await import('./commands/lsp.ts')).lspCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
  run: async () => (await import('./commands/run.ts')).runCommand,
  sweep: async () => (await import('./commands/sweep.ts')).sweepCommand,
};

function printHelp(out: (line: string) => void): void {
  out('faultline — a protocol playground for distributed systems');
  out('');
  out('usage: faultline <command> [options]');
  out('');
  out('commands:');
  for (const name of Object.keys(commands)) out(`  ${name}`);
  out('');
  out("run 'faultline <command> --help' for a command's options");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    printHelp((line) => process.stdout.write(line + '\n'));
    return name === undefined ? 2 : 0;
  }
  const load = commands[name];
  if (load === undefined) {
    process.stderr.write(`faultline: unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}\n`);
    return 2;
  }
  return runCommand(name, await load(), rest);
}
