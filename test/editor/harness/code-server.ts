// A real VS Code for the tests: code-server 4.100.3 (installed by test/editor/setup.sh), fully
// isolated in a scratch folder — its config, user data, extensions and XDG folders never touch
// the home directory. It runs detached in its own process group so stopping it stops every
// process it started (extension host, language server, file watcher).

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EDITOR_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(EDITOR_DIR, '..', '..');
const ENTRY = join(EDITOR_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

/** User settings that keep the editor quiet and offline: no telemetry, updates, gallery or tours. */
const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'extensions.gallery.serviceUrl': '',
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'editor.minimap.enabled': false,
};

export type Isolation = { root: string; userDataDir: string; extensionsDir: string; configFile: string; env: NodeJS.ProcessEnv };

export function isolatedDirs(root: string, settings: Record<string, unknown> = {}): Isolation {
  const userDataDir = join(root, 'user-data');
  const extensionsDir = join(root, 'extensions');
  const xdg = join(root, 'xdg');
  for (const dir of [userDataDir, join(userDataDir, 'User'), extensionsDir, join(xdg, 'config'), join(xdg, 'data'), join(xdg, 'cache'), join(xdg, 'state')]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const configFile = join(root, 'code-server.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
    XDG_STATE_HOME: join(xdg, 'state'),
    TMPDIR: join(xdg, 'cache'),
  };
  return { root, userDataDir, extensionsDir, configFile, env };
}

export function assertInstalled(): void {
  if (!existsSync(ENTRY)) throw new Error(`code-server is not installed: run bash test/editor/setup.sh (looked for ${ENTRY})`);
}

export function installExtension(iso: Isolation, vsix: string): void {
  const result = spawnSync(process.execPath, [ENTRY, '--config', iso.configFile, '--user-data-dir', iso.userDataDir, '--extensions-dir', iso.extensionsDir, '--install-extension', vsix, '--force'], {
    env: iso.env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} into code-server failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class CodeServer {
  readonly log: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.log.push(chunk.toString()));
  }

  static async start(iso: Isolation): Promise<CodeServer> {
    assertInstalled();
    const port = await freePort();
    const args = [
      ENTRY,
      '--config', iso.configFile,
      '--user-data-dir', iso.userDataDir,
      '--extensions-dir', iso.extensionsDir,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ];
    const child = spawn(process.execPath, args, { env: iso.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new CodeServer(child, `http://127.0.0.1:${port}`);
    await server.waitHealthy();
    return server;
  }

  /** Polls /healthz until it answers (a real readiness signal), or the process dies. */
  private async waitHealthy(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`code-server exited (${this.child.exitCode}):\n${this.log.join('')}`);
      try {
        const response = await fetch(`${this.url}/healthz`);
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`code-server did not become healthy within 60 s:\n${this.log.join('')}`);
  }

  /** Kills the whole process group and waits for the main process to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.pid === undefined) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    try {
      process.kill(-this.child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-this.child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }, 5_000);
    await exited;
    clearTimeout(timer);
  }
}
