// The playground's entry point, for both hosts. In VS Code it listens for the host's messages
// (run this scenario, show this report, highlight this line) and runs simulations in a worker;
// in the standalone report it shows the embedded run and explains how to get another seed.

import { formatMicros } from '../core/sim/format-micros.ts';
import { MAX_SEED, parseSeed } from '../core/sim/seed-text.ts';
import type { Report } from '../core/types/report.ts';
import { connectToHost, type HostBridge } from './host-bridge.ts';
import type { EmbeddedSource } from './html.ts';
import { isHostToWebviewMessage, summarizeRun, type HostToWebviewMessage, type ScenarioSource } from './messages.ts';
import { countAllLevels } from './model/message-pyramid.ts';
import { decodeRun, type PackedRun } from './model/packed-run.ts';
import { RunController, type RunCallbacks } from './run-controller.ts';
import { RunView, type ShownVerdicts } from './run-view.ts';
import type { RunModel } from './model/run-model.ts';
import { el } from './ui/dom.ts';
import { readEmbeddedSource, SourcePanel } from './ui/source-panel.ts';
import { PlayController, type PlayUpdate } from './play-controller.ts';
import { PlayPanel } from './ui/play-panel.ts';
import type { PlayMove, RunRequest, RunVerdicts } from './worker-protocol.ts';
import { VerdictsPanel } from './ui/verdicts.ts';
import type { Finding } from './model/verdict-list.ts';
import type { MessageQuery, RunInspection } from '../core/debug/message-inspection.ts';
import type { MessageAction } from '../core/debug/scenario-fork.ts';
import './styles.css';

/** `run`: the run the host created the panel for, started at once (checked like any host message). */
type Boot = { mode: 'vscode' | 'standalone'; workerUri: string | null; workerInline?: boolean; run?: unknown; warmUp?: boolean };

/**
 * A run's verdicts on screen ahead of its diagram (the worker's `verdicts` message). `previous`:
 * what the page showed before, put back if the run is cancelled or fails; `selected`: a verdict
 * clicked before the diagram was there, selected in it once it is.
 */
type EarlyVerdicts = { panel: VerdictsPanel; findings: readonly Finding[]; previous: Node[]; selected: Finding | null };

/** For tests and the benchmarks: when the latest run's verdicts were on screen (a task after the frame). */
type VerdictsStamp = { scenario: string; seed: number; shownAt?: number };

function stampVerdicts(stamp: VerdictsStamp): void {
  (window as unknown as { faultlineVerdicts?: VerdictsStamp }).faultlineVerdicts = stamp;
}

function readJson(id: string): unknown {
  const text = document.getElementById(id)?.textContent;
  if (text === undefined || text === null || text.trim() === '') return undefined;
  return JSON.parse(text);
}

class Playground {
  private view: RunView | null = null;
  /** What the next re-run compiles: scenario text from the host, or the shown report's config. */
  private lastRequest: Omit<RunRequest, 'seed'> | null = null;
  /** The file of the run asked for last (what the next re-run and the early verdicts belong to). */
  private source: ScenarioSource | undefined;
  /** The file of the run on screen: a run asked for and not yet shown does not move it. */
  private shownSource: ScenarioSource | undefined;
  private readonly runner: RunController | null;
  /** faultline.playground.warmUp: warm a spare run worker when idle (run-controller.ts prewarm). */
  private readonly warmUp: boolean;
  private readonly seedInput = el('input', { type: 'number', class: 'fl-seed-input', min: 0, max: MAX_SEED, step: 1, 'aria-label': 'Seed' });
  private readonly runButton = el('button', { type: 'button', class: 'fl-button fl-primary', text: 'Re-run' });
  private readonly cancelButton = el('button', { type: 'button', class: 'fl-button', text: 'Cancel', hidden: true });
  private readonly progress = el('progress', { class: 'fl-progress', max: 1, value: 0, hidden: true, 'aria-label': 'Run progress' });
  private readonly status = el('span', { class: 'fl-status', role: 'status', 'aria-live': 'polite' });
  /** Which file and scenario the page shows, in the bar that stays on screen while scrolling. */
  private readonly shown = el('span', { class: 'fl-shown', 'aria-label': 'Shown run' });
  private readonly content = el('main', { class: 'fl-content' });
  private readonly exportButtons: HTMLButtonElement[] = [];
  /** Where the debugger last stopped; applied when the shown run is the one it debugs. */
  private debuggerCursor: Extract<HostToWebviewMessage, { type: 'set-cursor' }> | null = null;
  /** The standalone report's own copy of the scenario file, where its line links go. */
  private readonly sourcePanel: SourcePanel | null;
  /** Time travel and actions by hand on the shown run, in a worker of its own (null in the static report). */
  private readonly player: PlayController | null;
  private readonly playPanel: PlayPanel;
  /** The model of the run as written, while a fork of it is shown: the ghost (render/diagram.ts). */
  private asWritten: RunModel | null = null;
  /** What the play worker was opened with: the shown run is playable when it matches. */
  private playing: { text: string; scenario: string; seed: number } | null = null;
  /** The running run's verdicts, shown before its diagram (null once the run is shown or gone). */
  private early: EarlyVerdicts | null = null;

  constructor(root: HTMLElement, boot: Boot, private readonly host: HostBridge, embeddedSource: EmbeddedSource | undefined) {
    this.runner = runControllerFor(boot);
    this.warmUp = boot.warmUp !== false;
    const runner = this.runner;
    this.player = runner === null ? null : new PlayController(() => runner.workerSource());
    this.playPanel = new PlayPanel({
      move: (move) => this.move(move),
      act: (action) => this.act(action),
      message: (id, action, delay) => this.actOnMessage(id, action, delay),
      undo: () => this.undo(),
      save: () => this.save(),
    });
    const bar = el('div', { class: 'fl-topbar' }, [el('span', { class: 'fl-brand', text: 'Faultline' }), this.shown]);
    if (this.runner !== null) {
      bar.append(el('label', { class: 'fl-seed-label' }, ['seed ', this.seedInput]), this.runButton, this.cancelButton, this.progress, this.status);
      this.runButton.addEventListener('click', () => this.rerun());
      this.seedInput.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') this.rerun();
      });
      this.cancelButton.addEventListener('click', () => this.runner?.cancel());
      this.runButton.disabled = true;
      // Exports are written by the host (it owns the file system); the page only asks.
      for (const [what, label] of [['html-report', 'Export HTML'], ['history-edn', 'Export history (EDN)']] as const) {
        const button = el('button', { type: 'button', class: 'fl-button fl-export', text: label, disabled: true });
        button.addEventListener('click', () => {
          const report = this.view?.model.report;
          if (report !== undefined) host.post({ type: 'export', what, scenario: report.scenario, seed: report.seed });
        });
        this.exportButtons.push(button);
        bar.append(button);
      }
    } else {
      bar.append(
        el('span', {
          class: 'fl-note',
          text: 'Static report: re-running is off in this file (it has no simulator inside). For another seed run `faultline report FILE --seed N -o report.html`, or open the scenario in VS Code.',
        }),
        this.status,
      );
    }
    this.sourcePanel = embeddedSource === undefined ? null : new SourcePanel(embeddedSource);
    if (embeddedSource !== undefined) this.source = { documentUri: embeddedSource.fileName, fileName: embeddedSource.fileName };
    root.replaceChildren(bar, this.content, ...(this.sourcePanel === null ? [] : [this.sourcePanel.element]));
    this.content.append(el('p', { class: 'fl-empty', text: 'Run a scenario to see it here: “Faultline: Run Scenario” or the Run CodeLens above a scenario.' }));
    new MutationObserver(() => this.view?.refreshTheme()).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => this.view?.refreshTheme());
  }

  /**
   * Shows a run: the diagram in the next frame, the panels right after it. Resolves once all is on
   * the page. `forkedAt`: the run is a fork of the run as written from that time, whose future the
   * diagram draws greyed behind it.
   */
  show(run: Report | PackedRun, forkedAt: number | null = null, early: EarlyVerdicts | null = null): Promise<void> {
    // The verdicts shown early are kept only for the run they came with.
    const shownVerdicts: ShownVerdicts | null = early !== null && early === this.early ? early : null;
    this.early = null;
    this.view?.dispose();
    this.view = null;
    this.content.replaceChildren();
    performance.mark('faultline:view-start');
    let view: RunView;
    try {
      const ghost = forkedAt !== null && this.asWritten !== null ? { model: this.asWritten, fromUs: forkedAt } : null;
      view = new RunView(run, { revealLine: (line) => this.revealLine(line), cursorMoved: (t) => this.cursorMoved(t), laneClicked: (node) => this.playPanel.focusNode(node), linkDragged: (from, to, oneWay) => this.playPanel.cutLink(from, to, oneWay), inspectMessage: (query) => this.inspectMessage(query) }, ghost, shownVerdicts);
    } catch (error) {
      // A report from an older or hand-edited file may lack what the playground draws: say so.
      const message = `This run cannot be shown: ${error instanceof Error ? error.message : String(error)}`;
      this.content.append(el('p', { class: 'fl-banner fl-banner-failed', text: message }));
      this.host.post({ type: 'log', level: 'error', message });
      return Promise.resolve();
    }
    performance.measure('faultline:build the model', 'faultline:view-start');
    const report = view.model.report;
    this.view = view;
    // The run as written, kept (already built) to be drawn greyed behind a fork of it.
    if (forkedAt === null && this.forkedBy === 0) this.asWritten = view.model;
    this.content.append(view.element);
    if (this.player !== null) view.addSidePanel(this.playPanel.element);
    performance.mark('faultline:mount-start');
    view.mount();
    performance.measure('faultline:layout and first draw', 'faultline:mount-start');
    this.seedInput.value = String(report.seed);
    this.runButton.disabled = this.runner === null || this.lastRequest === null;
    this.setExportable(true);
    this.shownSource = this.source;
    this.host.setState({ ...(this.source === undefined ? {} : { documentUri: this.source.documentUri }), scenario: report.scenario, seed: report.seed });
    document.title = `Faultline — ${report.scenario}`;
    this.showWhatIsShown(report);
    this.followDebugger();
    if (shownVerdicts !== null && early?.selected != null) view.selectFinding(early.selected);
    return new Promise((resolve) =>
      afterNextFrame(() => {
        if (this.view !== view) return resolve();
        // The frame with the diagram drawn above has been rendered: that is the first render.
        const firstFrameAt = performance.now();
        performance.measure('faultline:until the frame is rendered', 'faultline:mount-start');
        performance.mark('faultline:panels-start');
        try {
          view.completePanels();
        } catch (error) {
          // The diagram is there; say what is missing beside it instead of failing silently.
          const message = `Part of this run cannot be shown: ${error instanceof Error ? error.message : String(error)}`;
          this.content.prepend(el('p', { class: 'fl-banner fl-banner-failed', text: message }));
          this.host.post({ type: 'log', level: 'error', message });
        }
        performance.measure('faultline:panels (after the first frame)', 'faultline:panels-start');
        // In a task of its own, after the panels: the zoom levels no frame has needed yet.
        setTimeout(() => countAllLevels(view.model.pyramid), 0);
        // Then, a task per level, the zoomed-out arrows the next wheel turns will show.
        view.renderer.prepareZoomedOutLevels(() => this.view === view);
        // For tests and the benchmarks: the view, its report, when its first frame was on screen,
        // and (panelsShownAt) when the frame with the verdicts and the other panels was.
        const shown: { view: RunView; report: Report; firstFrameAt: number; panelsShownAt?: number } = { view, report, firstFrameAt };
        (window as unknown as { faultlinePlayground?: unknown }).faultlinePlayground = shown;
        // Verdicts shown early keep their stamp (showVerdicts); else they came with the panels.
        const verdicts: VerdictsStamp = { scenario: report.scenario, seed: report.seed };
        if (shownVerdicts === null) stampVerdicts(verdicts);
        afterNextFrame(() => {
          shown.panelsShownAt = performance.now();
          verdicts.shownAt = shown.panelsShownAt;
        });
        resolve();
      }),
    );
  }

  /** "raft.fault › raft: leader isolated · seed 42": the run on screen, not the one being asked for. */
  private showWhatIsShown(report: Report): void {
    this.nameShown(this.shownSource, report.scenario, report.seed, this.forkedBy);
  }

  private nameShown(source: ScenarioSource | undefined, scenario: string, seed: number, forkedBy: number): void {
    const file = source?.fileName;
    this.shown.replaceChildren(
      ...(file === undefined ? [] : [el('span', { class: 'fl-shown-file', text: file }), ' › ']),
      el('span', { class: 'fl-shown-scenario', text: scenario }),
      ` · seed ${seed}`,
      ...(forkedBy === 0 ? [] : [el('span', { class: 'fl-shown-forked', text: ` · forked by ${forkedBy} action${forkedBy === 1 ? '' : 's'} taken by hand` })]),
    );
    this.playPanel.setShown(file, scenario, seed);
    this.shown.title = source?.documentUri ?? scenario;
  }

  /** Export writes the run on screen: offered only while a whole run (not just its verdicts) is. */
  private setExportable(exportable: boolean): void {
    for (const button of this.exportButtons) button.disabled = !exportable;
  }

  handle(message: HostToWebviewMessage): void {
    switch (message.type) {
      case 'run-scenario':
        this.source = message.source;
        this.lastRequest = {
          type: 'run',
          text: message.text,
          ...(message.scenario === undefined ? {} : { scenario: message.scenario }),
          ...(message.maxEvents === undefined ? {} : { maxEvents: message.maxEvents }),
        };
        this.start(message.seed, message.hostRunId);
        break;
      case 'prepared-verdicts':
        this.runner?.hostVerdicts(message);
        break;
      case 'prepared-run':
        this.runner?.hostAnswered(message);
        break;
      case 'show-report':
        this.player?.close();
        this.playing = null;
        this.forkedBy = 0;
        this.playPanel.say('Time travel needs the scenario text: run the scenario from its file (Run CodeLens) to step and break things by hand.');
        this.source = message.source;
        this.lastRequest = { type: 'run', config: message.report.config };
        void this.show(message.report);
        break;
      case 'highlight-line':
        this.view?.setHighlightedLine(message.line);
        break;
      case 'cancel-run':
        this.runner?.cancel();
        break;
      case 'set-cursor':
        this.debuggerCursor = message;
        this.followDebugger();
        break;
      case 'save-result':
        this.playPanel.say(message.message);
        break;
    }
  }

  /** Moves the time cursor to the debugger's, when the shown run is the scenario and seed it debugs. */
  private followDebugger(): void {
    const cursor = this.debuggerCursor;
    const report = this.view?.model.report;
    if (cursor === null || report === undefined || report.scenario !== cursor.scenario || report.seed !== cursor.seed) return;
    this.view!.setCursor(cursor.t, true);
    this.status.textContent =
      cursor.forked === 0
        ? `Following the debugger: ${formatMicros(cursor.t)}`
        : `Following the debugger: ${formatMicros(cursor.t)} (the debugger's run is forked by ${cursor.forked} action${cursor.forked === 1 ? '' : 's'} taken by hand; this panel shows the scenario as written)`;
  }

  private rerun(): void {
    // The same rule as the CLI's --seed and the language's `seed`: a safe integer, not 1e20.
    const read = parseSeed(this.seedInput.value);
    if (!read.ok) {
      this.status.textContent = `Not run: ${read.error}.`;
      this.seedInput.setAttribute('aria-invalid', 'true');
      return;
    }
    this.seedInput.removeAttribute('aria-invalid');
    this.start(read.seed);
  }

  /** `hostRunId`: the host makes this run and sends it (a panel created for it); the page waits for it. */
  private start(seed: number | undefined, hostRunId?: number): void {
    const runner = this.runner;
    if (runner === null || this.lastRequest === null) return;
    const request: RunRequest = { ...this.lastRequest, ...(seed === undefined ? {} : { seed }) };
    // A run started over another one that had shown its verdicts: those go (the runner drops the rest of it).
    this.dropEarlyVerdicts();
    this.player?.close();
    this.playing = null;
    performance.mark('faultline:run-requested');
    this.host.post({ type: 'run-started', scenario: request.scenario ?? null, seed: seed ?? null });
    this.status.textContent = 'Running…';
    this.progress.hidden = false;
    this.progress.value = 0;
    this.cancelButton.hidden = false;
    this.runButton.disabled = true;
    const done = () => {
      this.progress.hidden = true;
      this.cancelButton.hidden = true;
      this.runButton.disabled = false;
    };
    const callbacks: RunCallbacks = {
      onProgress: (simulatedUs, totalUs, events) => {
        this.progress.value = totalUs === 0 ? 0 : simulatedUs / totalUs;
        this.status.textContent = `Simulated ${formatMicros(simulatedUs)} of ${formatMicros(totalUs)} · ${events.toLocaleString('en')} events`;
        this.host.post({ type: 'run-progress', simulatedUs, totalUs, events });
      },
      onVerdicts: (verdicts) => {
        this.status.textContent = 'Graded; drawing the diagram…';
        this.showVerdicts(verdicts);
      },
      onDone: (run, wallMs) => {
        done();
        this.status.textContent = `Done in ${formatMicros(Math.round(wallMs) * 1000)}.`;
        this.forkedBy = 0;
        void this.show(run, null, this.early).then(() => {
          this.host.post({ type: 'run-finished', summary: summarizeRun(run.report) });
          if (request.text !== undefined) this.openPlay({ text: request.text, scenario: run.report.scenario, seed: run.report.seed, ...(request.maxEvents === undefined ? {} : { maxEvents: request.maxEvents }) });
        });
      },
      onFailed: (reason, message) => {
        done();
        this.dropEarlyVerdicts();
        this.status.textContent = message;
        this.host.post({ type: 'run-failed', reason, message });
      },
    };
    if (hostRunId !== undefined) runner.awaitHost(hostRunId, request, callbacks);
    else void runner.start(request, callbacks);
  }

  /**
   * The graded run's verdicts, on screen before its diagram: a real verdicts panel, which the run's
   * view keeps when the run arrives (RunView's `shown`). What the page showed before is kept aside
   * (not disposed) until then, to be put back if the run is cancelled or fails.
   */
  private showVerdicts(verdicts: RunVerdicts): void {
    const previous = this.early?.previous ?? [...this.content.childNodes];
    // The lines these verdicts name are in the file of the run asked for, not of the one shown before.
    const source = this.source;
    const panel = new VerdictsPanel(verdicts.findings, {
      select: (finding) => (early.selected = finding),
      revealLine: (line) => this.revealLine(line, source),
    });
    const early: EarlyVerdicts = { panel, findings: verdicts.findings, previous, selected: null };
    this.early = early;
    this.content.replaceChildren(
      el('div', { class: 'fl-run fl-run-pending' }, [
        el('header', { class: 'fl-summary' }, [
          el('h1', {}, [el('span', { class: 'fl-scenario-name', text: verdicts.scenario }), el('span', { class: 'fl-seed', text: ` · seed ${verdicts.seed} · ${verdicts.protocol}` })]),
          el('p', { class: 'fl-stats', text: 'Verdicts first: the diagram, the node states and the CAP card follow.' }),
        ]),
        el('div', { class: 'fl-main' }, [el('div', { class: 'fl-left' }), el('aside', { class: 'fl-side' }, [early.panel.element])]),
      ]),
    );
    // The bar names what is on screen, and Export waits for the whole run (it would write the previous one).
    this.nameShown(source, verdicts.scenario, verdicts.seed, 0);
    this.seedInput.value = String(verdicts.seed);
    this.setExportable(false);
    performance.mark('faultline:verdicts-shown');
    const stamp: VerdictsStamp = { scenario: verdicts.scenario, seed: verdicts.seed };
    stampVerdicts(stamp);
    afterNextFrame(() => {
      // Still on screen in that frame (kept by the run's view, or not yet replaced).
      if (early.panel.element.isConnected) stamp.shownAt = performance.now();
    });
  }

  /** Takes a cancelled, failed or replaced run's early verdicts off the page and puts back what was there. */
  private dropEarlyVerdicts(): void {
    const early = this.early;
    if (early === null) return;
    this.early = null;
    this.content.replaceChildren(...early.previous);
    const report = this.view?.model.report;
    if (report === undefined) this.shown.replaceChildren();
    else this.showWhatIsShown(report);
    this.seedInput.value = report === undefined ? '' : String(report.seed);
    this.setExportable(report !== undefined);
  }

  /** Actions taken by hand in the shown run (0: the scenario as written). */
  private forkedBy = 0;

  private openPlay(request: { text: string; scenario: string; seed: number; maxEvents?: number }): void {
    const player = this.player;
    if (player === null) return;
    this.playPanel.setBusy(true);
    this.playPanel.say('Preparing time travel (the run is re-run once with checkpoints)…');
    const started = performance.now();
    void player.open(request).then((update) => {
      // Time travel's re-run is done (or refused): the page is idle, a good moment to warm a spare
      // run worker for the next long run (the runner does nothing if a run started meanwhile).
      if (update !== 'closed' && this.warmUp) this.runner?.prewarm();
      if (typeof update === 'string') {
        if (update !== 'closed') this.playPanel.say(update);
        return;
      }
      this.playing = { text: request.text, scenario: request.scenario, seed: request.seed };
      this.playPanel.setBusy(false);
      this.playPanel.update(update.snapshot, `Time travel ready in ${formatMicros(Math.round(performance.now() - started) * 1000)}: step, jump, or break a node at the cursor.`);
      // Where the person already put the cursor while it was being prepared.
      const cursor = this.view?.cursor ?? 0;
      if (cursor > 0) this.cursorMoved(cursor);
    });
  }

  /** The diagram's cursor moved by hand: the state panel follows to the last event at or before it. */
  private cursorMoved(t: number): void {
    if (this.playing === null || this.player === null) return;
    void this.player.move({ time: t }).then((update) => this.applyUpdate(update, false));
  }

  private move(move: PlayMove): void {
    if (this.player === null || this.playing === null) return;
    this.view?.stopPlayback();
    void this.player.move(move).then((update) => this.applyUpdate(update, true));
  }

  private act(action: string): void {
    if (this.player === null || this.playing === null) return;
    this.view?.stopPlayback();
    this.playPanel.say(`Forking: ${action}…`);
    void this.player.act(action).then((update) => this.applyUpdate(update, true));
  }

  /** You are the network: the worker turns the picked message into the `next` fault line that takes exactly it. */
  private actOnMessage(id: number, action: MessageAction, delay?: string): void {
    if (this.player === null || this.playing === null) return;
    this.view?.stopPlayback();
    this.playPanel.say(`Forking: ${action} message #${id}${action === 'delay' ? ` by ${delay ?? ''}` : ''}…`);
    void this.player.actOnMessage(id, action, delay).then((update) => this.applyUpdate(update, true));
  }

  private undo(): void {
    if (this.player === null || this.playing === null) return;
    void this.player.undo().then((update) => this.applyUpdate(update, true));
  }

  /** Save as scenario: the worker writes the child scenario's text, the host puts it in the file. */
  private save(): void {
    if (this.player === null || this.playing === null) return;
    void this.player.save().then((saved) => {
      if (typeof saved === 'string') {
        this.playPanel.say(saved);
        return;
      }
      const source = this.shownSource;
      if (this.host.inEditor && source !== undefined) {
        this.host.post({ type: 'save-scenario', documentUri: source.documentUri, name: saved.name, scenarioText: saved.scenarioText, fileText: saved.fileText, ranText: this.playing?.text ?? '' });
        this.playPanel.say(`Saving “${saved.name}” into ${source.fileName}…`);
      } else {
        this.playPanel.say(`Nobody to save to here; the scenario is:\n${saved.scenarioText}`);
      }
    });
  }

  /**
   * Shows what the play worker answered: the state panel always; the diagram's cursor when the move
   * was a step or a jump (a time move came from the diagram); a new diagram when the timeline forked.
   */
  private applyUpdate(update: PlayUpdate | string, moveCursor: boolean): void {
    if (typeof update === 'string') {
      if (update !== 'superseded' && update !== 'closed') this.playPanel.say(update);
      return;
    }
    const { snapshot } = update;
    if (update.run !== undefined) {
      const viewport = this.view === null ? null : { start: this.view.viewport.start, span: this.view.viewport.span };
      this.forkedBy = snapshot.manual.length;
      void this.show(update.run, snapshot.manual.length === 0 ? null : snapshot.forkedAt).then(() => {
        const view = this.view;
        if (view === null) return;
        if (viewport !== null) view.viewport.show(viewport.start, viewport.start + viewport.span);
        view.setCursor(snapshot.now, false, false);
      });
    } else if (moveCursor) {
      this.view?.setCursor(snapshot.now, true, false);
    }
    this.playPanel.update(snapshot, update.note);
  }

  /**
   * A message's payload (and the timers its delivery changed) comes from the run itself: the play
   * worker re-runs the sending event. Without one, say where to get it rather than show nothing.
   */
  private inspectMessage(query: MessageQuery): Promise<RunInspection | string> {
    if (this.player === null) return Promise.resolve("This static report has no simulator to re-run the send: open the scenario in the editor's playground to read the payload.");
    if (!this.player.isOpen) return Promise.resolve('Run the scenario from its file (Run CodeLens) to read the payload: it is found by re-running the send.');
    return this.player.inspect(query);
  }

  /** `source`: the file the line is in (default: the shown run's). */
  private revealLine(line: number, source = this.shownSource): void {
    if (this.host.inEditor) {
      this.host.post({ type: 'reveal-line', line, ...(source === undefined ? {} : { documentUri: source.documentUri }) });
    } else {
      // No editor to reveal it in: show the report's copy of the line, and name it where the reader looks.
      this.sourcePanel?.showLine(line);
      this.status.textContent = `→ scenario line ${line}`;
    }
  }
}

/**
 * The page's simulator: the worker its first lines started from the inline script (html.ts), else
 * the worker script's URI; none in the standalone report. An inline worker that failed to start
 * leaves a controller whose runs fail saying so.
 */
function runControllerFor(boot: Boot): RunController | null {
  if (boot.workerInline === true) {
    const started = (window as unknown as { faultlineWorkerBoot?: { url: string; worker: Worker } | { error: string } }).faultlineWorkerBoot;
    if (started !== undefined && 'worker' in started) return new RunController({ started });
    return new RunController({ error: started !== undefined && 'error' in started ? started.error : 'its start script did not run' });
  }
  return boot.workerUri === null ? null : new RunController({ uri: boot.workerUri });
}

/** Runs `then` once, in a task after the next frame has been rendered. */
function afterNextFrame(then: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    document.removeEventListener('visibilitychange', whenHidden);
    then();
  };
  // A hidden panel (VS Code tab in the background) gets no frames: do not wait for one.
  const whenHidden = () => {
    if (document.visibilityState === 'hidden') once();
  };
  document.addEventListener('visibilitychange', whenHidden);
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      once();
    };
    channel.port2.postMessage(null);
  });
  if (document.visibilityState === 'hidden') setTimeout(once, 0);
}

function start(): void {
  const root = document.getElementById('app');
  if (root === null) return;
  const host = connectToHost();
  window.addEventListener('error', (event) => host.post({ type: 'log', level: 'error', message: String(event.message) }));
  let boot: Boot = { mode: host.inEditor ? 'vscode' : 'standalone', workerUri: null };
  try {
    const parsed = readJson('faultline-boot') as Partial<Boot> | undefined;
    if (parsed !== undefined) boot = { mode: parsed.mode === 'vscode' ? 'vscode' : 'standalone', workerUri: typeof parsed.workerUri === 'string' ? parsed.workerUri : null, workerInline: parsed.workerInline === true, run: parsed.run, warmUp: parsed.warmUp !== false };
  } catch {
    // A broken boot block leaves the defaults: no worker.
  }
  let source: EmbeddedSource | undefined;
  try {
    source = readEmbeddedSource(readJson('faultline-source'));
  } catch {
    // A broken source block leaves the report without its source panel, nothing worse.
  }
  const playground = new Playground(root, boot, host, source);
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isHostToWebviewMessage(event.data)) playground.handle(event.data);
  });
  void readEmbeddedReport()
    .then((embedded) => {
      if (embedded !== undefined) return playground.show(embedded);
    })
    .catch((error: unknown) => {
      root.append(el('p', { class: 'fl-banner fl-banner-failed', text: `This report's data cannot be read: ${error instanceof Error ? error.message : String(error)}` }));
    });
  // The run the panel was created for starts now, not after a round trip through the host. Only
  // on the page's first load: a page VS Code reloads (a hidden tab coming back) has saved state,
  // and the host replays what is current instead of this HTML's first run.
  const state = host.getState();
  const firstRun = boot.run;
  if (state === null && isHostToWebviewMessage(firstRun) && firstRun.type === 'run-scenario') {
    host.post({ type: 'ready', state, startedRun: true });
    playground.handle(firstRun);
    return;
  }
  host.post({ type: 'ready', state });
}

/** The run a standalone report carries: plain JSON, or for large runs packed (packed-run.ts), gzip-compressed, base64. */
async function readEmbeddedReport(): Promise<Report | PackedRun | undefined> {
  performance.mark('faultline:parse-start');
  const packed = document.getElementById('faultline-run')?.textContent;
  let run: Report | PackedRun | undefined;
  if (packed !== undefined && packed !== null) {
    const compressed = fromBase64(packed.trim());
    const bytes = new Uint8Array(await new Response(new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
    run = decodeRun(bytes);
  } else {
    run = readJson('faultline-report') as Report | undefined;
  }
  performance.measure('faultline:read report', 'faultline:parse-start');
  return run;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  // Native where the browser has it (Chromium 140+), several times faster than atob and a loop.
  const native = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> }).fromBase64;
  if (native !== undefined) return native.call(Uint8Array, text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

start();
