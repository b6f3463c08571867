// Exit code 4 is "a bug in Faultline": CI must never read an internal error as 1 (an expectation
// broke), 2 (bad input) or 3 (the checker's budget ran out). One line names the command, the
// input and the file holding the stack trace.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { main } from '../../cli/main.ts';
import { runCommand } from '../../cli/commands/run.ts';
import { validateCommand } from '../../cli/commands/validate.ts';
import { INTERNAL_ERROR_EXIT } from '../../cli/internal-error.ts';

/** Runs `fn` with stderr captured. */
async function capturingStderr(fn: () => Promise<number>): Promise<{ code: number; stderr: string }> {
  const original = process.stderr.write.bind(process.stderr);
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await fn(), stderr };
  } finally {
    process.stderr.write = original;
  }
}

function traceFileIn(line: string): string {
  const match = /stack trace in (\S+)\)/.exec(line);
  assert.ok(match !== null, `the line names the stack trace file: ${line}`);
  return match[1]!;
}

describe('internal errors exit 4', () => {
  it('a command that throws exits 4 with one line naming the input and the stack trace file, which holds the stack', async () => {
    const original = runCommand.run;
    runCommand.run = async () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    try {
      const { code, stderr } = await capturingStderr(() => main(['run', 'samples/raft-two-nodes.fault', '--seed', '3']));
      assert.equal(code, INTERNAL_ERROR_EXIT);
      const lines = stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, stderr);
      assert.match(lines[0]!, /^faultline run: internal error on samples\/raft-two-nodes\.fault: RangeError: Maximum call stack size exceeded \(stack trace in .+\)/);
      const file = traceFileIn(lines[0]!);
      assert.ok(existsSync(file));
      assert.match(readFileSync(file, 'utf8'), /RangeError: Maximum call stack size exceeded\n\s+at /);
      rmSync(file);
    } finally {
      runCommand.run = original;
    }
  });

  it('an error that is not an Error object (a thrown string) also exits 4', async () => {
    const original = validateCommand.run;
    validateCommand.run = async () => {
      throw 'not an error object';
    };
    try {
      const { code, stderr } = await capturingStderr(() => main(['validate', 'x.fault']));
      assert.equal(code, 4);
      assert.match(stderr, /internal error on x\.fault: not an error object/);
      rmSync(traceFileIn(stderr));
    } finally {
      validateCommand.run = original;
    }
  });
});
