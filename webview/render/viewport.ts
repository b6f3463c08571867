// The visible time window and the mapping between virtual time (µs) and canvas x. Zoom keeps
// the time under the pointer fixed; the window never leaves [0, end] and never narrows below
// MIN_SPAN_US (one microsecond per pixel is already finer than any latency we simulate).

export const MIN_SPAN_US = 50;

export class Viewport {
  /** Time at the left edge of the plot. */
  start = 0;
  /** Microseconds across the plot. */
  span: number;
  /** Plot area in CSS pixels: x of its left edge and its width. */
  left = 0;
  width = 1;

  constructor(readonly endUs: number) {
    this.span = Math.max(MIN_SPAN_US, endUs);
  }

  get end(): number {
    return this.start + this.span;
  }

  x(t: number): number {
    return this.left + ((t - this.start) / this.span) * this.width;
  }

  time(x: number): number {
    return this.start + ((x - this.left) / this.width) * this.span;
  }

  /** Microseconds one CSS pixel covers. */
  get usPerPixel(): number {
    return this.span / this.width;
  }

  fit(): void {
    this.start = 0;
    this.span = Math.max(MIN_SPAN_US, this.endUs);
  }

  /** Zoom by `factor` (< 1 zooms in) keeping time `anchor` at the same x. */
  zoom(factor: number, anchor: number): void {
    const span = Math.min(Math.max(MIN_SPAN_US, this.span * factor), Math.max(MIN_SPAN_US, this.endUs));
    const ratio = this.span === 0 ? 0.5 : (anchor - this.start) / this.span;
    this.span = span;
    this.start = anchor - ratio * span;
    this.clamp();
  }

  panPixels(dx: number): void {
    this.start -= dx * this.usPerPixel;
    this.clamp();
  }

  /** Show [t0, t1] (with a margin) — used to jump to a verdict's evidence. */
  show(t0: number, t1: number): void {
    const span = Math.max(MIN_SPAN_US, (t1 - t0) * 1.6, this.span < (t1 - t0) ? t1 - t0 : 0);
    this.span = Math.min(span, Math.max(MIN_SPAN_US, this.endUs));
    this.start = (t0 + t1) / 2 - this.span / 2;
    this.clamp();
  }

  /** Keep `t` inside the window, scrolling only when it is outside. */
  follow(t: number): void {
    if (t < this.start || t > this.end) {
      this.start = t - this.span / 2;
      this.clamp();
    }
  }

  private clamp(): void {
    const maxStart = Math.max(0, this.endUs - this.span);
    this.start = Math.min(Math.max(0, this.start), maxStart);
  }
}

/** Round tick steps (1, 2, 5 × 10^k µs) so that ticks land about `pixels` apart. */
export function tickStep(usPerPixel: number, pixels = 90): number {
  const raw = usPerPixel * pixels;
  const power = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}
