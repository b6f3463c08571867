// Level-of-detail counts for the zoomed-out diagram: message copies counted per (time bin,
// from lane → to lane) at several resolutions, finest first, each level half as many bins as
// the one before. A frame that shows the whole run then reads a few thousand counts instead of
// walking 100,000 messages. Each level is counted once, when a frame first needs it.

import { FATE_DROPPED, FATE_DUPLICATE_DROPPED, type MessageTable } from './messages-table.ts';

export type PyramidLevel = {
  readonly binUs: number;
  readonly bins: number;
  /** counts[bin * pairCount + pair]: copies sent in that bin on that pair. */
  readonly sent: Uint32Array;
  /** Same, for copies that died (counted in the bin where they died). */
  readonly dropped: Uint32Array;
};

export type MessagePyramid = {
  /** Lane pairs that carry messages: pair id → [from lane, to lane]. */
  pairs: Array<[number, number]>;
  levels: PyramidLevel[];
  /** Average flight time of a copy, for drawing aggregated arrows with a plausible slant. */
  meanFlightUs: number;
};

/** Keep the finest level under this many cells (bins × pairs). */
const MAX_CELLS = 2_000_000;
const FINEST_BINS = 8_192;
const COARSEST_BINS = 64;

/** `include`: count only the copies marked 1 (a message filter, message-filter.ts); all when absent. */
export function buildMessagePyramid(table: MessageTable, endUs: number, include: Uint8Array | null = null): MessagePyramid {
  const pairs: Array<[number, number]> = [];
  const pairOf = new Int32Array(table.count);
  let flightSum = 0;
  let included = 0;
  // Pair ids by (from, to) in a flat array when the lanes are few (always, in practice); a map
  // otherwise. Ids are handed out in the order pairs first appear either way.
  let lanes = 0;
  for (let i = 0; i < table.count; i++) lanes = Math.max(lanes, table.fromLane[i]! + 1, table.toLane[i]! + 1);
  const flat = lanes <= 1024 ? new Int32Array(lanes * lanes).fill(-1) : null;
  const pairIds = new Map<number, number>();
  for (let i = 0; i < table.count; i++) {
    if (include !== null && include[i] === 0) {
      pairOf[i] = -1;
      continue;
    }
    const from = table.fromLane[i]!;
    const to = table.toLane[i]!;
    let id = flat === null ? (pairIds.get(from * 65_536 + to) ?? -1) : flat[from * lanes + to]!;
    if (id === -1) {
      id = pairs.length;
      pairs.push([from, to]);
      if (flat === null) pairIds.set(from * 65_536 + to, id);
      else flat[from * lanes + to] = id;
    }
    pairOf[i] = id;
    included++;
    flightSum += table.endT[i]! - table.sendT[i]!;
  }
  const pairCount = Math.max(1, pairs.length);
  let bins = FINEST_BINS;
  while (bins > COARSEST_BINS && bins * pairCount > MAX_CELLS) bins >>= 1;
  const span = Math.max(1, endUs);
  // Each level is counted straight from the copies the first time a frame reads it: a frame
  // needs one level, and a first frame should not wait for all of them. (Counting into bins of
  // binUs·2^k gives exactly the bins of halving the finer level k times: dividing by a power of
  // two is exact in floating point, and ⌊⌊y⌋ / 2^k⌋ = ⌊y / 2^k⌋.)
  const count = (level: PyramidLevel): { sent: Uint32Array; dropped: Uint32Array } => {
    const sent = new Uint32Array(level.bins * pairCount);
    const dropped = new Uint32Array(level.bins * pairCount);
    const last = level.bins - 1;
    for (let i = 0; i < table.count; i++) {
      if (pairOf[i]! < 0) continue; // filtered out
      const sentBin = Math.min(last, Math.floor(table.sendT[i]! / level.binUs));
      sent[sentBin * pairCount + pairOf[i]!]!++;
      const fate = table.fate[i]!;
      if (fate === FATE_DROPPED || fate === FATE_DUPLICATE_DROPPED) {
        const diedBin = Math.min(last, Math.floor(table.endT[i]! / level.binUs));
        dropped[diedBin * pairCount + pairOf[i]!]!++;
      }
    }
    return { sent, dropped };
  };
  const levels: PyramidLevel[] = [new CountedOnFirstUse(span / bins, bins, count)];
  while (levels[levels.length - 1]!.bins > COARSEST_BINS) {
    const previous = levels[levels.length - 1]!;
    levels.push(new CountedOnFirstUse(previous.binUs * 2, previous.bins / 2, count));
  }
  return { pairs, levels, meanFlightUs: included === 0 ? 0 : flightSum / included };
}

class CountedOnFirstUse implements PyramidLevel {
  private counts: { sent: Uint32Array; dropped: Uint32Array } | null = null;

  constructor(
    readonly binUs: number,
    readonly bins: number,
    private readonly count: (level: PyramidLevel) => { sent: Uint32Array; dropped: Uint32Array },
  ) {}

  get sent(): Uint32Array {
    return (this.counts ??= this.count(this)).sent;
  }

  get dropped(): Uint32Array {
    return (this.counts ??= this.count(this)).dropped;
  }
}

/** Counts every level not counted yet, so no later zoom frame pays for one (call when idle). */
export function countAllLevels(pyramid: MessagePyramid): void {
  for (const level of pyramid.levels) void level.sent;
}

/** The coarsest level whose bins are no wider than `maxBinUs`, or null if even the finest is. */
export function levelFor(pyramid: MessagePyramid, maxBinUs: number): PyramidLevel | null {
  let chosen: PyramidLevel | null = null;
  for (const level of pyramid.levels) if (level.binUs <= maxBinUs) chosen = level;
  return chosen;
}
