// Time partitions and retention decisions (api/src/analytics/retention/partition-plan.ts), on
// hand-derived cases: 2026-01-05 is a Monday (a calendar), weeks run Monday to Monday in UTC.
import { describe, expect, it } from "vitest";
import { expiredBefore, partitionName, partitionsToCreate, retentionDaysProblem, retentionPlan, weekStart, type PartitionRange } from "../../../api/src/analytics/retention/partition-plan.js";

const d = (s: string) => new Date(s);
const week = (monday: string): PartitionRange => ({ name: partitionName("predictions", d(monday)), from: d(monday), to: new Date(d(monday).getTime() + 7 * 86_400_000) });

describe("weeks", () => {
  it("start on Monday 00:00 UTC", () => {
    expect(weekStart(d("2026-01-05T00:00:00Z")).toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(weekStart(d("2026-01-11T23:59:59.999Z")).toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(weekStart(d("2026-01-12T00:00:00Z")).toISOString()).toBe("2026-01-12T00:00:00.000Z");
    expect(weekStart(d("2024-02-29T12:00:00Z")).toISOString()).toBe("2024-02-26T00:00:00.000Z");
    expect(weekStart(d("1970-01-01T00:00:00Z")).toISOString()).toBe("1969-12-29T00:00:00.000Z");
  });

  it("are named after their Monday", () => {
    expect(partitionName("metric_points", d("2026-01-12T00:00:00Z"))).toBe("metric_points_p20260112");
  });

  it("are created from the current week to four weeks ahead, skipping those that exist", () => {
    const made = partitionsToCreate("predictions", [week("2026-01-12")], d("2026-01-07T15:00:00Z"));
    expect(made.map((p) => p.name)).toEqual(["predictions_p20260105", "predictions_p20260119", "predictions_p20260126", "predictions_p20260202"]);
    expect(made[0]!.to.toISOString()).toBe("2026-01-12T00:00:00.000Z");
  });
});

describe("rawRetentionDays", () => {
  it("accepts null and whole days from 1 to 36500", () => {
    for (const ok of [null, 1, 7, 36_500]) expect(retentionDaysProblem(ok)).toBeNull();
    for (const bad of [0, -3, 36_501, 1.5, Number.NaN]) expect(retentionDaysProblem(bad)).toMatch(/from 1 to 36500/);
  });

  it("expires whole weeks: before the Monday on or before now − days", () => {
    // 2026-02-04 (Wednesday) − 7 days = 2026-01-28 (Wednesday) → its Monday 2026-01-26.
    expect(expiredBefore(7, d("2026-02-04T10:00:00Z"))!.toISOString()).toBe("2026-01-26T00:00:00.000Z");
    expect(expiredBefore(null, d("2026-02-04T10:00:00Z"))).toBeNull();
  });
});

describe("retentionPlan", () => {
  const now = d("2026-02-02T12:00:00Z"); // 7 days: expired before 2026-01-26
  const retention = new Map<string, number | null>([["short", 7], ["forever", null], ["long", 30]]);

  it("drops a week whose every system with rows has expired it; purges where another keeps it", () => {
    const plan = retentionPlan(
      [
        { partition: week("2026-01-05"), systemIds: ["short"] },
        { partition: week("2026-01-12"), systemIds: ["short", "forever"] },
        { partition: week("2026-01-19"), systemIds: ["short", "long"] },
        { partition: week("2026-01-26"), systemIds: ["short"] }, // ends 2026-02-02 > 2026-01-26: kept
      ],
      retention,
      now,
    );
    expect(plan.drop.map((p) => p.name)).toEqual(["predictions_p20260105"]);
    expect(plan.purge.map((p) => [p.partition.name, p.systemId])).toEqual([
      ["predictions_p20260112", "short"],
      ["predictions_p20260119", "short"],
    ]);
  });

  it("keeps an empty week while a system keeps raw rows forever (a backfill may come); drops it once all have expired it", () => {
    expect(retentionPlan([{ partition: week("2026-01-05"), systemIds: [] }], retention, now).drop).toEqual([]);
    const finite = new Map<string, number | null>([["short", 7], ["long", 14]]);
    expect(retentionPlan([{ partition: week("2026-01-05"), systemIds: [] }], finite, now).drop.map((p) => p.name)).toEqual(["predictions_p20260105"]);
    expect(retentionPlan([{ partition: week("2026-01-19"), systemIds: [] }], finite, now).drop).toEqual([]); // 14 days: before 2026-01-19
  });

  it("does nothing without systems", () => {
    expect(retentionPlan([{ partition: week("2026-01-05"), systemIds: [] }], new Map(), now)).toEqual({ drop: [], purge: [] });
  });
});
