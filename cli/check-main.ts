// The entry of `faultline check` alone, bundled as CommonJS (dist/check.cjs). `check` is the
// command scripts call once per recorded history, so its cold start is most of its cost: this
// bundle holds nothing but the checker, and being CommonJS it spares Node's ESM loader, which by
// itself costs about 5% of a bare `node -e 0` (bench/startup.bench.ts has the figures).

import { checkCommand } from './commands/check.ts';
import { inputOf, reportInternalError } from './internal-error.ts';
import { runCommand } from './run-command.ts';

export { inputOf, reportInternalError };

/** `faultline check ...`: argv as cli/main.ts's main takes it, with 'check' first. */
export async function main(argv: string[]): Promise<number> {
  return runCommand('check', checkCommand, argv.slice(1));
}
