// The playground panel host: one WebviewPanel, its page, and the messages of webview/messages.ts.
// The webview runs scenarios in its own worker; the host sends it the scenario text, reveals
// source lines it asks for, writes the exports it requests and mirrors each outcome in the
// status bar. Everything the webview sends is checked before the host acts on it.

import * as vscode from 'vscode';
import { isWebviewToHostMessage, type HostToWebviewMessage, type PlaygroundState, type RunSummary, type WebviewToHostMessage } from '../webview/messages.ts';
import type { DebuggerCursor } from '../core/debug/debugger-cursor.ts';
import { playgroundPanelHtml, readPageAhead } from './playground-html.ts';
import { fileName } from './scenario-target.ts';
import { decideSave } from './save-fork.ts';
import { PreparedRuns } from './prepared-run.ts';

export const PLAYGROUND_VIEW_TYPE = 'faultline.playground';

/** What the panel tells the rest of the extension. */
export type PlaygroundEvents = {
  runStarted(scenario: string | null, seed: number | null, documentUri: string | undefined): void;
  runFinished(summary: RunSummary, documentUri: string | undefined): void;
  runFailed(message: string, reason: 'compile-error' | 'cancelled' | 'error'): void;
  exportRequested(what: 'html-report' | 'history-edn', state: PlaygroundState): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
};

export type PlaygroundRun = { document: vscode.TextDocument; scenario?: string; seed?: number; maxEvents: number };

export class Playground implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private ready = false;
  private pending: HostToWebviewMessage[] = [];
  private state: PlaygroundState = {};
  private uiBuilt = true;
  private readonly disposables: vscode.Disposable[] = [];
  /** The first run of a panel being created, made here meanwhile (prepared-run.ts). */
  private readonly prepared: PreparedRuns;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly events: PlaygroundEvents,
    private readonly maxEvents: () => number,
    /** faultline.playground.warmUp, read when a panel's page is made. */
    private readonly warmUp: () => boolean,
  ) {
    this.prepared = new PreparedRuns(extensionUri);
    this.prepared.warm(warmUp());
    void readPageAhead(extensionUri);
    this.disposables.push(this.prepared);
    // Moving the cursor in the scenario highlights that line's events in the panel.
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (!this.ready || event.textEditor.document.uri.toString() !== this.state.documentUri) return;
        void this.panel?.webview.postMessage({ type: 'highlight-line', line: event.selections[0]!.active.line + 1 } satisfies HostToWebviewMessage);
      }),
    );
  }

  /** The scenario, seed and file the panel shows (or last showed). */
  get current(): PlaygroundState {
    return { ...this.state };
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** False when this build of the extension lacks the webview bundle; callers then run in the host. */
  get canRun(): boolean {
    return this.uiBuilt;
  }

  /** `firstRun`: when this creates the panel, its page starts that run itself (no 'ready' round trip). */
  async show(firstRun?: Extract<HostToWebviewMessage, { type: 'run-scenario' }>): Promise<boolean> {
    if (this.panel !== undefined) {
      this.panel.reveal(undefined, true);
      return false;
    }
    const panel = vscode.window.createWebviewPanel(PLAYGROUND_VIEW_TYPE, 'Faultline Playground', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    await this.attach(panel, firstRun);
    return firstRun !== undefined && this.uiBuilt;
  }

  /** The serializer's entry after a reload: same panel, fresh page, the last scenario re-run. */
  async revive(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    this.panel?.dispose();
    panel.webview.options = this.webviewOptions();
    if (isSavedState(saved)) this.state = saved;
    await this.attach(panel);
  }

  async run(request: PlaygroundRun): Promise<void> {
    const message: Extract<HostToWebviewMessage, { type: 'run-scenario' }> = {
      type: 'run-scenario',
      source: { documentUri: request.document.uri.toString(), fileName: fileName(request.document.uri) },
      text: request.document.getText(),
      ...scenarioAndSeed(request),
      maxEvents: request.maxEvents,
    };
    this.state = { documentUri: request.document.uri.toString(), ...scenarioAndSeed(request) };
    // A panel created for this run carries it in its page (issue 16: click → first frame); an open
    // panel is sent it. Should the page not start it, its 'ready' lacks startedRun and the host
    // replays this.state, which is this run. While VS Code creates the panel, the host makes the
    // run (prepared-run.ts) and the page waits for it.
    if (this.panel !== undefined) {
      await this.show();
      this.post(message);
      return;
    }
    if (await this.show(this.prepared.start(message, (answer) => this.postEarly(answer)))) return;
    this.prepared.cancel(); // this build lacks the webview bundle: no page to draw it
    this.post(message);
  }

  /**
   * The debugger stopped: when the panel is open, show the debugged run (running it first if the
   * panel shows another file, scenario or seed) with its time cursor where the debugger's is.
   */
  async followDebugger(cursor: DebuggerCursor): Promise<void> {
    if (this.panel === undefined) return;
    const uri = vscode.Uri.file(cursor.program);
    if (this.state.documentUri !== uri.toString() || this.state.scenario !== cursor.scenario || (this.state.seed !== undefined && this.state.seed !== cursor.seed)) {
      const document = await vscode.workspace.openTextDocument(uri);
      await this.run({ document, scenario: cursor.scenario, seed: cursor.seed, maxEvents: this.maxEvents() });
    }
    this.post({ type: 'set-cursor', scenario: cursor.scenario, seed: cursor.seed, t: cursor.t, forked: cursor.forked });
  }

  /** Updates what the panel is said to show after the host ran something in its place. */
  remember(state: PlaygroundState): void {
    this.state = { ...state };
  }

  dispose(): void {
    this.panel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private webviewOptions(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableFindWidget: true,
      // Only the bundles and the extension's media; nothing from the workspace.
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private async attach(panel: vscode.WebviewPanel, firstRun?: Extract<HostToWebviewMessage, { type: 'run-scenario' }>): Promise<void> {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'icon.png');
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // Without retainContextWhenHidden, VS Code destroys a hidden panel's page and loads it again
      // when the tab comes back; the new page says 'ready' again. Until then a message would be
      // posted into nothing (the first click on Run was lost this way), so queue instead.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.prepared.cancel();
        this.panel = undefined;
        this.ready = false;
        this.pending = [];
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    );
    const { html, uiBuilt } = await playgroundPanelHtml(panel.webview, this.extensionUri, firstRun, this.warmUp());
    this.uiBuilt = uiBuilt;
    panel.webview.html = html;
  }

  private post(message: HostToWebviewMessage): void {
    const panel = this.panel;
    if (!this.ready || panel === undefined || !panel.visible) {
      this.queue(message);
      return;
    }
    // postMessage answers false when no page received it (it was being torn down): keep the
    // message for the page's next 'ready' rather than lose it.
    void panel.webview.postMessage(message).then((delivered) => {
      if (delivered || this.panel !== panel) return;
      if (this.ready) void panel.webview.postMessage(message);
      else this.queue(message);
    });
  }

  /**
   * Posts without waiting for the page's 'ready': for the answer to the run a new panel's page
   * waits for. VS Code keeps messages posted to a webview that is still being set up and hands
   * them to the page once it has loaded (its script, which listens, runs before that), so the
   * answer need not make the round trip page → 'ready' → host → page. Should it not be delivered,
   * it waits for the next 'ready' as any message does.
   */
  private postEarly(message: HostToWebviewMessage): void {
    const panel = this.panel;
    if (this.ready || panel === undefined || !panel.visible) return this.post(message);
    void panel.webview.postMessage(message).then((delivered) => {
      if (!delivered && this.panel === panel) this.post(message);
    });
  }

  /** Keeps the newest message of each type for the page's next 'ready'. */
  private queue(message: HostToWebviewMessage): void {
    this.pending = [...this.pending.filter((m) => m.type !== message.type), message];
  }

  private receive(message: unknown): void {
    if (!isWebviewToHostMessage(message)) {
      this.events.log('warn', `ignored a malformed message from the playground: ${safePreview(message)}`);
      return;
    }
    void this.handle(message);
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // A page that (re)loads with nothing queued shows again what the host last asked for:
        // the host's own record is the newest (a run requested while the tab was hidden is in
        // it, not yet in the page's saved state); the page's state serves after a window reload.
        // A page that started the run its HTML carried needs nothing replayed.
        if (this.pending.length === 0 && message.startedRun !== true) await this.replay(this.state.documentUri !== undefined ? this.state : message.state);
        for (const queued of this.pending.splice(0)) void this.panel?.webview.postMessage(queued);
        return;
      case 'reveal-line':
        return this.revealLine(message.line);
      case 'run-started':
        if (message.scenario !== null) this.state.scenario = message.scenario;
        if (message.seed !== null) this.state.seed = message.seed;
        return this.events.runStarted(message.scenario, message.seed, this.state.documentUri);
      case 'run-progress':
        return;
      case 'run-finished':
        this.state.scenario = message.summary.scenario;
        this.state.seed = message.summary.seed;
        // The tab says what it shows too, for when the panel sits behind another editor.
        if (this.panel !== undefined) this.panel.title = `Faultline — ${message.summary.scenario}`;
        return this.events.runFinished(message.summary, this.state.documentUri);
      case 'run-failed':
        // A page that cancelled (or moved on from) the run being made here does not want it.
        this.prepared.cancel();
        return this.events.runFailed(message.message, message.reason);
      case 'export':
        return this.events.exportRequested(message.what, { ...this.state, scenario: message.scenario, seed: message.seed });
      case 'log':
        return this.events.log(message.level, `playground: ${message.message}`);
      case 'save-scenario':
        return this.saveScenario(message);
    }
  }

  /**
   * Save as scenario, through a WorkspaceEdit (undoable with the editor's own Undo): the child
   * scenario goes at the end of the panel's own file while it holds the text that was run, else
   * into a new file (save-fork.ts says why). The webview may only name the panel's document.
   */
  private async saveScenario(message: Extract<WebviewToHostMessage, { type: 'save-scenario' }>): Promise<void> {
    const reply = (ok: boolean, text: string) => this.post({ type: 'save-result', ok, message: text });
    if (message.documentUri !== this.state.documentUri) return reply(false, 'Not saved: the panel may only write into the scenario file it shows.');
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(message.documentUri, true));
      const decision = decideSave(document.getText(), message);
      if (decision.kind === 'new-file') {
        const created = await vscode.workspace.openTextDocument({ language: 'faultline', content: decision.text });
        await vscode.window.showTextDocument(created, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
        this.events.log('info', `save as scenario: ${decision.reason}`);
        return reply(true, `Saved “${message.name}” in a new file: ${decision.reason}.`);
      }
      const end = document.positionAt(document.getText().length);
      const edit = new vscode.WorkspaceEdit();
      edit.insert(document.uri, end, decision.text);
      if (!(await vscode.workspace.applyEdit(edit))) return reply(false, `Not saved: ${fileName(document.uri)} could not be edited.`);
      // The scenario starts after the blank lines that separate it from the file's end.
      const firstLine = end.line + ((/^(\r?\n)*/.exec(decision.text)?.[0] ?? '').split('\n').length - 1);
      const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === message.documentUri);
      const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: true });
      const at = new vscode.Position(Math.min(firstLine, document.lineCount - 1), 0);
      editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      return reply(true, `Saved “${message.name}” at line ${at.line + 1} of ${fileName(document.uri)} (unsaved edit: Ctrl+Z takes it back). Run it to replay the fork.`);
    } catch (error) {
      return reply(false, `Not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** After a reload the page is empty: run what it showed before, if the file still opens. */
  private async replay(saved: PlaygroundState | null): Promise<void> {
    const state = saved !== null && saved.documentUri !== undefined ? saved : this.state;
    if (state.documentUri === undefined) return;
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(state.documentUri, true));
      const run: PlaygroundRun = { document, maxEvents: this.maxEvents() };
      if (state.scenario !== undefined) run.scenario = state.scenario;
      if (state.seed !== undefined) run.seed = state.seed;
      await this.run(run);
    } catch (error) {
      this.events.log('warn', `could not re-open ${state.documentUri} for the playground: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Only the panel's own scenario file is revealed: the webview cannot name another document. */
  private async revealLine(line: number): Promise<void> {
    if (this.state.documentUri === undefined) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(this.state.documentUri, true));
    const target = Math.min(line - 1, document.lineCount - 1);
    const range = document.lineAt(target).range;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === this.state.documentUri);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(range.start, range.end);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
}

export class PlaygroundSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly playground: Playground) {}

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    return this.playground.revive(panel, state);
  }
}

function scenarioAndSeed(request: { scenario?: string; seed?: number }): { scenario?: string; seed?: number } {
  const out: { scenario?: string; seed?: number } = {};
  if (request.scenario !== undefined) out.scenario = request.scenario;
  if (request.seed !== undefined) out.seed = request.seed;
  return out;
}

function isSavedState(value: unknown): value is PlaygroundState {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    (v['documentUri'] === undefined || typeof v['documentUri'] === 'string') &&
    (v['scenario'] === undefined || typeof v['scenario'] === 'string') &&
    (v['seed'] === undefined || (typeof v['seed'] === 'number' && Number.isInteger(v['seed']) && v['seed'] >= 0))
  );
}

function safePreview(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return typeof value;
  }
}
