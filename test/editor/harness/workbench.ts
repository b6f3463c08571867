// The VS Code workbench in the browser, as a person uses it: the explorer, the command palette,
// the Problems panel, hovers, CodeLens and the playground webview. Every wait is on something
// that appears on screen; nothing sleeps for a guessed time.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';

export const UI_TIMEOUT = 30_000;

export class Workbench {
  private shot = 0;

  constructor(
    readonly page: Page,
    private readonly screenshotDir: string,
  ) {
    mkdirSync(screenshotDir, { recursive: true });
  }

  /** Opens the workbench on a folder and waits until the explorer lists its files. */
  async open(baseUrl: string, folder: string): Promise<void> {
    await this.page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}`);
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 60_000 });
  }

  async screenshot(name: string): Promise<string> {
    this.shot += 1;
    const path = join(this.screenshotDir, `${String(this.shot).padStart(2, '0')}-${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /** Opens a file from the explorer and waits for its editor tab to be the active one. */
  async openFile(name: string): Promise<void> {
    await this.page.getByRole('treeitem', { name: new RegExp(escapeRegExp(name)) }).click();
    await this.page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** Gives the active text editor keyboard focus (a click in the explorer leaves focus there). */
  async focusEditor(): Promise<void> {
    // A command rather than a click: overlays (sticky scroll, CodeLens) may sit over any line.
    await this.runCommand('View: Focus Active Editor Group');
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: UI_TIMEOUT });
  }

  /** The active text editor (not a webview). */
  get editor(): Locator {
    return this.page.locator('.editor-group-container .monaco-editor.focused, .editor-group-container.active .monaco-editor').first();
  }

  /** Runs a command by its palette title, e.g. "Faultline: Run Scenario". */
  async runCommand(title: string, timeout = UI_TIMEOUT): Promise<void> {
    const row = await this.commandRow(title, timeout);
    await row.click();
  }

  /** Waits until the palette lists this command, then closes the palette without running it. */
  async waitForCommand(title: string, timeout = UI_TIMEOUT): Promise<void> {
    await this.commandRow(title, timeout);
    await this.page.keyboard.press('Escape');
  }

  /**
   * Opens the palette on `title` and returns the command's row. Right after the workbench opens,
   * extension commands may not be registered yet and the palette shows only near matches; then
   * it closes the palette and asks again until the command's own row appears.
   */
  private async commandRow(title: string, timeout: number): Promise<Locator> {
    const deadline = Date.now() + timeout;
    const input = this.page.locator('.quick-input-widget input');
    for (;;) {
      await this.page.keyboard.press('Control+Shift+P');
      await input.waitFor({ timeout: UI_TIMEOUT });
      await input.fill(`>${title}`);
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        await row.waitFor({ timeout: Math.min(3_000, Math.max(1, deadline - Date.now())) });
        return row;
      } catch (error) {
        if (Date.now() >= deadline) throw error;
        await this.page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden', timeout: UI_TIMEOUT });
      }
    }
  }

  /** The palette's rows for a query, without running anything (Escape closes it again). */
  async paletteRows(query: string): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(`>${query}`);
    await this.page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: UI_TIMEOUT });
    const rows = await this.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    await this.page.keyboard.press('Escape');
    return rows;
  }

  /** The Problems panel's rows (opens it). */
  async problemRows(containing: string): Promise<Locator> {
    await this.page.keyboard.press('Control+Shift+M');
    const rows = this.page.locator('.markers-panel .monaco-list-row', { hasText: containing });
    await rows.first().waitFor({ timeout: UI_TIMEOUT });
    return rows;
  }

  /**
   * Hovers the first token of the editor that reads exactly `word` and returns the hover widget.
   * VS Code asks the hover providers once per pointer position, and drops the question when the
   * line is redrawn meanwhile (diagnostics or semantic tokens arriving from a server that has just
   * started): as a person would, the pointer leaves and comes back until the hover shows.
   */
  /**
   * Hovers `word` until a hover shows (holding `hasText`, when given: a hover that came up with
   * other content, e.g. while a restarted server was still loading the file, is asked again).
   */
  async hoverWord(word: string, hasText?: string): Promise<Locator> {
    const token = this.page.locator('.editor-group-container.active .monaco-editor .view-line span span', { hasText: new RegExp(`^${escapeRegExp(word)}$`) }).first();
    const hover = this.page.locator('.monaco-hover:visible', hasText === undefined ? {} : { hasText }).first();
    const deadline = Date.now() + UI_TIMEOUT;
    for (;;) {
      await token.waitFor({ timeout: UI_TIMEOUT });
      await token.hover();
      const remaining = deadline - Date.now();
      const shown = await hover.waitFor({ timeout: Math.max(1, Math.min(5_000, remaining)) }).then(() => true, () => false);
      if (shown) return hover;
      if (remaining <= 5_000) throw new Error(`no hover appeared over "${word}" within ${UI_TIMEOUT} ms`);
      await this.page.mouse.move(0, 0);
    }
  }

  /** The CodeLens links above scenarios, in document order. */
  codeLens(title: string): Locator {
    return this.page.locator('.editor-group-container.active .codelens-decoration a', { hasText: title });
  }

  /** Waits until a CodeLens with this title is drawn directly above `line` and returns it. */
  async lensAbove(line: Locator, title: string): Promise<Locator> {
    const lenses = this.codeLens(title);
    const deadline = Date.now() + UI_TIMEOUT;
    while (Date.now() < deadline) {
      const lineBox = await line.boundingBox();
      const count = await lenses.count();
      for (let i = 0; lineBox !== null && i < count; i++) {
        const box = await lenses.nth(i).boundingBox();
        // A lens occupies the view zone right above its line: within one line height of it.
        if (box !== null && box.y < lineBox.y && lineBox.y - box.y < 2 * lineBox.height) return lenses.nth(i);
      }
      await this.page.waitForTimeout(100);
    }
    throw new Error(`no "${title}" CodeLens appeared above the line`);
  }

  /** Waits for a notification toast containing `text` and returns it. */
  async notification(text: string | RegExp, timeout = UI_TIMEOUT): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-list-item', { hasText: text }).first();
    await toast.waitFor({ timeout });
    return toast;
  }

  /** Waits until some frame of the page (webviews included) shows `text`. */
  async frameWithText(text: string, timeout = UI_TIMEOUT): Promise<void> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (await frame.locator('body', { hasText: text }).count().catch(() => 0)) return;
      }
      await this.page.waitForTimeout(100);
    }
    throw new Error(`no frame showed "${text}"`);
  }

  /** The content of the playground webview (two iframes deep). */
  get playground(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  }

  get statusBar(): Locator {
    return this.page.locator('.statusbar');
  }

  /** Answers the simple save dialog with its suggested path; returns that path. */
  async acceptSaveDialog(): Promise<string> {
    const input = this.page.locator('.quick-input-widget input');
    // The dialog is a quick input whose value is the suggested file path (it ends in an extension).
    await this.page.waitForFunction(
      `(() => { const e = document.querySelector('.quick-input-widget input'); return e !== null && e.offsetParent !== null && /\\.\\w+$/.test(e.value); })()`,
      undefined,
      { timeout: UI_TIMEOUT },
    );
    const path = await input.inputValue();
    await input.press('Enter');
    return path;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
