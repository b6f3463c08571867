// The workspace the editor tests open: the Raft sample plus a variant scenario (so a CodeLens
// of the second scenario can be told apart from the first), and a copy with one broken line.

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { EDITOR_DIR, ROOT } from './code-server.ts';

export const FIRST_SCENARIO = 'raft: leader isolated';
export const VARIANT_SCENARIO = 'raft: leader isolated, seed 11';
export const BROKEN_LINE = 'heartbeat evry 50ms';

export function makeWorkspace(folder: string): { folder: string; raft: string; broken: string } {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const sample = readFileSync(join(ROOT, 'samples', 'raft-leader-isolated.fault'), 'utf8');
  const variant = `\nscenario "${VARIANT_SCENARIO}" extends "${FIRST_SCENARIO}" {\n  seed 11\n}\n`;
  writeFileSync(join(folder, 'raft.fault'), sample + variant);
  if (!sample.includes('heartbeat every 50ms')) throw new Error('the Raft sample changed: the broken fixture needs a `heartbeat every 50ms` line');
  writeFileSync(join(folder, 'broken.fault'), sample.replace('heartbeat every 50ms', BROKEN_LINE));
  return { folder, raft: join(folder, 'raft.fault'), broken: join(folder, 'broken.fault') };
}

/** Installs code-server when missing (the script skips itself when it is already there). */
export function ensureCodeServer(): void {
  const result = spawnSync('bash', [join(EDITOR_DIR, 'setup.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`test/editor/setup.sh failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/**
 * Builds the .vsix the way `npm run package` does (build, then vsce with the same flags), into
 * `folder`: two test runs in one tree must not write the same file.
 */
export function packageExtension(folder: string): string {
  mkdirSync(folder, { recursive: true });
  const vsix = join(folder, 'faultline.vsix');
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status}):\n${build.stdout}\n${build.stderr}`);
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const pack = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (pack.status !== 0) throw new Error(`vsce package failed (exit ${pack.status}):\n${pack.stdout}\n${pack.stderr}`);
  return vsix;
}
