// Exit code 4: a bug in Faultline, not in the user's input or protocol. CI reads 1 as "an
// expectation broke" and 2 as "bad input", so an uncaught error must never look like either.
// The user gets one line naming the command, the input and where the stack trace was written;
// the trace goes to a file, so a report can attach it without scrolling a terminal.

import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const INTERNAL_ERROR_EXIT = 4;

/** A failure inside Faultline that a caller caught and passes on, keeping its stack. */
export class InternalError extends Error {
  constructor(message: string, readonly detail: string) {
    super(message);
  }
}

/** The first argument that is not an option: the file a command was given, when there is one. */
export function inputOf(args: readonly string[]): string {
  return args.find((a) => !a.startsWith('-')) ?? '(no input)';
}

/** Writes the stack trace to a file, prints the one line, and returns 4. */
export function reportInternalError(command: string, input: string, error: unknown): number {
  const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const detail = error instanceof InternalError ? error.detail : error instanceof Error ? (error.stack ?? summary) : summary;
  const file = join(tmpdir(), `faultline-${command}-crash-${process.pid}-${Date.now()}.txt`);
  let where: string;
  try {
    writeFileSync(file, `faultline ${command} ${input}\n${process.argv.join(' ')}\nnode ${process.version}\n\n${detail}\n`);
    where = `stack trace in ${file}`;
  } catch {
    where = 'the stack trace could not be written to a file';
  }
  process.stderr.write(`faultline ${command}: internal error on ${input}: ${firstLine(summary)} (${where}); this is a bug in Faultline, not in the input\n`);
  return INTERNAL_ERROR_EXIT;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0]!;
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}
