// One run on screen: controls, the time-space diagram, inspector, verdicts, CAP/PACELC card and
// charts, all following one cursor time. Built from a Report; thrown away when the next run
// arrives.

import { formatMicros } from '../core/sim/format-micros.ts';
import { TRACE_TRIMMED } from '../core/sim/trace-log.ts';
import type { Report } from '../core/types/report.ts';
import { legendItems } from './model/legend.ts';
import { observedBehaviour } from './model/observed-behaviour.ts';
import { buildQuorumStrip, type QuorumSegment } from './model/quorum-strip.ts';
import type { PackedRun } from './model/packed-run.ts';
import { buildRunModel, type RunModel } from './model/run-model.ts';
import { findingsOf, type Finding } from './model/verdict-list.ts';
import { DiagramRenderer, type Ghost, type Target } from './render/diagram.ts';
import { readPalette, type Palette } from './render/theme.ts';
import { Viewport } from './render/viewport.ts';
import { Charts } from './ui/charts.ts';
import { classificationCard } from './ui/classification-card.ts';
import { describeTarget, DetailsLine } from './ui/details.ts';
import { el } from './ui/dom.ts';
import { Inspector } from './ui/inspector.ts';
import { MessageInspector } from './ui/message-inspector.ts';
import type { MessageQuery, RunInspection } from '../core/debug/message-inspection.ts';
import { MessageFilterBar } from './ui/message-filter-bar.ts';
import { messageMask, SHOW_ALL_MESSAGES, type MessageFilter } from './model/message-filter.ts';
import { VerdictsPanel, type VerdictActions } from './ui/verdicts.ts';

export type RunViewHost = {
  revealLine(line: number): void;
  /** The person moved the cursor (scrubber, click, keys, playback): time travel follows it. */
  cursorMoved?(t: number): void;
  /** A node's lane name was clicked (the time-travel panel offers its crash / restart / pause). */
  laneClicked?(node: string): void;
  /** One node's lane name was dragged onto another's: cut that link (both ways, or one way with Shift). */
  linkDragged?(from: string, to: string, oneWay: boolean): void;
  /** A message's payload and the timers its delivery changed, from the run itself (a string: why not here). */
  inspectMessage?(query: MessageQuery): Promise<RunInspection | string>;
};

/** A verdicts panel already on screen (shown from the worker's early `verdicts`) and the findings it shows. */
export type ShownVerdicts = { panel: VerdictsPanel; findings: readonly Finding[] };

/** Simulated microseconds per wall-clock millisecond of playback. */
const SPEEDS: Array<[label: string, usPerMs: number]> = [
  ['0.01×', 10],
  ['0.1×', 100],
  ['1×', 1000],
  ['10×', 10_000],
];

export class RunView {
  readonly element = el('div', { class: 'fl-run' });
  readonly model: RunModel;
  readonly quorum: QuorumSegment[];
  readonly viewport: Viewport;
  readonly renderer: DiagramRenderer;
  readonly findings: Finding[];
  cursor = 0;
  /** What the diagram's message filters hide (none at first). */
  messageFilter: MessageFilter = SHOW_ALL_MESSAGES;
  highlightedOps = new Set<number>();
  highlightedLine: number | null = null;
  private hovered: Target | null = null;
  private selected: Target | null = null;
  private palette: Palette;
  private frameRequested = false;
  private playing = false;
  private lastTick = 0;
  private speed = 1000;
  /** Distinct event times, for stepping; computed on the first step. */
  private eventTimesCache: Float64Array | null = null;
  private readonly canvas = el('canvas', { class: 'fl-diagram', role: 'img', 'aria-label': 'Time-space diagram' });
  private readonly diagramBox = el('div', { class: 'fl-diagram-box', tabindex: 0, 'aria-label': 'Time-space diagram. Arrow keys step through events, Shift+arrows pan, plus and minus zoom, 0 fits, space plays.' });
  private readonly scrubber = el('input', { type: 'range', class: 'fl-scrubber', min: 0, step: 'any', 'aria-label': 'Cursor time' });
  private readonly timeLabel = el('output', { class: 'fl-time' });
  private readonly playButton = el('button', { type: 'button', class: 'fl-button', text: 'Play', 'aria-pressed': 'false' });
  // The panels beside and below the diagram: built by completePanels() once the diagram is on
  // screen, so the first frame waits only for what it draws.
  private inspector: Inspector | null = null;
  private verdicts: VerdictsPanel | null = null;
  private charts: Charts | null = null;
  private readonly left = el('div', { class: 'fl-left' });
  private readonly side = el('aside', { class: 'fl-side' });
  private readonly details: DetailsLine;
  /** The clicked message, opened: payload, cause, effects. */
  private readonly messageInspector: MessageInspector;
  private readonly resizeObserver: ResizeObserver;
  private disposed = false;
  private drawnWidth = -1;
  /** Frame times of the last draws (ms), for the benchmark and tests; bounded. */
  readonly frameTimes: number[] = [];

  /** The run as written, greyed behind this fork of it (null when the run is not a fork). */
  readonly ghost: Ghost | null;

  /**
   * `ghost`: the run as written, drawn greyed from the fork point on (a run forked by hand).
   * `shown`: this run's verdicts panel, already on screen: kept (the same elements, no redraw of
   * a list being read) when it shows exactly the findings this report gives, else built anew.
   */
  constructor(run: Report | PackedRun, private readonly host: RunViewHost, ghost: Ghost | null = null, shown: ShownVerdicts | null = null) {
    this.model = buildRunModel(run);
    const report = this.model.report;
    this.quorum = buildQuorumStrip(this.model);
    this.viewport = new Viewport(this.model.endUs);
    this.renderer = new DiagramRenderer(this.canvas, this.model, this.quorum, this.viewport);
    this.renderer.setGhost(ghost);
    this.ghost = this.renderer.ghostShown;
    this.findings = findingsOf(report);
    this.palette = readPalette(document.body);
    this.details = new DetailsLine((line) => host.revealLine(line), 'Point at an arrow, an operation or a marker for details; click to keep them.');
    this.scrubber.max = String(this.model.endUs);

    this.element.append(this.buildSummary(report), this.buildControls());
    this.diagramBox.append(this.canvas);
    const filters = new MessageFilterBar(this.model, (filter) => this.setMessageFilter(filter));
    this.messageInspector = new MessageInspector(this.model, {
      selectMessage: (msg, at) => this.selectMessage(msg, at),
      revealLine: (line) => host.revealLine(line),
      inspectInRun: (query) => host.inspectMessage?.(query) ?? Promise.resolve('The payload cannot be read here.'),
    });
    this.left.append(filters.element, this.diagramBox, this.details.element, this.messageInspector.element, buildLegend(this.model, this.ghost));
    this.element.append(el('div', { class: 'fl-main' }, [this.left, this.side]));
    this.wireDiagram();
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(this.diagramBox);
    if (shown !== null && JSON.stringify(shown.findings) === JSON.stringify(this.findings)) {
      this.verdicts = shown.panel;
      this.verdicts.rebind(this.verdictActions());
      this.side.append(this.verdicts.element);
    }
  }

  private verdictActions(): VerdictActions {
    return { select: (finding) => this.selectFinding(finding), revealLine: (line) => this.host.revealLine(line) };
  }

  /** Call once the element is in the document (sizes are known then). */
  mount(): void {
    this.setCursor(0, true, false);
    // Draws now, which also answers the frame setCursor asked for (one first draw, not two).
    this.resize();
  }

  /** Builds the verdicts, inspector, CAP/PACELC card and charts (after the first frame). */
  completePanels(): void {
    if (this.disposed || this.charts !== null) return;
    const report = this.model.report;
    this.inspector = new Inspector(this.model);
    const verdicts = this.verdicts ?? new VerdictsPanel(this.findings, this.verdictActions());
    this.verdicts = verdicts;
    this.charts = new Charts(this.model);
    this.left.append(this.charts.element);
    // The node-state table first: it follows the cursor, so it belongs beside the diagram, not
    // below a long verdict list. A verdicts panel shown early is already in the column: the table
    // goes before it, which leaves it where it is (moving it would take the focus off its items).
    if (verdicts.element.parentNode === this.side) this.side.insertBefore(this.inspector.element, verdicts.element);
    else this.side.append(this.inspector.element, verdicts.element);
    this.side.append(classificationCard(report, observedBehaviour(report, this.model.ops, this.model.partitions)));
    this.verdicts.highlightLine(this.highlightedLine);
    this.inspector.update(this.cursor);
    this.charts.draw(this.palette, this.cursor);
  }

  dispose(): void {
    this.disposed = true;
    this.playing = false;
    this.resizeObserver.disconnect();
    this.element.remove();
  }

  refreshTheme(): void {
    this.palette = readPalette(document.body);
    this.charts?.draw(this.palette, this.cursor);
    this.requestDraw();
  }

  setMessageFilter(filter: MessageFilter): void {
    this.messageFilter = filter;
    this.renderer.setMessageMask(messageMask(this.model.messages, this.model.lanes, filter));
    // A hidden arrow stays neither hovered nor selected.
    if (this.hovered?.kind === 'message') this.hovered = null;
    if (this.selected?.kind === 'message') {
      this.selected = null;
      this.messageInspector.show(null);
    }
    this.requestDraw();
  }

  setHighlightedLine(line: number | null): void {
    this.highlightedLine = line;
    this.verdicts?.highlightLine(line);
    this.requestDraw();
  }

  /** Moves the cursor; `notify` false when time travel itself put it there (no echo back). */
  setCursor(t: number, follow = true, notify = true): void {
    this.cursor = Math.max(0, Math.min(this.model.endUs, t));
    if (notify) this.host.cursorMoved?.(this.cursor);
    this.scrubber.value = String(this.cursor);
    this.timeLabel.textContent = formatMicros(Math.round(this.cursor));
    if (follow) this.viewport.follow(this.cursor);
    this.inspector?.update(this.cursor);
    this.requestDraw();
  }

  /** Puts a panel at the top of the side column, beside the diagram (the time-travel panel). */
  addSidePanel(panel: HTMLElement): void {
    this.side.prepend(panel);
  }

  selectFinding(finding: Finding): void {
    this.highlightedOps = new Set(finding.operations.map((index) => this.model.opOfHistoryIndex.get(index)).filter((i): i is number => i !== undefined));
    const ops = [...this.highlightedOps].map((i) => this.model.ops[i]!);
    // Loops, not Math.min(...): a finding may name more operations than a call takes arguments.
    let start = Infinity;
    let end = -Infinity;
    for (const op of ops) {
      start = Math.min(start, op.start);
      end = Math.max(end, op.end);
    }
    if (ops.length > 0) {
      this.viewport.show(start, end);
    } else if (finding.at !== undefined) {
      this.viewport.show(finding.at - this.viewport.span * 0.05, finding.at + this.viewport.span * 0.05);
    }
    const at = finding.at ?? (ops.length > 0 ? start : this.cursor);
    this.setCursor(at);
    this.details.show({ text: `${finding.title}: ${finding.summary}`, ...(finding.line === undefined ? {} : { line: finding.line }) });
  }

  /** Draws now (synchronously) and returns how long it took; the benchmark calls this. */
  drawNow(): number {
    this.frameRequested = false;
    this.renderer.draw({ cursor: this.cursor, palette: this.palette, highlightedOps: this.highlightedOps, highlightedLine: this.highlightedLine, hovered: this.hovered, selected: this.selected });
    const ms = this.renderer.lastFrame.drawMs;
    this.frameTimes.push(ms);
    if (this.frameTimes.length > 2000) this.frameTimes.splice(0, 1000);
    return ms;
  }

  requestDraw(): void {
    if (this.frameRequested || this.disposed) return;
    this.frameRequested = true;
    requestAnimationFrame(() => {
      // drawNow() since the request already drew this state.
      if (!this.disposed && this.frameRequested) this.drawNow();
    });
  }

  zoom(factor: number, anchor = this.cursor): void {
    this.viewport.zoom(factor, anchor);
    this.requestDraw();
  }

  pan(pixels: number): void {
    this.viewport.panPixels(pixels);
    this.requestDraw();
  }

  private resize(): void {
    if (this.disposed) return;
    // The observer's first report repeats the size mount() already drew at: nothing to redo.
    const width = this.diagramBox.clientWidth;
    if (width === this.drawnWidth) return;
    this.drawnWidth = width;
    this.renderer.resize(width);
    this.charts?.draw(this.palette, this.cursor);
    this.drawNow();
  }

  private buildSummary(report: Report): HTMLElement {
    const s = report.stats;
    const m = s.messages;
    const failed = report.expectations.filter((e) => e.holds === false).length;
    const checkerFailed = this.findings.filter((f) => f.source === 'checker' && f.holds === false).length;
    const problems = [
      failed > 0 ? `${failed} expectation${failed === 1 ? '' : 's'} broken` : null,
      checkerFailed > 0 ? `${checkerFailed} checker verdict${checkerFailed === 1 ? '' : 's'} broken` : null,
    ].filter((p): p is string => p !== null);
    // Past its cap the trace keeps no messages (core/sim/trace-log.ts): say from when the diagram has none.
    const trimmed = this.model.markers.find((marker) => marker.kind === 'note' && marker.text.startsWith(TRACE_TRIMMED));
    const trimmedText = trimmed === undefined ? '' : ` · messages drawn up to ${formatMicros(trimmed.t)} (the trace's cap); faults, states and verdicts cover the whole run`;
    const text = `${formatMicros(s.simulatedUs)} simulated · ${thousands(s.events)} events · ${thousands(m.sent)} messages (${thousands(m.dropped)} dropped, ${thousands(m.duplicated)} duplicated) · ${thousands(report.history.length)} history events${s.wallMs > 0 ? ` · ran in ${formatMicros(Math.round(s.wallMs) * 1000)}` : ''}${s.stoppedBy === 'event-budget' ? ' · STOPPED: event budget spent' : s.stoppedBy === 'memory-budget' ? ' · STOPPED: memory budget spent (the report is partial)' : ''}${trimmedText}`;
    return el('header', { class: 'fl-summary' }, [
      el('h1', {}, [el('span', { class: 'fl-scenario-name', text: report.scenario }), el('span', { class: 'fl-seed', text: ` · seed ${report.seed} · ${report.config.protocol.name}` })]),
      el('p', { class: 'fl-stats', text }),
      problems.length > 0 ? el('p', { class: 'fl-banner fl-banner-failed', text: `${problems.join(' · ')} — see Verdicts.` }) : null,
    ]);
  }

  private buildControls(): HTMLElement {
    const button = (text: string, label: string, action: () => void) => {
      const b = el('button', { type: 'button', class: 'fl-button', text, title: label, 'aria-label': label });
      b.addEventListener('click', action);
      return b;
    };
    const speed = el('select', { class: 'fl-select', 'aria-label': 'Playback speed' });
    for (const [label, usPerMs] of SPEEDS) speed.append(el('option', { value: usPerMs, text: label, selected: usPerMs === this.speed }));
    speed.addEventListener('change', () => (this.speed = Number(speed.value)));
    this.playButton.addEventListener('click', () => this.togglePlay());
    this.scrubber.addEventListener('input', () => this.setCursor(Number(this.scrubber.value)));
    return el('div', { class: 'fl-controls', role: 'toolbar', 'aria-label': 'Playback and zoom' }, [
      button('‹ Step', 'Step to the previous event', () => this.step(-1)),
      this.playButton,
      button('Step ›', 'Step to the next event', () => this.step(1)),
      speed,
      this.scrubber,
      this.timeLabel,
      button('−', 'Zoom out', () => this.zoom(1.6)),
      button('+', 'Zoom in', () => this.zoom(1 / 1.6)),
      button('Fit', 'Show the whole run', () => {
        this.viewport.fit();
        this.requestDraw();
      }),
    ]);
  }

  /** Stops playback (a step or jump by hand pauses at the cursor). */
  stopPlayback(): void {
    if (this.playing) this.togglePlay();
  }

  private togglePlay(): void {
    this.playing = !this.playing;
    this.playButton.textContent = this.playing ? 'Pause' : 'Play';
    this.playButton.setAttribute('aria-pressed', String(this.playing));
    if (!this.playing) return;
    if (this.cursor >= this.model.endUs) this.setCursor(0);
    this.lastTick = performance.now();
    const tick = (now: number) => {
      if (!this.playing || this.disposed) return;
      const elapsed = Math.min(100, now - this.lastTick);
      this.lastTick = now;
      this.setCursor(this.cursor + elapsed * this.speed);
      if (this.cursor >= this.model.endUs) this.togglePlay();
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  /** Move the cursor to the next (or previous) moment something happened. */
  step(direction: 1 | -1): void {
    const times = (this.eventTimesCache ??= uniqueSortedTimes(this.model.trace.t));
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! <= this.cursor) lo = mid + 1;
      else hi = mid;
    }
    // lo: first time after the cursor; the one at or before it is lo - 1.
    const index = direction === 1 ? lo : lo - 1 - (lo - 1 >= 0 && times[lo - 1] === this.cursor ? 1 : 0);
    if (index >= 0 && index < times.length) this.setCursor(times[index]!);
  }

  /** The node whose lane holds height y in the lane-name column (x left of the time axis), or null. */
  private nodeLaneAt(x: number, y: number): string | null {
    if (x >= this.viewport.left) return null;
    const lane = this.renderer.layout.lanes.findIndex((box) => y >= box.top && y < box.top + box.height);
    const found = this.model.lanes[lane];
    return found?.kind === 'node' ? found.name : null;
  }

  private wireDiagram(): void {
    const box = this.diagramBox;
    let drag: { x: number; moved: boolean } | null = null;
    // Dragging from a lane's name cuts a link instead of panning (released on another lane's name).
    let laneDrag: { from: string } | null = null;
    const point = (event: MouseEvent) => {
      const rect = this.canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    };
    const hint = el('div', { class: 'fl-lane-drag-hint', role: 'status' });
    box.append(hint);
    const showHint = (text: string, event?: MouseEvent) => {
      hint.textContent = text;
      hint.hidden = text === '';
      if (event !== undefined) {
        const rect = box.getBoundingClientRect();
        hint.style.left = `${event.clientX - rect.left + 12}px`;
        hint.style.top = `${event.clientY - rect.top + 12}px`;
      }
    };
    showHint('');
    box.addEventListener('wheel', (event) => {
      event.preventDefault();
      const { x } = point(event);
      if (event.shiftKey || Math.abs(event.deltaX) > Math.abs(event.deltaY)) this.pan(-(event.deltaX || event.deltaY));
      else this.zoom(Math.pow(1.0015, event.deltaY), this.viewport.time(x));
    }, { passive: false });
    box.addEventListener('mousedown', (event) => {
      if (event.button !== 0) return;
      box.focus();
      const { x, y } = point(event);
      const from = this.host.linkDragged === undefined ? null : this.nodeLaneAt(x, y);
      if (from !== null) {
        laneDrag = { from };
        return;
      }
      drag = { x: event.clientX, moved: false };
    });
    window.addEventListener('mousemove', (event) => {
      if (laneDrag !== null) {
        const { x, y } = point(event);
        const to = this.nodeLaneAt(x, y);
        const arrow = event.shiftKey ? '→' : '↔';
        showHint(to === null || to === laneDrag.from ? `cut ${laneDrag.from} ${arrow} … (release on another lane's name)` : `cut ${laneDrag.from} ${arrow} ${to}`, event);
        return;
      }
      if (drag !== null && (event.buttons & 1) === 1) {
        const dx = event.clientX - drag.x;
        if (Math.abs(dx) > 2 || drag.moved) {
          drag.moved = true;
          drag.x = event.clientX;
          this.pan(dx);
        }
        return;
      }
      if (event.target !== this.canvas) return;
      const { x, y } = point(event);
      const target = this.renderer.hitTest(x, y);
      if (!sameTarget(target, this.hovered)) {
        this.hovered = target;
        this.canvas.style.cursor = target === null ? 'crosshair' : 'pointer';
        this.details.show(target === null ? (this.selected === null ? null : describeTarget(this.model, this.quorum, this.selected)) : describeTarget(this.model, this.quorum, target));
        this.requestDraw();
      }
    });
    window.addEventListener('mouseup', (event) => {
      if (laneDrag !== null) {
        const { from } = laneDrag;
        laneDrag = null;
        showHint('');
        const { x, y } = point(event);
        const to = event.target === this.canvas ? this.nodeLaneAt(x, y) : null;
        if (to === from) this.host.laneClicked?.(from);
        else if (to !== null) this.host.linkDragged?.(from, to, event.shiftKey);
        return;
      }
      const wasDrag = drag?.moved === true;
      drag = null;
      if (wasDrag || event.target !== this.canvas) return;
      const { x, y } = point(event);
      this.click(x, y);
    });
    box.addEventListener('keydown', (event) => {
      const handled = this.key(event);
      if (handled) event.preventDefault();
    });
  }

  /**
   * Selects a message by id, as a click on its arrow would (the inspector's links): the copy sent at
   * `sendT`, or delivered at `deliverT`. The cursor goes to its send, the diagram follows.
   */
  selectMessage(msg: number, at: { sendT: number } | { deliverT: number }): boolean {
    const m = this.model.messages;
    let row = -1;
    for (let i = 0; i < m.count; i++) {
      if (m.msgId[i] !== msg) continue;
      if ('sendT' in at ? m.sendT[i] === at.sendT : m.endT[i] === at.deliverT) {
        row = i;
        break;
      }
      if (row < 0) row = i;
    }
    if (row < 0) return false;
    const target: Target = { kind: 'message', index: row };
    this.selected = target;
    this.details.show(describeTarget(this.model, this.quorum, target));
    this.messageInspector.show(row);
    this.setCursor(m.sendT[row]!, true);
    return true;
  }

  private click(x: number, y: number): void {
    const target = this.renderer.hitTest(x, y);
    this.selected = target;
    this.messageInspector.show(target?.kind === 'message' ? target.index : null);
    if (target === null) {
      if (x >= this.viewport.left) this.setCursor(this.viewport.time(x), false);
      else {
        const node = this.nodeLaneAt(x, y);
        if (node !== null) this.host.laneClicked?.(node);
      }
      this.details.show(null);
      return;
    }
    const described = describeTarget(this.model, this.quorum, target);
    this.details.show(described);
    const t = targetTime(this.model, this.quorum, target);
    this.setCursor(t, false);
    // A click on an event reveals the scenario line that caused it (faults, client declarations).
    if (described.line !== undefined) this.host.revealLine(described.line);
  }

  private key(event: KeyboardEvent): boolean {
    switch (event.key) {
      case 'ArrowRight':
        if (event.shiftKey) this.pan(-80);
        else this.step(1);
        return true;
      case 'ArrowLeft':
        if (event.shiftKey) this.pan(80);
        else this.step(-1);
        return true;
      case '+':
      case '=':
        this.zoom(1 / 1.6);
        return true;
      case '-':
      case '_':
        this.zoom(1.6);
        return true;
      case '0':
        this.viewport.fit();
        this.requestDraw();
        return true;
      case ' ':
        this.togglePlay();
        return true;
      case 'Home':
        this.setCursor(0);
        return true;
      case 'End':
        this.setCursor(this.model.endUs);
        return true;
      case 'Escape':
        this.selected = null;
        this.messageInspector.show(null);
        this.highlightedOps = new Set();
        this.details.show(null);
        this.requestDraw();
        return true;
      default:
        return false;
    }
  }
}

/** 12,345 — without Intl, whose first use costs tens of milliseconds on the first render. */
export function thousands(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function sameTarget(a: Target | null, b: Target | null): boolean {
  return a === b || (a !== null && b !== null && a.kind === b.kind && a.index === b.index);
}

function targetTime(model: RunModel, quorum: readonly QuorumSegment[], target: Target): number {
  switch (target.kind) {
    case 'message':
      return model.messages.sendT[target.index]!;
    case 'op':
      return model.ops[target.index]!.start;
    case 'marker':
      return model.markers[target.index]!.t;
    case 'quorum':
      return quorum[target.index]!.start;
  }
}

function uniqueSortedTimes(eventTimes: Float64Array): Float64Array {
  const times = eventTimes.slice();
  let sorted = true;
  for (let i = 1; i < times.length; i++) {
    if (times[i]! < times[i - 1]!) {
      sorted = false;
      break;
    }
  }
  // The trace is in time order already; sort only a hand-made one that is not.
  if (!sorted) times.sort();
  let n = 0;
  for (let i = 0; i < times.length; i++) if (n === 0 || times[i] !== times[n - 1]) times[n++] = times[i]!;
  return times.slice(0, n);
}

function buildLegend(model: RunModel, ghost: Ghost | null): HTMLElement {
  return el(
    'ul',
    { class: 'fl-legend', 'aria-label': 'Legend' },
    legendItems(model, ghost === null ? null : { fromUs: ghost.fromUs }).map(({ swatch, text }) => el('li', {}, [el('span', { class: `fl-swatch ${swatch}`, 'aria-hidden': 'true' }), text])),
  );
}
