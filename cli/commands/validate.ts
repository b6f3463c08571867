// `faultline validate FILE...`: reads each scenario file and prints its diagnostics as
// `file:line:col: severity: message [code]` (1-based, the format editors and CI annotate).
// Exit 0 when there is no error (warnings allowed), 1 when any file has an error, 2 when a
// file cannot be read or no file is given. The lints (FL2xx warnings about known failure
// patterns) are printed too, as in the editor; `--no-lints` leaves them out.

import { readFile } from 'node:fs/promises';
import type { Command } from '../main.ts';
import { analyze, type Diagnostic } from '../../core/language/index.ts';
import { lint } from '../../core/language/lints/index.ts';
import { INTERNAL_ERROR_EXIT, reportInternalError } from '../internal-error.ts';

type Reported = Pick<Diagnostic, 'severity' | 'range' | 'message'> & { code: string };

/** The language's diagnostics and the lints, in file order. */
function diagnosticsOf(text: string, withLints: boolean): Reported[] {
  const analyzed = analyze(text);
  // A bug in the analysis or a lint is not a finding about the file: the caller exits 4.
  if (analyzed.internalError !== undefined) throw analyzed.internalError;
  const all: Reported[] = [...analyzed.diagnostics];
  if (withLints) for (const finding of lint(analyzed.ast, text)) all.push(finding);
  return all.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') throw error;
}

export function formatDiagnostic(file: string, d: Reported): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity}: ${d.message} [${d.code}]`;
}

export const validateCommand: Command = {
  summary: 'Check .fault scenario files and print their problems.',
  usage: 'faultline validate [--no-lints] FILE...',
  async run(args: string[]): Promise<number> {
    const files = args.filter((a) => !a.startsWith('-'));
    const withLints = !args.includes('--no-lints');
    if (files.length === 0) {
      process.stderr.write('faultline validate: give at least one .fault file\nusage: faultline validate [--no-lints] FILE...\n');
      return 2;
    }
    // `faultline validate ... | head`: the reader may leave early; that is not a crash.
    if (!process.stdout.listeners('error').includes(ignoreClosedPipe)) process.stdout.on('error', ignoreClosedPipe);
    let unreadable = false;
    let crashed = false;
    let errors = 0;
    let warnings = 0;
    for (const file of files) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
        process.stderr.write(`${file}: cannot read: ${reason}\n`);
        unreadable = true;
        continue;
      }
      let diagnostics: Reported[];
      try {
        diagnostics = diagnosticsOf(text, withLints);
      } catch (error) {
        // Named per file; the other files are still checked.
        reportInternalError('validate', file, error);
        crashed = true;
        continue;
      }
      for (const diagnostic of diagnostics) {
        if (diagnostic.severity === 'error') errors++;
        else if (diagnostic.severity === 'warning') warnings++;
        process.stdout.write(formatDiagnostic(file, diagnostic) + '\n');
      }
    }
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    process.stderr.write(`${plural(files.length, 'file')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
    if (crashed) return INTERNAL_ERROR_EXIT;
    if (unreadable) return 2;
    return errors > 0 ? 1 : 0;
  },
};
