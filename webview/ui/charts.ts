// Small charts under the diagram: latency histogram of ok operations, completions over time
// (throughput) and the share that failed or timed out (error rate). Drawn on canvases; each has
// a text summary for screen readers.

import { formatMicros } from '../../core/sim/format-micros.ts';
import { axisScale, completionRates, latencyHistogram, type Histogram, type RateSeries } from '../model/chart-data.ts';
import type { RunModel } from '../model/run-model.ts';
import type { Palette } from '../render/theme.ts';
import { el } from './dom.ts';

const HEIGHT = 110;
/** `left` is the least room for the y-axis labels; a wider label ("42.9%") widens it. */
const PAD = { left: 34, right: 8, top: 16, bottom: 18 };

/** Where a label was drawn, in CSS pixels of its canvas (tests check none is cut off). */
export type LabelBox = { text: string; left: number; right: number; top: number; bottom: number };

/** An axis value as a person reads it: whole numbers from 100 up, one decimal below. */
function axisNumber(value: number): string {
  return String(value >= 100 ? Math.round(value) : Math.round(value * 10) / 10);
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export class Charts {
  readonly element = el('section', { class: 'fl-charts', 'aria-label': 'Charts' });
  private readonly histogram: Histogram;
  private readonly rates: RateSeries;
  /** Completions per second and the failed share (%), per time bucket. */
  private readonly throughput: number[];
  private readonly errorRate: number[];
  private readonly canvases: HTMLCanvasElement[];
  /** The labels each chart drew last, per canvas. */
  readonly labelBoxes: LabelBox[][] = [];

  constructor(model: RunModel) {
    this.histogram = latencyHistogram(model.ops);
    this.rates = completionRates(model.ops, model.endUs);
    const perSecond = 1_000_000 / this.rates.bucketUs;
    this.throughput = this.rates.ok.map((n, i) => (n + this.rates.failed[i]!) * perSecond);
    this.errorRate = this.rates.ok.map((n, i) => {
      const total = n + this.rates.failed[i]!;
      return total === 0 ? 0 : (100 * this.rates.failed[i]!) / total;
    });
    const cut = axisScale(this.throughput).clipped;
    const cutNote = cut.length === 0 ? '' : ` ${cut.length} bucket${cut.length === 1 ? ' is' : 's are'} far above the rest and cut off at the top of the axis (up to ${axisNumber(cut.reduce((most, i) => Math.max(most, this.throughput[i]!), 0))}/s).`;
    const latencies = model.ops.filter((op) => op.outcome === 'ok').map((op) => op.end - op.start).sort((a, b) => a - b);
    const completed = model.ops.filter((op) => op.outcome !== 'pending').length;
    const failed = model.ops.filter((op) => op.outcome === 'fail' || op.outcome === 'info').length;
    const summaries = [
      latencies.length === 0 ? 'No operation completed ok.' : `Latency of ${latencies.length} ok operations: p50 ${formatMicros(percentile(latencies, 0.5))}, p99 ${formatMicros(percentile(latencies, 0.99))}, max ${formatMicros(latencies[latencies.length - 1]!)}.`,
      `${completed} operations completed over ${formatMicros(model.endUs)}.${cutNote}`,
      completed === 0 ? 'No operation completed.' : `${failed} of ${completed} completed operations failed or are indeterminate (${Math.round((100 * failed) / completed)}%).`,
    ];
    const titles = ['Latency (ok operations)', 'Throughput (completions)', 'Errors (failed + indeterminate)'];
    this.canvases = titles.map((title, i) => {
      const canvas = el('canvas', { role: 'img', 'aria-label': `${title}. ${summaries[i]}` });
      this.element.append(el('figure', { class: 'fl-chart' }, [el('figcaption', { text: title }), canvas, el('p', { class: 'fl-chart-summary', text: summaries[i] })]));
      return canvas;
    });
  }

  draw(palette: Palette, cursor: number): void {
    const [histogramCanvas, throughputCanvas, errorCanvas] = this.canvases as [HTMLCanvasElement, HTMLCanvasElement, HTMLCanvasElement];
    this.drawBars(histogramCanvas, palette, this.histogram.counts, palette.ok, (i) => formatMicros(this.histogram.edgesUs[i] ?? 0), null);
    this.drawBars(throughputCanvas, palette, this.throughput, palette.message, (i) => formatMicros(i * this.rates.bucketUs), cursor / this.rates.bucketUs, '/s');
    this.drawBars(errorCanvas, palette, this.errorRate, palette.fail, (i) => formatMicros(i * this.rates.bucketUs), cursor / this.rates.bucketUs, '%');
  }

  private drawBars(canvas: HTMLCanvasElement, palette: Palette, values: number[], color: string, label: (i: number) => string, cursorBucket: number | null, unit = ''): void {
    const width = Math.max(160, canvas.parentElement?.clientWidth ?? 240);
    const ratio = globalThis.devicePixelRatio || 1;
    canvas.width = Math.floor(width * ratio);
    canvas.height = Math.floor(HEIGHT * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${HEIGHT}px`;
    const boxes: LabelBox[] = [];
    this.labelBoxes[this.canvases.indexOf(canvas)] = boxes;
    const c = canvas.getContext('2d');
    if (c === null) return;
    const text = (words: string, x: number, y: number) => {
      c.fillText(words, x, y);
      const m = c.measureText(words);
      boxes.push({ text: words, left: x - m.actualBoundingBoxLeft, right: x + m.actualBoundingBoxRight, top: y - m.actualBoundingBoxAscent, bottom: y + m.actualBoundingBoxDescent });
    };
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, width, HEIGHT);
    c.font = `10px ${palette.fontFamily}`;
    c.fillStyle = palette.muted;
    const scale = axisScale(values);
    const topLabel = `${axisNumber(scale.top)}${unit}`;
    // Room for the widest y label, so "42.9%" keeps its first digit.
    const left = Math.max(PAD.left, Math.ceil(Math.max(c.measureText(topLabel).width, c.measureText('0').width)) + 8);
    const plotW = width - left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    text(topLabel, left - 4, PAD.top);
    text('0', left - 4, PAD.top + plotH);
    c.strokeStyle = palette.grid;
    c.beginPath();
    c.moveTo(left, PAD.top + plotH + 0.5);
    c.lineTo(left + plotW, PAD.top + plotH + 0.5);
    c.stroke();
    if (values.length === 0) {
      c.textAlign = 'center';
      text('no data', left + plotW / 2, PAD.top + plotH / 2);
      return;
    }
    const barW = plotW / values.length;
    c.fillStyle = color;
    values.forEach((value, i) => {
      const h = scale.top === 0 ? 0 : (Math.min(value, scale.top) / scale.top) * plotH;
      c.fillRect(left + i * barW + 0.5, PAD.top + plotH - h, Math.max(1, barW - 1), h);
    });
    if (scale.clipped.length > 0) this.markClipped(c, palette, values, scale.clipped, { left, barW, width, unit }, text);
    c.fillStyle = palette.muted;
    c.textBaseline = 'top';
    c.textAlign = 'left';
    text(label(0), left, PAD.top + plotH + 4);
    c.textAlign = 'right';
    text(label(values.length), left + plotW, PAD.top + plotH + 4);
    if (cursorBucket !== null) {
      const x = left + Math.min(values.length, cursorBucket) * barW;
      c.strokeStyle = palette.cursor;
      c.beginPath();
      c.moveTo(x, PAD.top);
      c.lineTo(x, PAD.top + plotH);
      c.stroke();
    }
  }

  /** Bars cut at the top of the axis: a break across each, and the tallest one's value above it. */
  private markClipped(
    c: CanvasRenderingContext2D,
    palette: Palette,
    values: number[],
    clipped: number[],
    at: { left: number; barW: number; width: number; unit: string },
    text: (words: string, x: number, y: number) => void,
  ): void {
    c.fillStyle = palette.background;
    let tallest = clipped[0]!;
    for (const i of clipped) {
      if (values[i]! > values[tallest]!) tallest = i;
      c.fillRect(at.left + i * at.barW, PAD.top + 4, at.barW, 2);
    }
    const words = `↑ ${axisNumber(values[tallest]!)}${at.unit}`;
    const w = c.measureText(words).width;
    const centre = at.left + (tallest + 0.5) * at.barW;
    c.fillStyle = palette.foreground;
    c.textAlign = 'left';
    c.textBaseline = 'middle';
    text(words, Math.max(at.left, Math.min(at.width - PAD.right - w, centre - w / 2)), PAD.top / 2);
  }
}
