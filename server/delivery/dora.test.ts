import { describe, expect, it } from "vitest";
import { bucketDays, classify, doraMetrics, doraSeries, median, type DoraDeployment } from "./dora";

const at = (s: string) => new Date(`${s}Z`);
const dep = (service: string, version: string, status: DoraDeployment["status"], startedAt: string, finishedAt: string | null, commitAt: string | null): DoraDeployment => ({
  service,
  environment: "production",
  version,
  status,
  startedAt: at(startedAt),
  finishedAt: finishedAt ? at(finishedAt) : null,
  commitAt: commitAt ? at(commitAt) : null,
});

// A hand-computed week. Service a: v1, v2, v3 fails, v3 again, rolled back to v2, then v4. Service b: v1, v2 still rolling out.
const d1 = dep("a", "v1", "SUCCESS", "2026-01-01T00:00:00", "2026-01-01T00:10:00", "2025-12-31T22:00:00"); // lead 2h10m
const d2 = dep("a", "v2", "SUCCESS", "2026-01-02T10:00:00", "2026-01-02T10:30:00", "2026-01-02T06:30:00"); // lead 4h
const d3 = dep("a", "v3", "FAILURE", "2026-01-03T12:00:00", "2026-01-03T12:20:00", "2026-01-03T00:00:00");
const d4 = dep("a", "v3", "SUCCESS", "2026-01-03T14:00:00", null, "2026-01-03T00:00:00"); // rolled back by d5
const d5 = dep("a", "v2", "SUCCESS", "2026-01-04T09:00:00", "2026-01-04T09:30:00", "2026-01-02T06:30:00"); // the rollback
const d6 = dep("a", "v4", "SUCCESS", "2026-01-06T08:00:00", "2026-01-06T08:15:00", "2026-01-05T20:15:00"); // lead 12h
const e1 = dep("b", "v1", "SUCCESS", "2026-01-05T00:00:00", null, "2026-01-04T23:00:00"); // lead 1h
const e2 = dep("b", "v2", "IN_PROGRESS", "2026-01-07T00:00:00", null, "2026-01-06T00:00:00");
const history = [d6, e2, d3, d1, e1, d5, d2, d4];
const from = at("2026-01-01T00:00:00");
const to = at("2026-01-08T00:00:00");

describe("DORA metrics", () => {
  it("finds failures and rollbacks: a FAILURE, and the deployment a return to an earlier version replaced", () => {
    const { failed, rollbacks } = classify(history);
    expect([...failed]).toEqual(expect.arrayContaining([d3, d4]));
    expect(failed.size).toBe(2);
    expect([...rollbacks]).toEqual([d5]);
  });

  it("computes the four metrics of a hand-computed week", () => {
    const m = doraMetrics(history, from, to);
    expect(m.finished).toBe(7);
    expect(m.failures).toBe(2);
    expect(m.deploymentFrequency).toBeCloseTo(6 / 7, 6);
    // Lead times 1h, 2h10m, 4h, 12h (the failure, the rolled-back and the rollback left out): median 3h05m.
    expect(m.leadTimeSamples).toBe(4);
    expect(m.leadTimeHours).toBeCloseTo((13 / 6 + 4) / 2, 6);
    expect(m.changeFailureRate).toBeCloseTo(2 / 7, 6);
    // d3 (Jan 3 12:00) and d4 (Jan 3 14:00) are restored by d5 ending Jan 4 09:30: 21.5h and 19.5h.
    expect(m.restoreSamples).toBe(2);
    expect(m.timeToRestoreHours).toBeCloseTo(20.5, 6);
    expect(m.levels).toEqual({ deploymentFrequency: "high", leadTime: "elite", changeFailureRate: "low", timeToRestore: "high" });
  });

  it("has nothing to say about an empty window, and the previous window sees none of this week", () => {
    const m = doraMetrics(history, at("2025-12-25T00:00:00"), from);
    expect(m).toMatchObject({ finished: 0, failures: 0, deploymentFrequency: 0, leadTimeHours: null, changeFailureRate: null, timeToRestoreHours: null });
    expect(m.levels).toEqual({ deploymentFrequency: null, leadTime: null, changeFailureRate: null, timeToRestore: null });
  });

  it("leaves an unrestored failure out of time to restore", () => {
    const m = doraMetrics([d1, d2, d3], from, to);
    expect(m.failures).toBe(1);
    expect(m.restoreSamples).toBe(0);
    expect(m.timeToRestoreHours).toBeNull();
  });

  it("buckets by day up to a month and by week beyond, for the charts", () => {
    expect(bucketDays(from, to)).toBe(1);
    expect(bucketDays(at("2026-01-01T00:00:00"), at("2026-03-01T00:00:00"))).toBe(7);
    const series = doraSeries(history, from, to);
    expect(series).toHaveLength(7);
    expect(series[0]).toEqual({ start: "2026-01-01T00:00:00.000Z", deployments: 1, failures: 0, leadTimeHours: 13 / 6 });
    expect(series[2]).toEqual({ start: "2026-01-03T00:00:00.000Z", deployments: 1, failures: 2, leadTimeHours: null });
    expect(series[3]).toEqual({ start: "2026-01-04T00:00:00.000Z", deployments: 1, failures: 0, leadTimeHours: null });
    expect(series.reduce((n, b) => n + b.deployments, 0)).toBe(6);
  });

  it("takes the median of odd and even samples", () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
