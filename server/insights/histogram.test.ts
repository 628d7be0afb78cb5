import { describe, expect, it } from "vitest";
import { BUCKET_COUNT, bucketOf, emptyHistogram, median, pack, unpack } from "./histogram";

/** PostgreSQL's percentile_cont(0.5): the middle value, or halfway between the two middle ones. */
function exactMedian(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (sorted.length - 1) / 2;
  return sorted[Math.floor(rank)]! + (rank - Math.floor(rank)) * (sorted[Math.ceil(rank)]! - sorted[Math.floor(rank)]!);
}

function histogramOf(values: number[]) {
  const h = emptyHistogram();
  for (const v of values) h[bucketOf(v)]! += 1;
  return h;
}

// A seeded generator, so a failure can be replayed.
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

describe("duration histograms", () => {
  it("read medians within 4.4 % of the exact median, whatever the spread", () => {
    const next = random(7);
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + Math.floor(next() * 400);
      // Durations from a second to a day, log-uniform, sometimes all in a narrow band.
      const narrow = next() < 0.3;
      const centre = 2 + next() * 15;
      const values = Array.from({ length: n }, () => 2 ** (narrow ? centre + next() * 0.5 : next() * 16.4));
      const exact = exactMedian(values);
      const read = median(histogramOf(values))!;
      expect(Math.abs(read / exact - 1), `${n} values, exact ${exact}, read ${read}`).toBeLessThan(0.0443);
    }
  });

  it("has no median without values, and keeps a second or less and a year or more in the end buckets", () => {
    expect(median(emptyHistogram())).toBeNull();
    expect(bucketOf(0)).toBe(0);
    expect(bucketOf(0.4)).toBe(0);
    expect(bucketOf(Number.NaN)).toBe(0);
    expect(bucketOf(10 ** 9)).toBe(BUCKET_COUNT - 1);
    expect(median(histogramOf([0.5]))!).toBeLessThan(1.1);
  });

  it("stores the buckets from the first to the last that is not empty, and reads them back", () => {
    const h = histogramOf([3, 3, 70, 4000]);
    const { offset, counts } = pack(h);
    expect(offset).toBe(bucketOf(3));
    expect(counts).toHaveLength(bucketOf(4000) - bucketOf(3) + 1);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(unpack(offset, counts)).toEqual(h);
    expect(pack(emptyHistogram())).toEqual({ offset: 0, counts: [] });
  });
});
