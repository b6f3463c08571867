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
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: UI_TIMEOUT });
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().waitFor({ timeout: UI_TIMEOUT });
  }

  /** Gives the active text editor keyboard focus (a click in the explorer leaves focus there). */
  async focusEditor(): Promise<void> {
    await this.page.locator('.editor-group-container.active .monaco-editor .view-line').first().click();
    await this.page.locator('.editor-group-container.active .monaco-editor.focused').waitFor({ timeout: UI_TIMEOUT });
  }

  /** The active text editor (not a webview). */
  get editor(): Locator {
    return this.page.locator('.editor-group-container .monaco-editor.focused, .editor-group-container.active .monaco-editor').first();
  }

  /** Runs a command by its palette title, e.g. "Faultline: Run Scenario". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: UI_TIMEOUT });
    await row.click();
  }

  /** The palette's rows for a query, without running anything (then Escape closes it). */
  async paletteRows(query: string): Promise<string[]> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: UI_TIMEOUT });
    await input.fill(`>${query}`);
    // The list settles into either matching rows or the "No matching commands" message.
    const settled = this.page.locator('.quick-input-list .monaco-list-row, .quick-input-message:has-text("No matching")').first();
    await settled.waitFor({ timeout: UI_TIMEOUT });
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

  /** Hovers the first token of the editor that reads exactly `word` and returns the hover widget. */
  async hoverWord(word: string): Promise<Locator> {
    const token = this.page.locator('.editor-group-container.active .monaco-editor .view-line span span', { hasText: new RegExp(`^${escapeRegExp(word)}$`) }).first();
    await token.waitFor({ timeout: UI_TIMEOUT });
    await token.hover();
    const hover = this.page.locator('.monaco-hover:visible').first();
    await hover.waitFor({ timeout: UI_TIMEOUT });
    return hover;
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
