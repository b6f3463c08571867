// Which seeds a sweep runs. `--shard i/n` gives runner i a contiguous slice of the range, so n
// runners together cover exactly the seeds one runner would, each once, and a slice's seeds can
// be read off its first and last.

export type SeedRange = { from: number; count: number };
export type Shard = { index: number; of: number };

/** `2/3` → { index: 2, of: 3 }, or the complaint to print. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  if (match === null) return `--shard is i/n (as in 2/3), got '${text}'`;
  const index = Number(match[1]);
  const of = Number(match[2]);
  if (of < 1 || index < 1 || index > of) return `--shard ${text}: i must be between 1 and n`;
  return { index, of };
}

/** Shard i of n takes the i-th of n near-equal contiguous slices (the first ones one seed longer). */
export function shardRange(range: SeedRange, shard: Shard): SeedRange {
  const base = Math.floor(range.count / shard.of);
  const extra = range.count % shard.of;
  const before = (i: number) => i * base + Math.min(i, extra);
  const start = before(shard.index - 1);
  return { from: range.from + start, count: before(shard.index) - start };
}

export function seedsOf(range: SeedRange): number[] {
  return Array.from({ length: range.count }, (_, i) => range.from + i);
}
