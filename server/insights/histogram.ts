/**
 * Durations (seconds) counted in logarithmic buckets, so that a year of runs adds up from a few hundred
 * rows instead of being sorted again (the daily roll-up, run-totals.ts). Bucket `i` holds values in
 * [2^(i/8), 2^((i+1)/8)) seconds: each is 9 % wide, and a median read from them is within 4.4 % of the
 * exact one. Bucket 0 also holds everything under a second; the last, everything over a year.
 */
export const BUCKETS_PER_DOUBLING = 8;
export const BUCKET_COUNT = 25 * BUCKETS_PER_DOUBLING; // 2^25 s: a year and a month

export type Histogram = Int32Array;

export const emptyHistogram = (): Histogram => new Int32Array(BUCKET_COUNT);

export function bucketOf(seconds: number): number {
  if (!(seconds >= 1)) return 0;
  return Math.min(BUCKET_COUNT - 1, Math.floor(Math.log2(seconds) * BUCKETS_PER_DOUBLING));
}

const lower = (bucket: number) => (bucket === 0 ? 0 : 2 ** (bucket / BUCKETS_PER_DOUBLING));
const upper = (bucket: number) => 2 ** ((bucket + 1) / BUCKETS_PER_DOUBLING);

export function addTo(into: Histogram, from: Histogram, sign: 1 | -1 = 1): Histogram {
  for (let i = 0; i < BUCKET_COUNT; i++) into[i]! += sign * from[i]!;
  return into;
}

/**
 * The median as PostgreSQL's `percentile_cont(0.5)` gives it (the middle value, or halfway between
 * the two middle ones), each value read as the middle of its bucket (on the log scale): never more than
 * 2^(1/16) - 1 = 4.4 % from the value itself, for durations of a second or more.
 */
export function median(h: Histogram): number | null {
  let n = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) n += h[i]!;
  if (n === 0) return null;
  const rank = (n - 1) / 2;
  const low = valueAt(h, Math.floor(rank));
  const high = valueAt(h, Math.ceil(rank));
  return low + (rank - Math.floor(rank)) * (high - low);
}

/** The value of the `rank`-th smallest (0-based): the middle of its bucket. */
function valueAt(h: Histogram, rank: number): number {
  let below = 0;
  for (let i = 0; i < BUCKET_COUNT; i++) {
    below += h[i]!;
    if (rank < below) return i === 0 ? upper(0) / 2 : Math.sqrt(lower(i) * upper(i));
  }
  return lower(BUCKET_COUNT - 1);
}

/** Stored as the run of buckets from the first to the last that is not empty: `[offset, counts]`. */
export function pack(h: Histogram): { offset: number; counts: number[] } {
  let first = 0;
  while (first < BUCKET_COUNT && h[first] === 0) first++;
  if (first === BUCKET_COUNT) return { offset: 0, counts: [] };
  let last = BUCKET_COUNT - 1;
  while (h[last] === 0) last--;
  return { offset: first, counts: Array.from(h.subarray(first, last + 1)) };
}

export function unpack(offset: number, counts: readonly number[], into: Histogram = emptyHistogram()): Histogram {
  for (let i = 0; i < counts.length && offset + i < BUCKET_COUNT; i++) into[offset + i]! += counts[i]!;
  return into;
}
