// Reading a .fault file for a command: the text, or null after saying on stderr why it could not
// be read (the caller then exits 2).
import { readFile } from 'node:fs/promises';

export async function readScenarioFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    process.stderr.write(`${file}: cannot read: ${reason}\n`);
    return null;
  }
}
