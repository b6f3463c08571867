// Level-of-detail counts for the zoomed-out diagram: message copies counted per (time bin,
// from lane → to lane) at several resolutions, finest first, each level half as many bins as
// the one before. A frame that shows the whole run then reads a few thousand counts instead of
// walking 100,000 messages. Built once per run.

import { FATE_DROPPED, FATE_DUPLICATE_DROPPED, type MessageTable } from './messages-table.ts';

export type PyramidLevel = {
  binUs: number;
  bins: number;
  /** counts[bin * pairCount + pair]: copies sent in that bin on that pair. */
  sent: Uint32Array;
  /** Same, for copies that died (counted in the bin where they died). */
  dropped: Uint32Array;
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

export function buildMessagePyramid(table: MessageTable, endUs: number): MessagePyramid {
  const pairs: Array<[number, number]> = [];
  const pairOf = new Int32Array(table.count);
  let flightSum = 0;
  // Pair ids by (from, to) in a flat array when the lanes are few (always, in practice); a map
  // otherwise. Ids are handed out in the order pairs first appear either way.
  let lanes = 0;
  for (let i = 0; i < table.count; i++) lanes = Math.max(lanes, table.fromLane[i]! + 1, table.toLane[i]! + 1);
  const flat = lanes <= 1024 ? new Int32Array(lanes * lanes).fill(-1) : null;
  const pairIds = new Map<number, number>();
  for (let i = 0; i < table.count; i++) {
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
    flightSum += table.endT[i]! - table.sendT[i]!;
  }
  const pairCount = Math.max(1, pairs.length);
  let bins = FINEST_BINS;
  while (bins > COARSEST_BINS && bins * pairCount > MAX_CELLS) bins >>= 1;
  const span = Math.max(1, endUs);
  const finest: PyramidLevel = { binUs: span / bins, bins, sent: new Uint32Array(bins * pairCount), dropped: new Uint32Array(bins * pairCount) };
  for (let i = 0; i < table.count; i++) {
    const sentBin = Math.min(bins - 1, Math.floor(table.sendT[i]! / finest.binUs));
    finest.sent[sentBin * pairCount + pairOf[i]!]!++;
    const fate = table.fate[i]!;
    if (fate === FATE_DROPPED || fate === FATE_DUPLICATE_DROPPED) {
      const diedBin = Math.min(bins - 1, Math.floor(table.endT[i]! / finest.binUs));
      finest.dropped[diedBin * pairCount + pairOf[i]!]!++;
    }
  }
  const levels = [finest];
  while (levels[levels.length - 1]!.bins > COARSEST_BINS) {
    const previous = levels[levels.length - 1]!;
    const coarser: PyramidLevel = {
      binUs: previous.binUs * 2,
      bins: previous.bins / 2,
      sent: new Uint32Array((previous.bins / 2) * pairCount),
      dropped: new Uint32Array((previous.bins / 2) * pairCount),
    };
    for (let bin = 0; bin < previous.bins; bin++) {
      const to = (bin >> 1) * pairCount;
      const from = bin * pairCount;
      for (let pair = 0; pair < pairCount; pair++) {
        coarser.sent[to + pair]! += previous.sent[from + pair]!;
        coarser.dropped[to + pair]! += previous.dropped[from + pair]!;
      }
    }
    levels.push(coarser);
  }
  return { pairs, levels, meanFlightUs: table.count === 0 ? 0 : flightSum / table.count };
}

/** The coarsest level whose bins are no wider than `maxBinUs`, or null if even the finest is. */
export function levelFor(pyramid: MessagePyramid, maxBinUs: number): PyramidLevel | null {
  let chosen: PyramidLevel | null = null;
  for (const level of pyramid.levels) if (level.binUs <= maxBinUs) chosen = level;
  return chosen;
}
