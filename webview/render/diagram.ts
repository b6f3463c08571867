// The time-space diagram on a canvas. Each frame draws only what crosses the visible window
// (binary searches over time-sorted tables) and, when more messages are visible than can be
// told apart, switches to level-of-detail: messages are counted per (pixel column, from lane,
// to lane) and drawn as one line whose opacity grows with the count. That keeps a 100,000-message
// run inside a frame budget at any zoom.

import { formatMicros } from '../../core/sim/format-micros.ts';
import {
  FATE_DELIVERED,
  FATE_DROPPED,
  FATE_DUPLICATE_DELIVERED,
  FATE_DUPLICATE_DROPPED,
  FATE_IN_FLIGHT,
  forEachMessageInWindow,
  type MessageTable,
  firstSentAtOrAfter,
} from '../model/messages-table.ts';
import { buildMessagePyramid, levelFor, type MessagePyramid, type PyramidLevel } from '../model/message-pyramid.ts';
import type { QuorumSegment } from '../model/quorum-strip.ts';
import { describeQuorum } from '../model/quorum-words.ts';
import { authorityWords } from '../../core/explain/authority.ts';
import type { RunModel } from '../model/run-model.ts';
import { AXIS_HEIGHT, GUTTER, layoutDiagram, OP_BAR_HEIGHT, opRowTop, QUORUM_HEIGHT, type DiagramLayout } from './layout.ts';
import { LabelPlacer, type PlacedLabel } from './label-placer.ts';
import type { Palette } from './theme.ts';
import { tickStep, type Viewport } from './viewport.ts';

/** The order operations' colours are filled in (a later fill paints over an earlier one). */
const OUTCOME_ORDER: Record<'ok' | 'fail' | 'info' | 'pending', number> = { ok: 0, fail: 1, info: 2, pending: 3 };

/** Above this many visible messages, draw aggregated columns instead of single arrows. */
export const DETAIL_LIMIT = 3000;
/** Below this many, arrows get heads and messages get type labels on hover. */
const ARROWHEAD_LIMIT = 1200;
const LOD_COLUMN_PX = 3;
/** Opacity steps of aggregated arrows, by how many copies a cell holds (log scale). */
const LOD_ALPHAS = [0.08, 0.16, 0.28, 0.45, 0.7];
/** Bins per kept piece of a level's arrows: a frame places only the pieces it shows. */
const LOD_CHUNK_BINS = 32;

/**
 * A level's aggregated arrows, ready to place: chunks[k][step] holds the arrows of bins
 * [k·LOD_CHUNK_BINS, (k+1)·LOD_CHUNK_BINS) in opacity step `step` (null: none), x in µs from the
 * chunk's start and y in pixels; sentBefore[b] counts the copies sent in bins before b; drops
 * lists the cells where copies died, in bin order.
 */
type LevelGeometry = {
  chunks: Array<Array<Path2D | null>>;
  sentBefore: Float64Array;
  drops: { count: number; bin: Int32Array; pair: Int32Array; step: Uint8Array };
};

/** The first index in sorted[0..length) whose value is ≥ value. */
function lowerBound(sorted: Int32Array, length: number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type Target =
  | { kind: 'message'; index: number }
  | { kind: 'op'; index: number }
  | { kind: 'marker'; index: number }
  | { kind: 'quorum'; index: number };

/**
 * The run as it was before the person forked it (the run as written), drawn greyed from the fork
 * point on, behind the fork: what would have happened. Its lanes are the fork's (one config).
 */
export type Ghost = { model: RunModel; fromUs: number };

/** How strongly the ghost shows: faint enough that the fork reads first, above it. */
const GHOST_ALPHA = 0.3;

export type DrawState = {
  cursor: number;
  palette: Palette;
  /** Operations (indexes into model.ops) to outline: a verdict's evidence. */
  highlightedOps: ReadonlySet<number>;
  /** A scenario line whose events to outline (the editor's cursor line). */
  highlightedLine: number | null;
  hovered: Target | null;
  selected: Target | null;
};

export class DiagramRenderer {
  readonly layout: DiagramLayout;
  private readonly context: CanvasRenderingContext2D;
  /** Every text label of a frame goes through it, so no two overlap. */
  private readonly labels: LabelPlacer;
  /** Operation indexes sorted by start, their starts, and the longest completed duration. */
  private readonly opOrder: Int32Array;
  private readonly opStarts: Float64Array;
  private readonly opMaxSpan: number;
  /** One more than the highest row an operation sits in (for drawOps' numeric row keys). */
  private readonly opRowSpan: number;
  private readonly pendingOps: number[];
  /** Messages drawn in the last frame (detail or aggregated), for tests and the benchmark. */
  lastFrame = { visibleMessages: 0, aggregated: false, drawMs: 0, drawnMessages: 0 };
  private cssWidth = 1;
  /** The message filter's mask (1 = drawn) and the zoomed-out counts of what it draws; null = all. */
  private messageMask: Uint8Array | null = null;
  private pyramid: MessagePyramid;
  /** The aggregated arrows of each level of `pyramid` a frame has shown (levelGeometry). */
  private levelGeometries = new Map<PyramidLevel, LevelGeometry>();
  /** The last frame's placed aggregated arrows and drop crosses, and the view they were placed for. */
  private placedArrows: { level: PyramidLevel; start: number; span: number; left: number; width: number; paths: Path2D[]; crosses: Path2D[] } | null = null;
  private ghost: Ghost | null = null;
  /** What the last frame drew of the ghost (for tests): its messages, and whether aggregated. */
  lastGhost = { drawnMessages: 0, aggregated: false, drawn: false };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly model: RunModel,
    private readonly quorum: readonly QuorumSegment[],
    private readonly viewport: Viewport,
  ) {
    this.layout = layoutDiagram(model);
    this.pyramid = model.pyramid;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('this browser cannot draw on a canvas');
    this.context = context;
    this.labels = new LabelPlacer(context);
    const order = model.ops.map((_, i) => i).sort((a, b) => model.ops[a]!.start - model.ops[b]!.start);
    this.opOrder = Int32Array.from(order);
    this.opStarts = Float64Array.from(order.map((i) => model.ops[i]!.start));
    let maxSpan = 0;
    let rows = 1;
    this.pendingOps = [];
    for (const [i, op] of model.ops.entries()) {
      rows = Math.max(rows, op.row + 1);
      if (op.outcome === 'pending') this.pendingOps.push(i);
      else maxSpan = Math.max(maxSpan, op.end - op.start);
    }
    this.opMaxSpan = maxSpan;
    this.opRowSpan = rows;
  }

  /** The labels the last frame drew (for tests: no two may overlap). */
  get placedLabels(): readonly PlacedLabel[] {
    return this.labels.placed;
  }

  /** How many labels the last frame shortened or left out so that none overlaps another. */
  get labelsGivenWay(): { elided: number; hidden: number } {
    return { elided: this.labels.elided, hidden: this.labels.hidden };
  }

  /** Draws only the copies the mask marks 1 (message-filter.ts); null draws them all. */
  setMessageMask(mask: Uint8Array | null): void {
    this.messageMask = mask;
    this.pyramid = mask === null ? this.model.pyramid : buildMessagePyramid(this.model.messages, this.model.endUs, mask);
    this.levelGeometries = new Map();
    this.placedArrows = null;
  }

  /** The ghost the frames draw (null: none, or one refused by setGhost). */
  get ghostShown(): Ghost | null {
    return this.ghost;
  }

  /** The original run's future to draw greyed behind this one from `fromUs` (null: none). */
  setGhost(ghost: Ghost | null): void {
    // A fork has its original's lanes (one config); a ghost with others would be drawn on the
    // wrong lanes, so it is not drawn at all (the fork itself still is).
    this.ghost = ghost !== null && sameLanes(ghost.model, this.model) ? ghost : null;
  }

  /** Match the canvas to its CSS width (device pixels for sharp lines). */
  resize(cssWidth: number): void {
    const ratio = globalThis.devicePixelRatio || 1;
    this.cssWidth = Math.max(200, Math.floor(cssWidth));
    this.canvas.style.width = `${this.cssWidth}px`;
    this.canvas.style.height = `${this.layout.height}px`;
    this.canvas.width = Math.floor(this.cssWidth * ratio);
    this.canvas.height = Math.floor(this.layout.height * ratio);
    this.context.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.viewport.left = GUTTER;
    this.viewport.width = Math.max(50, this.cssWidth - GUTTER - 12);
  }

  draw(state: DrawState): void {
    const begin = performance.now();
    const c = this.context;
    const p = state.palette;
    c.save();
    c.fillStyle = p.background;
    c.fillRect(0, 0, this.cssWidth, this.layout.height);
    c.font = `11px ${p.fontFamily}`;
    c.textBaseline = 'middle';
    this.labels.reset();

    c.save();
    c.beginPath();
    c.rect(GUTTER, 0, this.viewport.width, this.layout.height);
    c.clip();
    this.drawPartitions(state);
    this.drawGrid(state);
    this.drawGhost(state);
    this.drawLanes(state);
    this.drawRoles(state);
    this.drawMessages(state);
    this.drawOps(state);
    this.drawMarkers(state);
    this.drawQuorum(state);
    this.drawCursor(state);
    c.restore();

    this.drawAxisLabels(state);
    this.drawLaneLabels(state);
    c.restore();
    this.lastFrame.drawMs = performance.now() - begin;
  }

  // ───────────── background ─────────────

  private drawPartitions(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    const top = this.layout.lanesTop;
    const bottom = this.layout.height;
    c.fillStyle = state.palette.linkWindow;
    for (const window of this.model.linkWindows) {
      if (window.end < v.start || window.start > v.end) continue;
      c.fillRect(v.x(window.start), top, Math.max(1, v.x(window.end) - v.x(window.start)), bottom - top);
    }
    for (const partition of this.model.partitions) {
      if (partition.end < v.start || partition.start > v.end) continue;
      const x0 = v.x(partition.start);
      const x1 = v.x(partition.end);
      c.fillStyle = state.palette.partition;
      c.fillRect(x0, top, Math.max(1, x1 - x0), bottom - top);
      // Name the cut where it starts, when there is room.
      if (x1 - x0 > 60) {
        c.fillStyle = state.palette.muted;
        this.labels.draw(clip(`⟂ ${partition.label}`, (x1 - x0 - 8) / 6), Math.max(x0, v.left) + 4, top + 7);
      }
    }
  }

  private drawGrid(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    const step = tickStep(v.usPerPixel);
    c.strokeStyle = state.palette.grid;
    c.lineWidth = 1;
    c.beginPath();
    for (let t = Math.ceil(v.start / step) * step; t <= v.end; t += step) {
      const x = Math.round(v.x(t)) + 0.5;
      c.moveTo(x, AXIS_HEIGHT - 4);
      c.lineTo(x, this.layout.height);
    }
    c.stroke();
  }

  private drawAxisLabels(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    const step = tickStep(v.usPerPixel);
    c.fillStyle = state.palette.muted;
    for (let t = Math.ceil(v.start / step) * step; t <= v.end; t += step) {
      const x = v.x(t);
      if (x < GUTTER + 10) continue;
      this.labels.draw(formatMicros(t), x, AXIS_HEIGHT / 2, 'center');
    }
    this.labels.draw('quorum', 8, this.layout.quorumTop + QUORUM_HEIGHT / 2);
  }

  // ───────────── lanes, outages, roles ─────────────

  private drawLanes(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    const x0 = v.left;
    const x1 = v.left + v.width;
    c.lineWidth = 1;
    for (const [lane, box] of this.layout.lanes.entries()) {
      const y = Math.round(box.center) + 0.5;
      c.strokeStyle = state.palette.lane;
      if (this.model.lanes[lane]!.kind === 'client') {
        // Client lanes: a faint band, the operations sit on it.
        c.fillStyle = state.palette.grid;
        c.fillRect(x0, box.top + 2, x1 - x0, box.height - 4);
        continue;
      }
      // A node lane is a line with gaps where the node was down (crash) or frozen (pause).
      const gaps = this.model.outages.filter((o) => o.lane === lane && o.end >= v.start && o.start <= v.end).sort((a, b) => a.start - b.start);
      c.beginPath();
      let from = x0;
      for (const gap of gaps) {
        const gx0 = Math.max(x0, v.x(gap.start));
        const gx1 = Math.min(x1, v.x(gap.end));
        if (gx0 > from) {
          c.moveTo(from, y);
          c.lineTo(gx0, y);
        }
        from = Math.max(from, gx1);
      }
      if (from < x1) {
        c.moveTo(from, y);
        c.lineTo(x1, y);
      }
      c.stroke();
      for (const gap of gaps) {
        const gx0 = v.x(gap.start);
        const gx1 = v.x(gap.end);
        c.fillStyle = state.palette.grid;
        c.fillRect(gx0, box.top + 4, Math.max(1, gx1 - gx0), box.height - 8);
        c.strokeStyle = gap.kind === 'crash' ? state.palette.fail : state.palette.info;
        c.setLineDash(gap.kind === 'crash' ? [] : [3, 3]);
        c.strokeRect(gx0 + 0.5, box.top + 4.5, Math.max(1, gx1 - gx0), box.height - 9);
        c.setLineDash([]);
        if (gx1 - gx0 > 50) {
          c.fillStyle = state.palette.muted;
          this.labels.draw(gap.kind === 'crash' ? 'crashed' : 'paused', Math.max(gx0, x0) + 4, box.center);
        }
      }
    }
  }

  private drawRoles(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    // Labelled in the protocol's words: "primary · epoch 2", "lock holder · fencing token 3".
    const words = authorityWords(this.model.report.config.protocol.name);
    for (const span of this.model.roles) {
      if (span.end < v.start || span.start > v.end) continue;
      if (span.role !== 'leader' && span.role !== 'candidate' && span.role !== 'primary') continue;
      const box = this.layout.lanes[span.lane]!;
      const x0 = v.x(span.start);
      const x1 = v.x(span.end);
      const leading = span.role !== 'candidate';
      c.fillStyle = leading ? state.palette.leader : state.palette.candidate;
      c.fillRect(x0, box.center - (leading ? 3 : 1.5), Math.max(1, x1 - x0), leading ? 6 : 3);
      const width = x1 - x0;
      // Candidates come and go quickly; label them only when there is room to read it.
      if (width > (leading ? 34 : 110)) {
        const label = !leading ? `candidate · term ${span.term ?? '?'}` : words === null ? span.role : span.term === null ? words.holder : `${words.holder} · ${words.term} ${span.term}`;
        c.fillStyle = state.palette.foreground;
        this.labels.draw(clip(label, (width - 6) / 6), Math.max(x0, v.left) + 3, box.top + 8);
      }
    }
  }

  // ───────────── messages ─────────────

  private drawMessages(state: DrawState): void {
    const v = this.viewport;
    // Estimate what is visible from two binary searches (exact enough to pick the drawing mode).
    const visible = countSentBetween(this.model.messages, v.start - this.model.messages.maxSpan, v.end);
    this.lastFrame.visibleMessages = visible;
    this.lastFrame.aggregated = visible > DETAIL_LIMIT;
    if (visible > DETAIL_LIMIT) this.drawMessagesAggregated(state);
    else this.drawMessagesInDetail(state, visible <= ARROWHEAD_LIMIT);
  }

  private drawMessagesInDetail(state: DrawState, heads: boolean): void {
    const c = this.context;
    const v = this.viewport;
    const table = this.model.messages;
    const lanes = this.layout.lanes;
    const paths: Record<'ok' | 'drop' | 'duplicate' | 'flight', Array<number>> = { ok: [], drop: [], duplicate: [], flight: [] };
    const mask = this.messageMask;
    forEachMessageInWindow(table, v.start, v.end, (i) => {
      if (mask !== null && mask[i] === 0) return;
      const fate = table.fate[i]!;
      const bucket =
        fate === FATE_DELIVERED ? 'ok' : fate === FATE_DROPPED || fate === FATE_DUPLICATE_DROPPED ? 'drop' : fate === FATE_DUPLICATE_DELIVERED ? 'duplicate' : 'flight';
      paths[bucket].push(i);
    });
    const draw = (indexes: number[], color: string, dash: number[]) => {
      if (indexes.length === 0) return;
      c.strokeStyle = color;
      c.fillStyle = color;
      c.setLineDash(dash);
      c.lineWidth = 1;
      c.beginPath();
      for (const i of indexes) {
        const [x0, y0, x1, y1] = this.messageEnds(i);
        c.moveTo(x0, y0);
        c.lineTo(x1, y1);
      }
      c.stroke();
      c.setLineDash([]);
      if (heads) {
        c.beginPath();
        for (const i of indexes) {
          if (table.fate[i] === FATE_DROPPED || table.fate[i] === FATE_DUPLICATE_DROPPED) continue;
          const [x0, y0, x1, y1] = this.messageEnds(i);
          arrowhead(c, x0, y0, x1, y1);
        }
        c.fill();
      }
    };
    // Many arrows per pixel column would paint a solid wall: fade them as the density grows.
    this.lastFrame.drawnMessages = paths.ok.length + paths.flight.length + paths.duplicate.length + paths.drop.length;
    const perColumn = (paths.ok.length + paths.flight.length) / Math.max(1, v.width);
    c.globalAlpha = Math.min(0.85, Math.max(0.12, 0.6 / Math.max(0.01, perColumn)));
    draw(paths.ok, state.palette.message, []);
    draw(paths.flight, state.palette.message, [2, 3]);
    draw(paths.duplicate, state.palette.duplicate, []);
    draw(paths.drop, state.palette.drop, [4, 2]);
    c.globalAlpha = 1;
    // Where dropped messages die: a cross at the end of their line.
    c.strokeStyle = state.palette.drop;
    c.lineWidth = 1.5;
    c.beginPath();
    for (const i of paths.drop) {
      const [, , x1, y1] = this.messageEnds(i);
      c.moveTo(x1 - 3, y1 - 3);
      c.lineTo(x1 + 3, y1 + 3);
      c.moveTo(x1 + 3, y1 - 3);
      c.lineTo(x1 - 3, y1 + 3);
    }
    c.stroke();
    void lanes;
    for (const target of [state.hovered, state.selected]) {
      if (target?.kind !== 'message') continue;
      const [x0, y0, x1, y1] = this.messageEnds(target.index);
      c.strokeStyle = state.palette.highlight;
      c.lineWidth = 2.5;
      c.beginPath();
      c.moveTo(x0, y0);
      c.lineTo(x1, y1);
      c.stroke();
      c.fillStyle = state.palette.highlight;
      c.beginPath();
      arrowhead(c, x0, y0, x1, y1);
      c.fill();
      c.lineWidth = 1;
    }
  }

  /**
   * Screen coordinates of a message copy. A copy lost at the moment it was sent (link loss) has
   * no flight; it is drawn a third of the way towards its receiver, where the cross marks it.
   */
  messageEnds(i: number, table: MessageTable = this.model.messages): [number, number, number, number] {
    const v = this.viewport;
    const lanes = this.layout.lanes;
    const x0 = v.x(table.sendT[i]!);
    const y0 = lanes[table.fromLane[i]!]!.center;
    const yTo = lanes[table.toLane[i]!]!.center;
    const fate = table.fate[i]!;
    const droppedAtSend = (fate === FATE_DROPPED || fate === FATE_DUPLICATE_DROPPED) && table.endT[i] === table.sendT[i];
    if (droppedAtSend) return [x0, y0, x0 + 8, y0 + (yTo - y0) / 3];
    return [x0, y0, v.x(table.endT[i]!), fate === FATE_IN_FLIGHT ? y0 + (yTo - y0) * 0.9 : yTo];
  }

  /**
   * Zoomed out: one slanted line per (pixel column, lane pair) from the precomputed pyramid, its
   * opacity growing with the log of how many messages it stands for; crosses where copies died.
   */
  private drawMessagesAggregated(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    const level = levelFor(this.pyramid, v.usPerPixel * LOD_COLUMN_PX);
    if (level === null) {
      this.drawMessagesInDetail(state, false);
      return;
    }
    const geometry = this.levelGeometry(level);
    const firstBin = Math.max(0, Math.floor(v.start / level.binUs));
    const lastBin = Math.min(level.bins - 1, Math.floor(v.end / level.binUs));
    this.lastFrame.drawnMessages = lastBin < firstBin ? 0 : geometry.sentBefore[lastBin + 1]! - geometry.sentBefore[firstBin]!;
    // The visible chunks' arrows, each moved into place by one matrix (time → pixels), go into one
    // path per opacity step; each path is stroked once. No per-arrow work in a frame, and none at
    // all in a frame whose view has not moved (hover, the cursor, playback): the paths are kept.
    const placed = this.placedArrows;
    let combined: Path2D[];
    let crosses: Path2D[];
    if (placed !== null && placed.level === level && placed.start === v.start && placed.span === v.span && placed.left === v.left && placed.width === v.width) {
      combined = placed.paths;
      crosses = placed.crosses;
    } else {
      combined = LOD_ALPHAS.map(() => new Path2D());
      const scaleX = 1 / v.usPerPixel;
      const lastChunk = Math.floor(lastBin / LOD_CHUNK_BINS);
      for (let chunk = Math.floor(firstBin / LOD_CHUNK_BINS); chunk <= lastChunk; chunk++) {
        const steps = geometry.chunks[chunk];
        if (steps === undefined) continue;
        const place = new DOMMatrix([scaleX, 0, 0, 1, v.x(chunk * LOD_CHUNK_BINS * level.binUs), 0]);
        for (let step = 0; step < steps.length; step++) {
          const path = steps[step];
          if (path !== null && path !== undefined) combined[step]!.addPath(path, place);
        }
      }
      crosses = this.dropCrosses(level, geometry.drops, firstBin, lastBin);
      this.placedArrows = { level, start: v.start, span: v.span, left: v.left, width: v.width, paths: combined, crosses };
    }
    c.strokeStyle = state.palette.message;
    c.lineWidth = 1;
    combined.forEach((path, step) => {
      c.globalAlpha = LOD_ALPHAS[step]!;
      c.stroke(path);
    });
    c.strokeStyle = state.palette.drop;
    crosses.forEach((path, step) => {
      c.globalAlpha = LOD_ALPHAS[step]!;
      c.stroke(path);
    });
    c.globalAlpha = 1;
  }

  /** Drops: an ✕ of fixed size where copies died in bins [firstBin, lastBin], one path per opacity step. */
  private dropCrosses(level: PyramidLevel, drops: LevelGeometry['drops'], firstBin: number, lastBin: number): Path2D[] {
    const v = this.viewport;
    const lanes = this.layout.lanes;
    const paths = LOD_ALPHAS.map(() => new Path2D());
    for (let k = lowerBound(drops.bin, drops.count, firstBin); k < drops.count && drops.bin[k]! <= lastBin; k++) {
      const [from, to] = this.pyramid.pairs[drops.pair[k]!]!;
      const x = v.x((drops.bin[k]! + 0.5) * level.binUs);
      const y0 = lanes[from]!.center;
      const y = y0 + (lanes[to]!.center - y0) * 0.6;
      const path = paths[drops.step[k]!]!;
      path.moveTo(x - 2, y - 2);
      path.lineTo(x + 2, y + 2);
      path.moveTo(x + 2, y - 2);
      path.lineTo(x - 2, y + 2);
    }
    return paths;
  }

  /**
   * A level's aggregated arrows, made the first time a frame shows that level and kept (a frame
   * then only places them). Opacity steps are relative to the level's busiest cell, not the
   * visible part's, so a column keeps its shade while the view pans over it.
   */
  private levelGeometry(level: PyramidLevel): LevelGeometry {
    const cached = this.levelGeometries.get(level);
    if (cached !== undefined) return cached;
    const pyramid = this.pyramid;
    const pairCount = Math.max(1, pyramid.pairs.length);
    const sent = level.sent;
    const dropped = level.dropped;
    let busiest = 1;
    for (let cell = 0; cell < sent.length; cell++) if (sent[cell]! > busiest) busiest = sent[cell]!;
    const steps = LOD_ALPHAS.length;
    const scale = (steps - 1) / Math.max(1, Math.log2(busiest + 1));
    const stepOf = (count: number) => Math.min(steps - 1, Math.floor(Math.log2(count + 1) * scale));
    const lanes = this.layout.lanes;
    const flightUs = pyramid.meanFlightUs;
    const sentBefore = new Float64Array(level.bins + 1);
    const chunks: Array<Array<Path2D | null>> = [];
    let dropCells = 0;
    for (let cell = 0; cell < dropped.length; cell++) if (dropped[cell]! > 0) dropCells++;
    const drops = { count: dropCells, bin: new Int32Array(dropCells), pair: new Int32Array(dropCells), step: new Uint8Array(dropCells) };
    let d = 0;
    for (let bin = 0; bin < level.bins; bin++) {
      const chunk = Math.floor(bin / LOD_CHUNK_BINS);
      const paths = (chunks[chunk] ??= Array.from({ length: steps }, () => null));
      // x in µs from the chunk's start: small numbers, exact in the path's single-precision floats.
      const x = (bin - chunk * LOD_CHUNK_BINS + 0.5) * level.binUs;
      const row = bin * pairCount;
      let total = 0;
      for (let pair = 0; pair < pairCount; pair++) {
        const drop = dropped[row + pair]!;
        if (drop > 0) {
          drops.bin[d] = bin;
          drops.pair[d] = pair;
          drops.step[d++] = stepOf(drop);
        }
        const count = sent[row + pair]!;
        if (count === 0) continue;
        total += count;
        const [from, to] = pyramid.pairs[pair]!;
        const path = (paths[stepOf(count)] ??= new Path2D());
        path.moveTo(x, lanes[from]!.center);
        path.lineTo(x + flightUs, lanes[to]!.center);
      }
      sentBefore[bin + 1] = sentBefore[bin]! + total;
    }
    const geometry = { chunks, sentBefore, drops };
    this.levelGeometries.set(level, geometry);
    return geometry;
  }

  /**
   * Makes the zoomed-out levels' arrows ahead of the frames that will need them, one level per
   * task (each takes a few milliseconds on a 100,000-message run): a wheel turn that crosses into
   * a new level then does not pay for it in its frame. Stops when the view is gone.
   */
  prepareZoomedOutLevels(alive: () => boolean): void {
    // A run that is never drawn aggregated needs none.
    if (this.model.messages.count <= DETAIL_LIMIT) return;
    const levels = [...this.pyramid.levels].reverse();
    const pyramid = this.pyramid;
    const next = () => {
      const level = levels.shift();
      if (level === undefined || !alive() || pyramid !== this.pyramid) return;
      this.levelGeometry(level);
      setTimeout(next, 0);
    };
    setTimeout(next, 0);
  }

  // ───────────── the ghost: the original run's future, greyed ─────────────

  /**
   * The run as written, from the fork point on, in the muted colour at low alpha, under everything
   * the fork draws: its leader (or primary) bars, its crashed and paused spans, its messages. Only
   * what crosses the view is looked at, with the same window search and the same level of detail
   * as the fork's messages, so a ghost costs about what its visible part costs.
   */
  private drawGhost(state: DrawState): void {
    const ghost = this.ghost;
    this.lastGhost = { drawnMessages: 0, aggregated: false, drawn: false };
    if (ghost === null) return;
    const c = this.context;
    const v = this.viewport;
    const right = v.left + v.width;
    const forkX = v.x(ghost.fromUs);
    if (forkX > right) return;
    const from = Math.max(v.start, ghost.fromUs);
    const x0 = Math.max(v.left, forkX);
    const top = this.layout.lanesTop;
    c.save();
    c.beginPath();
    c.rect(x0, top, right - x0, this.layout.height - top);
    c.clip();
    const muted = state.palette.muted;
    c.globalAlpha = GHOST_ALPHA;
    c.fillStyle = muted;
    for (const span of ghost.model.roles) {
      if (span.end < from || span.start > v.end) continue;
      if (span.role !== 'leader' && span.role !== 'candidate' && span.role !== 'primary') continue;
      const box = this.layout.lanes[span.lane]!;
      const leading = span.role !== 'candidate';
      const sx = v.x(Math.max(span.start, ghost.fromUs));
      c.fillRect(sx, box.center - (leading ? 3 : 1.5), Math.max(1, v.x(span.end) - sx), leading ? 6 : 3);
    }
    c.strokeStyle = muted;
    for (const outage of ghost.model.outages) {
      if (outage.end < from || outage.start > v.end) continue;
      const box = this.layout.lanes[outage.lane]!;
      const gx0 = v.x(Math.max(outage.start, ghost.fromUs));
      c.setLineDash(outage.kind === 'crash' ? [] : [3, 3]);
      c.strokeRect(gx0 + 0.5, box.top + 4.5, Math.max(1, v.x(outage.end) - gx0), box.height - 9);
    }
    c.setLineDash([]);
    const table = ghost.model.messages;
    const visible = firstSentAtOrAfter(table, v.end + 1e-9) - firstSentAtOrAfter(table, from - table.maxSpan);
    if (visible > DETAIL_LIMIT) this.drawGhostAggregated(ghost, muted);
    else {
      c.lineWidth = 1;
      c.beginPath();
      let drawn = 0;
      forEachMessageInWindow(table, v.start, v.end, (i) => {
        if (table.sendT[i]! < ghost.fromUs) return;
        const [mx0, my0, mx1, my1] = this.messageEnds(i, table);
        c.moveTo(mx0, my0);
        c.lineTo(mx1, my1);
        drawn++;
      });
      const perColumn = drawn / Math.max(1, v.width);
      c.globalAlpha = Math.min(GHOST_ALPHA, Math.max(0.06, 0.25 / Math.max(0.01, perColumn)));
      c.stroke();
      this.lastGhost.drawnMessages = drawn;
    }
    c.restore();
    // Where the runs part: a dashed line across the lanes, named.
    if (forkX >= v.left) {
      c.save();
      c.strokeStyle = state.palette.info;
      c.setLineDash([4, 3]);
      c.lineWidth = 1.5;
      c.beginPath();
      c.moveTo(Math.round(forkX) + 0.5, top);
      c.lineTo(Math.round(forkX) + 0.5, this.layout.height);
      c.stroke();
      c.restore();
      c.fillStyle = state.palette.info;
      this.labels.draw('fork', forkX + 3, top + 7);
    }
    this.lastGhost.drawn = true;
  }

  /** The ghost's messages zoomed out: its own pyramid's columns from the fork's bin on. */
  private drawGhostAggregated(ghost: Ghost, color: string): void {
    const c = this.context;
    const v = this.viewport;
    const pyramid = ghost.model.pyramid;
    const level = levelFor(pyramid, v.usPerPixel * LOD_COLUMN_PX);
    this.lastGhost.aggregated = true;
    if (level === null) return;
    const pairCount = Math.max(1, pyramid.pairs.length);
    // The bin holding the fork also holds the runs' shared past: start at the next one.
    const firstBin = Math.max(0, Math.floor(v.start / level.binUs), Math.ceil(ghost.fromUs / level.binUs));
    const lastBin = Math.min(level.bins - 1, Math.floor(v.end / level.binUs));
    const sent = level.sent;
    let busiest = 1;
    for (let cell = firstBin * pairCount; cell < (lastBin + 1) * pairCount; cell++) busiest = Math.max(busiest, sent[cell]!);
    const levels = [0.04, 0.08, 0.14, 0.22, GHOST_ALPHA];
    const scale = (levels.length - 1) / Math.max(1, Math.log2(busiest + 1));
    const flightPx = Math.max(1, Math.min(40, pyramid.meanFlightUs / v.usPerPixel));
    const lanes = this.layout.lanes;
    const paths = levels.map(() => new Path2D());
    let drawn = 0;
    for (let bin = firstBin; bin <= lastBin; bin++) {
      const x = v.x((bin + 0.5) * level.binUs);
      const row = bin * pairCount;
      for (let pair = 0; pair < pairCount; pair++) {
        const count = sent[row + pair]!;
        if (count === 0) continue;
        drawn += count;
        const [from, to] = pyramid.pairs[pair]!;
        const path = paths[Math.min(levels.length - 1, Math.floor(Math.log2(count + 1) * scale))]!;
        path.moveTo(x, lanes[from]!.center);
        path.lineTo(x + flightPx, lanes[to]!.center);
      }
    }
    c.strokeStyle = color;
    c.lineWidth = 1;
    paths.forEach((path, index) => {
      c.globalAlpha = levels[index]!;
      c.stroke(path);
    });
    this.lastGhost.drawnMessages = drawn;
  }

  // ───────────── client operations ─────────────

  private forEachVisibleOp(visit: (index: number) => void): void {
    const v = this.viewport;
    let lo = 0;
    let hi = this.opStarts.length;
    const from = v.start - this.opMaxSpan;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.opStarts[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < this.opStarts.length && this.opStarts[k]! <= v.end; k++) {
      const index = this.opOrder[k]!;
      const op = this.model.ops[index]!;
      if (op.outcome === 'pending' || op.end < v.start) continue;
      visit(index);
    }
    for (const index of this.pendingOps) {
      const op = this.model.ops[index]!;
      if (op.start <= v.end) visit(index);
    }
  }

  private drawOps(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    const colors = [state.palette.ok, state.palette.fail, state.palette.info, state.palette.pending];
    const outlined: number[] = [];
    // With evidence selected, everything else steps back so the evidence stands out.
    const focusing = state.highlightedOps.size > 0;
    // Rectangles go into one path per (outcome, dim or full) and are filled once each: thousands
    // of operations cost a handful of fill calls. Keys are numbers, not strings: a whole-run frame
    // visits every operation, and a string per operation made garbage that came back as
    // collection pauses in later frames.
    const paths: Array<Path2D | null> = [null, null, null, null, null, null, null, null];
    // Zoomed out, neighbouring bars of one row and colour touch: merge them into one rectangle
    // (operations arrive in start order, so a row's open rectangle only ever grows rightwards).
    const open = new Map<number, { x0: number; x1: number; y: number; path: number }>();
    const flush = (rect: { x0: number; x1: number; y: number; path: number }) => {
      const path = (paths[rect.path] ??= new Path2D());
      path.rect(rect.x0, rect.y, rect.x1 - rect.x0, OP_BAR_HEIGHT);
    };
    const lanes = this.layout.lanes.length;
    this.forEachVisibleOp((index) => {
      const op = this.model.ops[index]!;
      const box = this.layout.lanes[op.lane]!;
      const x0 = v.x(op.start);
      const x1 = Math.max(x0 + 1.5, v.x(op.end));
      const lit = state.highlightedOps.has(index) || (!focusing && state.highlightedLine !== null && op.line === state.highlightedLine);
      // Path index: outcome × 2 + (0 dim, 1 full), in the order the paths are filled below.
      const path = OUTCOME_ORDER[op.outcome] * 2 + (focusing && !lit ? 0 : 1);
      const rowKey = (path * lanes + op.lane) * this.opRowSpan + op.row;
      const y = opRowTop(box, op.row);
      const current = open.get(rowKey);
      if (current !== undefined && x0 <= current.x1 + 0.5 && x0 >= current.x0) current.x1 = Math.max(current.x1, x1);
      else {
        if (current !== undefined) flush(current);
        open.set(rowKey, { x0, x1, y, path });
      }
      if (lit) outlined.push(index);
    });
    for (const rect of open.values()) flush(rect);
    for (let path = 0; path < paths.length; path++) {
      const shapes = paths[path];
      if (shapes === null || shapes === undefined) continue;
      c.globalAlpha = path % 2 === 0 ? 0.25 : 1;
      c.fillStyle = colors[path >> 1]!;
      c.fill(shapes);
    }
    c.globalAlpha = 1;
    c.strokeStyle = state.palette.foreground;
    c.lineWidth = 2;
    for (const index of outlined) this.outlineOp(index);
    c.strokeStyle = state.palette.highlight;
    for (const target of [state.hovered, state.selected]) if (target?.kind === 'op') this.outlineOp(target.index);
    c.lineWidth = 1;
  }

  private outlineOp(index: number): void {
    const op = this.model.ops[index]!;
    const v = this.viewport;
    const box = this.layout.lanes[op.lane]!;
    const x0 = v.x(op.start);
    const x1 = Math.max(x0 + 1.5, v.x(op.end));
    this.context.strokeRect(x0 - 1, opRowTop(box, op.row) - 1, x1 - x0 + 2, OP_BAR_HEIGHT + 2);
  }

  // ───────────── markers, quorum, cursor ─────────────

  private drawMarkers(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    for (const [index, marker] of this.model.markers.entries()) {
      if (marker.t < v.start || marker.t > v.end) continue;
      const x = v.x(marker.t);
      const lit =
        (state.highlightedLine !== null && marker.line === state.highlightedLine) ||
        (state.hovered?.kind === 'marker' && state.hovered.index === index) ||
        (state.selected?.kind === 'marker' && state.selected.index === index);
      const color = lit ? state.palette.highlight : marker.kind === 'note' ? state.palette.muted : state.palette.fail;
      c.fillStyle = color;
      c.strokeStyle = color;
      if (marker.lane === null) {
        // Whole-cluster events (partition, heal): a line across every lane.
        c.lineWidth = lit ? 2.5 : 1.5;
        c.beginPath();
        c.moveTo(x, this.layout.lanesTop);
        c.lineTo(x, this.layout.height);
        c.stroke();
        c.lineWidth = 1;
        triangle(c, x, this.layout.lanesTop, 5);
      } else {
        const box = this.layout.lanes[marker.lane]!;
        triangle(c, x, box.top + 2, lit ? 7 : 5);
      }
    }
  }

  private drawQuorum(state: DrawState): void {
    const c = this.context;
    const v = this.viewport;
    const top = this.layout.quorumTop;
    for (const segment of this.quorum) {
      if (segment.end < v.start || segment.start > v.end) continue;
      const x0 = v.x(segment.start);
      const x1 = v.x(segment.end);
      c.fillStyle = segment.canCommit ? state.palette.quorumOk : state.palette.quorumLost;
      c.fillRect(x0, top + 2, Math.max(1, x1 - x0 - 1), QUORUM_HEIGHT - 4);
      if (x1 - x0 > 90) {
        const text = describeQuorum(segment, this.model.report.config.protocol.name, this.model.nodeCount).label;
        c.fillStyle = state.palette.foreground;
        this.labels.draw(clip(text, (x1 - x0 - 8) / 6), Math.max(x0, v.left) + 4, top + QUORUM_HEIGHT / 2);
      }
    }
  }

  private drawCursor(state: DrawState): void {
    const c = this.context;
    const x = Math.round(this.viewport.x(state.cursor)) + 0.5;
    c.strokeStyle = state.palette.cursor;
    c.lineWidth = 1.5;
    c.beginPath();
    c.moveTo(x, AXIS_HEIGHT);
    c.lineTo(x, this.layout.height);
    c.stroke();
    c.lineWidth = 1;
    triangle(c, x, AXIS_HEIGHT, 6, state.palette.cursor);
  }

  private drawLaneLabels(state: DrawState): void {
    const c = this.context;
    c.fillStyle = state.palette.background;
    c.fillRect(0, this.layout.lanesTop, GUTTER, this.layout.height);
    for (const [i, lane] of this.model.lanes.entries()) {
      const box = this.layout.lanes[i]!;
      c.fillStyle = lane.kind === 'node' ? state.palette.foreground : state.palette.muted;
      c.font = `${lane.kind === 'node' ? '600 ' : ''}12px ${state.palette.fontFamily}`;
      this.labels.draw(clip(lane.name, 15), 8, box.center, 'left', true);
    }
    c.font = `11px ${state.palette.fontFamily}`;
  }

  // ───────────── hit testing ─────────────

  /** What is under the pointer (CSS pixels on the canvas), nearest first; null if nothing. */
  hitTest(x: number, y: number): Target | null {
    const v = this.viewport;
    if (x < v.left) return null;
    if (y >= this.layout.quorumTop && y < this.layout.quorumTop + QUORUM_HEIGHT) {
      const t = v.time(x);
      const index = this.quorum.findIndex((s) => s.start <= t && t < s.end);
      return index === -1 ? null : { kind: 'quorum', index };
    }
    let best: Target | null = null;
    let bestDistance = 6;
    for (const [index, marker] of this.model.markers.entries()) {
      if (marker.t < v.start || marker.t > v.end) continue;
      const mx = v.x(marker.t);
      const my = marker.lane === null ? this.layout.lanesTop : this.layout.lanes[marker.lane]!.top + 4;
      const distance = Math.hypot(mx - x, (my - y) / 3);
      if (distance < bestDistance) {
        best = { kind: 'marker', index };
        bestDistance = distance;
      }
    }
    if (best !== null) return best;
    this.forEachVisibleOp((index) => {
      const op = this.model.ops[index]!;
      const box = this.layout.lanes[op.lane]!;
      const top = opRowTop(box, op.row);
      const x0 = v.x(op.start);
      const x1 = Math.max(x0 + 3, v.x(op.end));
      if (y >= top - 1 && y <= top + OP_BAR_HEIGHT + 1 && x >= x0 - 2 && x <= x1 + 2) {
        const distance = Math.abs(y - (top + OP_BAR_HEIGHT / 2)) / 2;
        if (distance < bestDistance) {
          best = { kind: 'op', index };
          bestDistance = distance;
        }
      }
    });
    if (best !== null) return best;
    const table = this.model.messages;
    const t0 = v.time(x - 6);
    const t1 = v.time(x + 6);
    const mask = this.messageMask;
    forEachMessageInWindow(table, t0, t1, (i) => {
      if (mask !== null && mask[i] === 0) return;
      const [x0, y0, x1, y1] = this.messageEnds(i);
      const distance = distanceToSegment(x, y, x0, y0, x1, y1);
      if (distance < bestDistance) {
        best = { kind: 'message', index: i };
        bestDistance = distance;
      }
    });
    return best;
  }
}

function sameLanes(a: RunModel, b: RunModel): boolean {
  return a.lanes.length === b.lanes.length && a.lanes.every((lane, i) => lane.name === b.lanes[i]!.name && lane.kind === b.lanes[i]!.kind);
}

function countSentBetween(table: MessageTable, t0: number, t1: number): number {
  return firstSentAtOrAfter(table, t1 + 1e-9) - firstSentAtOrAfter(table, t0);
}

function distanceToSegment(px: number, py: number, x0: number, y0: number, x1: number, y1: number): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length = dx * dx + dy * dy;
  const t = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / length));
  return Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
}

function arrowhead(c: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  const angle = Math.atan2(y1 - y0, x1 - x0);
  const size = 5;
  c.moveTo(x1, y1);
  c.lineTo(x1 - size * Math.cos(angle - 0.4), y1 - size * Math.sin(angle - 0.4));
  c.lineTo(x1 - size * Math.cos(angle + 0.4), y1 - size * Math.sin(angle + 0.4));
  c.closePath();
}

function triangle(c: CanvasRenderingContext2D, x: number, y: number, size: number, color?: string): void {
  if (color !== undefined) c.fillStyle = color;
  c.beginPath();
  c.moveTo(x - size, y);
  c.lineTo(x + size, y);
  c.lineTo(x, y + size * 1.3);
  c.closePath();
  c.fill();
}

/** Shorten a label to about `chars` characters. */
function clip(text: string, chars: number): string {
  const limit = Math.max(0, Math.floor(chars));
  if (text.length <= limit) return text;
  return limit <= 1 ? '' : `${text.slice(0, limit - 1)}…`;
}
