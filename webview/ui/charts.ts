// Small charts under the diagram: latency histogram of ok operations, completions over time
// (throughput) and the share that failed or timed out (error rate). Drawn on canvases; each has
// a text summary for screen readers.

import { formatMicros } from '../../core/sim/format-micros.ts';
import { completionRates, latencyHistogram, type Histogram, type RateSeries } from '../model/chart-data.ts';
import type { RunModel } from '../model/run-model.ts';
import type { Palette } from '../render/theme.ts';
import { el } from './dom.ts';

const HEIGHT = 110;
const PAD = { left: 34, right: 8, top: 16, bottom: 18 };

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

export class Charts {
  readonly element = el('section', { class: 'fl-charts', 'aria-label': 'Charts' });
  private readonly histogram: Histogram;
  private readonly rates: RateSeries;
  private readonly canvases: HTMLCanvasElement[];

  constructor(model: RunModel) {
    this.histogram = latencyHistogram(model.ops);
    this.rates = completionRates(model.ops, model.endUs);
    const latencies = model.ops.filter((op) => op.outcome === 'ok').map((op) => op.end - op.start).sort((a, b) => a - b);
    const completed = model.ops.filter((op) => op.outcome !== 'pending').length;
    const failed = model.ops.filter((op) => op.outcome === 'fail' || op.outcome === 'info').length;
    const summaries = [
      latencies.length === 0 ? 'No operation completed ok.' : `Latency of ${latencies.length} ok operations: p50 ${formatMicros(percentile(latencies, 0.5))}, p99 ${formatMicros(percentile(latencies, 0.99))}, max ${formatMicros(latencies[latencies.length - 1]!)}.`,
      `${completed} operations completed over ${formatMicros(model.endUs)}.`,
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
    const perSecond = 1_000_000 / this.rates.bucketUs;
    const throughput = this.rates.ok.map((n, i) => (n + this.rates.failed[i]!) * perSecond);
    this.drawBars(throughputCanvas, palette, throughput, palette.message, (i) => formatMicros(i * this.rates.bucketUs), cursor / this.rates.bucketUs, '/s');
    const errorRate = this.rates.ok.map((n, i) => {
      const total = n + this.rates.failed[i]!;
      return total === 0 ? 0 : (100 * this.rates.failed[i]!) / total;
    });
    this.drawBars(errorCanvas, palette, errorRate, palette.fail, (i) => formatMicros(i * this.rates.bucketUs), cursor / this.rates.bucketUs, '%');
  }

  private drawBars(canvas: HTMLCanvasElement, palette: Palette, values: number[], color: string, label: (i: number) => string, cursorBucket: number | null, unit = ''): void {
    const width = Math.max(160, canvas.parentElement?.clientWidth ?? 240);
    const ratio = globalThis.devicePixelRatio || 1;
    canvas.width = Math.floor(width * ratio);
    canvas.height = Math.floor(HEIGHT * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${HEIGHT}px`;
    const c = canvas.getContext('2d');
    if (c === null) return;
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, width, HEIGHT);
    c.font = `10px ${palette.fontFamily}`;
    c.fillStyle = palette.muted;
    const max = Math.max(0, ...values);
    const plotW = width - PAD.left - PAD.right;
    const plotH = HEIGHT - PAD.top - PAD.bottom;
    c.textAlign = 'right';
    c.textBaseline = 'middle';
    c.fillText(`${max >= 100 ? Math.round(max) : Math.round(max * 10) / 10}${unit}`, PAD.left - 4, PAD.top);
    c.fillText('0', PAD.left - 4, PAD.top + plotH);
    c.strokeStyle = palette.grid;
    c.beginPath();
    c.moveTo(PAD.left, PAD.top + plotH + 0.5);
    c.lineTo(PAD.left + plotW, PAD.top + plotH + 0.5);
    c.stroke();
    if (values.length === 0) {
      c.textAlign = 'center';
      c.fillText('no data', PAD.left + plotW / 2, PAD.top + plotH / 2);
      return;
    }
    const barW = plotW / values.length;
    c.fillStyle = color;
    values.forEach((value, i) => {
      const h = max === 0 ? 0 : (value / max) * plotH;
      c.fillRect(PAD.left + i * barW + 0.5, PAD.top + plotH - h, Math.max(1, barW - 1), h);
    });
    c.fillStyle = palette.muted;
    c.textBaseline = 'top';
    c.textAlign = 'left';
    c.fillText(label(0), PAD.left, PAD.top + plotH + 4);
    c.textAlign = 'right';
    c.fillText(label(values.length), PAD.left + plotW, PAD.top + plotH + 4);
    if (cursorBucket !== null) {
      const x = PAD.left + Math.min(values.length, cursorBucket) * barW;
      c.strokeStyle = palette.cursor;
      c.beginPath();
      c.moveTo(x, PAD.top);
      c.lineTo(x, PAD.top + plotH);
      c.stroke();
    }
  }
}
