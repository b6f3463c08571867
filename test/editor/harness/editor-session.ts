// One editor session for a test suite: a scratch folder, code-server with (or without) the
// packaged extension, Chromium on the workbench, and the page's console errors collected.

import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, ConsoleMessage } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { CodeServer, installExtension, isolatedDirs, ROOT, type Isolation } from './code-server.ts';
import { ensureCodeServer, makeWorkspace, packageExtension } from './fixtures.ts';
import { Workbench } from './workbench.ts';

export const OUTPUT = join(ROOT, 'test-output', 'editor');

export type SessionOptions = { name: string; withExtension: boolean; settings?: Record<string, unknown> };

export class EditorSession {
  readonly consoleErrors: string[] = [];
  failures = 0;

  private constructor(
    readonly scratch: string,
    readonly isolation: Isolation,
    readonly workspace: ReturnType<typeof makeWorkspace>,
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly bench: Workbench,
  ) {}

  static async start(options: SessionOptions): Promise<EditorSession> {
    ensureCodeServer();
    // A folder per run: two test runs in the same tree must not share an editor profile.
    const scratch = join(OUTPUT, `${options.name}-${process.pid}`);
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch, { recursive: true });
    const isolation = isolatedDirs(join(scratch, 'editor'), options.settings);
    if (options.withExtension) installExtension(isolation, packageExtension(scratch));
    const workspace = makeWorkspace(join(scratch, 'workspace'));
    const server = await CodeServer.start(isolation);
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const bench = new Workbench(page, join(OUTPUT, options.name));
    const session = new EditorSession(scratch, isolation, workspace, server, browser, bench);
    page.on('console', (message: ConsoleMessage) => {
      // The workbench logs its own 404s (code-server lacks some proprietary files); ours mention Faultline.
      if (message.type() === 'error' && /faultline|fl-/i.test(`${message.text()} ${message.location().url}`)) session.consoleErrors.push(message.text());
    });
    await bench.open(server.url, workspace.folder);
    return session;
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.server.stop();
    // Keep the profile and logs of a failed run: they say why.
    if (this.failures === 0) rmSync(this.scratch, { recursive: true, force: true });
  }
}

/**
 * One session for the enclosing `describe` block: started before its tests (`bind` receives it),
 * stopped after them; a failed test leaves a screenshot named after it and keeps the session's
 * profile and logs. `afterFailure` runs after that screenshot (e.g. to let a log be written).
 */
export function useEditorSession(options: SessionOptions, bind: (session: EditorSession) => void, afterFailure?: (session: EditorSession) => Promise<void>): void {
  let started: EditorSession | undefined;
  before(async function () {
    this.timeout(600_000);
    started = await EditorSession.start(options);
    bind(started);
  });
  after(async function () {
    this.timeout(60_000);
    await started?.stop();
  });
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || started === undefined) return;
    started.failures += 1;
    await started.bench.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
    await afterFailure?.(started);
  });
}
