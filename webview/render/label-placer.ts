// Labels on the diagram never overlap: each frame, every text label goes through one placer that
// remembers the boxes already drawn. A label that would cover one is shortened with "…" to the
// room left before it, or not drawn at all when too little is left — the details line and the
// inspector still name what it would have said. First come, first placed: the renderer draws
// the labels that matter most first.

/** A drawn label's box, in CSS pixels of the canvas. */
export type PlacedLabel = { text: string; left: number; right: number; top: number; bottom: number };

/**
 * A frame with more labels than this draws the first ones only: the overlap check is pairwise,
 * and 300 labels are more than a screen can show readably. Essential labels (lane names) are
 * drawn past the cap.
 */
export const MAX_LABELS_PER_FRAME = 300;
/** Shorter than this (in characters, "…" included), an elided label says nothing: hide it. */
const MIN_ELIDED_CHARS = 4;
/** Space kept between neighbouring labels. */
const GAP_PX = 2;

export class LabelPlacer {
  readonly placed: PlacedLabel[] = [];
  /** Labels of this frame that were shortened, or left out, to avoid an overlap. */
  elided = 0;
  hidden = 0;

  constructor(private readonly context: CanvasRenderingContext2D) {}

  reset(): void {
    this.placed.length = 0;
    this.elided = 0;
    this.hidden = 0;
  }

  /**
   * Draws `text` at (x, y) — `align` as the canvas's textAlign, vertically centred on y — in
   * the current font and fill, unless it cannot be placed without covering a label already
   * drawn. Returns whether (some of) it was drawn.
   */
  draw(text: string, x: number, y: number, align: 'left' | 'center' = 'left', essential = false): boolean {
    if (text === '' || (!essential && this.placed.length >= MAX_LABELS_PER_FRAME)) return false;
    const c = this.context;
    c.textAlign = align;
    c.textBaseline = 'middle';
    let shown = text;
    let box = this.boxOf(shown, x, y, align);
    let blocker = this.firstOverlap(box);
    if (blocker !== null && align === 'left') {
      // Shorten towards the nearest label on the right, when it starts after this one.
      let room = Infinity;
      for (const other of this.placed) if (verticallyOverlap(box, other) && other.left > box.left) room = Math.min(room, other.left - GAP_PX - box.left);
      while (blocker !== null && room < Infinity && shown.length > MIN_ELIDED_CHARS) {
        shown = `${shown.slice(0, Math.max(MIN_ELIDED_CHARS - 1, Math.min(shown.length - 2, Math.floor((shown.length * room) / Math.max(1, box.right - box.left)))))}…`;
        box = this.boxOf(shown, x, y, align);
        blocker = this.firstOverlap(box);
      }
    }
    if (blocker !== null) {
      this.hidden++;
      return false;
    }
    if (shown !== text) this.elided++;
    c.fillText(shown, x, y);
    this.placed.push(box);
    return true;
  }

  private boxOf(text: string, x: number, y: number, align: 'left' | 'center'): PlacedLabel {
    const m = this.context.measureText(text);
    const left = align === 'center' ? x - m.width / 2 : x;
    const ascent = m.fontBoundingBoxAscent ?? m.actualBoundingBoxAscent;
    const descent = m.fontBoundingBoxDescent ?? m.actualBoundingBoxDescent;
    // textBaseline 'middle': the em box is split about evenly around y.
    const half = (ascent + descent) / 2;
    return { text, left, right: left + m.width, top: y - half, bottom: y + half };
  }

  private firstOverlap(box: PlacedLabel): PlacedLabel | null {
    for (const other of this.placed) {
      if (box.left < other.right + GAP_PX && other.left < box.right + GAP_PX && verticallyOverlap(box, other)) return other;
    }
    return null;
  }
}

function verticallyOverlap(a: PlacedLabel, b: PlacedLabel): boolean {
  return a.top < b.bottom && b.top < a.bottom;
}
