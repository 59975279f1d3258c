// The TimeWindow module's arithmetic on hand-derived cases: alignment to the epoch (UTC), instants
// before 1970, window lengths that do not divide a day, DST dates (none: UTC), ranges and shifts.
import { describe, expect, it } from "vitest";
import {
  countWindowsCovering, isWindowBoundary, lastClosedWindow, previousWindow, shiftByWindows, windowBefore, windowContaining, windowLengthMs, windowMs, windowStartingAt, windowsCovering,
} from "../../../api/src/analytics/health/time-window.js";

const iso = (w: { from: Date; to: Date }) => [w.from.toISOString(), w.to.toISOString()];
const d = (s: string) => new Date(s);

describe("windowContaining / windowBefore / lastClosedWindow", () => {
  const cases: Array<{ name: string; at: string | number; seconds: number; containing: [string, string]; before: [string, string]; lastClosed: [string, string] }> = [
    {
      name: "1 h, inside a window", at: "2026-01-05T10:30:00.000Z", seconds: 3600,
      containing: ["2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z"], before: ["2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z"], lastClosed: ["2026-01-05T09:00:00.000Z", "2026-01-05T10:00:00.000Z"],
    },
    {
      name: "1 h, on a boundary", at: "2026-01-05T10:00:00.000Z", seconds: 3600,
      containing: ["2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z"], before: ["2026-01-05T09:00:00.000Z", "2026-01-05T10:00:00.000Z"], lastClosed: ["2026-01-05T09:00:00.000Z", "2026-01-05T10:00:00.000Z"],
    },
    {
      // 1767571200 s mod 7 = 3 (7 × 252510171 = 1767571197): midnight lies 3 s into its window.
      name: "7 s windows (do not divide a day), at midnight", at: "2026-01-05T00:00:00.000Z", seconds: 7,
      containing: ["2026-01-04T23:59:57.000Z", "2026-01-05T00:00:04.000Z"], before: ["2026-01-04T23:59:57.000Z", "2026-01-05T00:00:04.000Z"], lastClosed: ["2026-01-04T23:59:50.000Z", "2026-01-04T23:59:57.000Z"],
    },
    {
      // 1767571200 s = 327328 × 5400: a boundary of 90 min windows.
      name: "90 min windows, on the day's boundary", at: "2026-01-05T00:00:00.000Z", seconds: 5400,
      containing: ["2026-01-05T00:00:00.000Z", "2026-01-05T01:30:00.000Z"], before: ["2026-01-04T22:30:00.000Z", "2026-01-05T00:00:00.000Z"], lastClosed: ["2026-01-04T22:30:00.000Z", "2026-01-05T00:00:00.000Z"],
    },
    {
      name: "before the epoch: 1 ms before 1970", at: -1, seconds: 60,
      containing: ["1969-12-31T23:59:00.000Z", "1970-01-01T00:00:00.000Z"], before: ["1969-12-31T23:59:00.000Z", "1970-01-01T00:00:00.000Z"], lastClosed: ["1969-12-31T23:58:00.000Z", "1969-12-31T23:59:00.000Z"],
    },
    {
      name: "at the epoch", at: 0, seconds: 60,
      containing: ["1970-01-01T00:00:00.000Z", "1970-01-01T00:01:00.000Z"], before: ["1969-12-31T23:59:00.000Z", "1970-01-01T00:00:00.000Z"], lastClosed: ["1969-12-31T23:59:00.000Z", "1970-01-01T00:00:00.000Z"],
    },
    {
      // −61 s: floor(−61/60) = −2 → [−120 s, −60 s); 13 s windows: floor(−61/13) = −5 → [−65 s, −52 s).
      name: "before the epoch, a negative odd offset", at: -61_000, seconds: 13,
      containing: ["1969-12-31T23:58:55.000Z", "1969-12-31T23:59:08.000Z"], before: ["1969-12-31T23:58:55.000Z", "1969-12-31T23:59:08.000Z"], lastClosed: ["1969-12-31T23:58:42.000Z", "1969-12-31T23:58:55.000Z"],
    },
    {
      // Europe switches to summer time on 2026-03-29 and the US on 2026-03-08: UTC windows do not.
      name: "1 day across the European DST switch", at: "2026-03-29T01:30:00.000Z", seconds: 86_400,
      containing: ["2026-03-29T00:00:00.000Z", "2026-03-30T00:00:00.000Z"], before: ["2026-03-29T00:00:00.000Z", "2026-03-30T00:00:00.000Z"], lastClosed: ["2026-03-28T00:00:00.000Z", "2026-03-29T00:00:00.000Z"],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const at = new Date(c.at);
      expect(iso(windowContaining(at, c.seconds))).toEqual(c.containing);
      expect(iso(windowBefore(at, c.seconds))).toEqual(c.before);
      expect(iso(lastClosedWindow(at, c.seconds))).toEqual(c.lastClosed);
    });
  }
});

describe("ranges and shifts", () => {
  it("windowsCovering: from the window holding `from` to the last starting before `to`", () => {
    expect(windowsCovering(d("2026-01-05T10:30:00Z"), d("2026-01-05T13:00:00Z"), 3600).map((w) => w.from.toISOString())).toEqual([
      "2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z", "2026-01-05T12:00:00.000Z",
    ]);
    expect(countWindowsCovering(d("2026-01-05T10:30:00Z"), d("2026-01-05T13:00:00.001Z"), 3600)).toBe(4);
    expect(countWindowsCovering(d("2026-01-05T10:30:00Z"), d("2026-01-05T10:30:00Z"), 3600)).toBe(1);
    expect(countWindowsCovering(d("2026-01-05T10:30:00Z"), d("2026-01-05T09:00:00Z"), 3600)).toBe(0);
    expect(windowsCovering(d("2026-01-05T10:30:00Z"), d("2026-01-05T09:00:00Z"), 3600)).toEqual([]);
  });

  it("windowsCovering: whole UTC days across both DST switches of 2026 (every one 24 h)", () => {
    const days = windowsCovering(d("2026-03-07T12:00:00Z"), d("2026-03-30T00:00:00Z"), 86_400);
    expect(days).toHaveLength(23);
    expect(days[0]!.from.toISOString()).toBe("2026-03-07T00:00:00.000Z");
    expect(days.at(-1)!.from.toISOString()).toBe("2026-03-29T00:00:00.000Z");
    for (const w of days) expect(windowMs(w)).toBe(86_400_000);
  });

  it("previousWindow, windowStartingAt, shiftByWindows, isWindowBoundary", () => {
    const w = windowStartingAt(d("2026-01-05T10:00:00Z"), 3600);
    expect(iso(w)).toEqual(["2026-01-05T10:00:00.000Z", "2026-01-05T11:00:00.000Z"]);
    expect(iso(previousWindow(w))).toEqual(["2026-01-05T09:00:00.000Z", "2026-01-05T10:00:00.000Z"]);
    expect(iso(previousWindow({ from: new Date(0), to: new Date(7_000) }))).toEqual(["1969-12-31T23:59:53.000Z", "1970-01-01T00:00:00.000Z"]);
    expect(shiftByWindows(d("2026-01-05T10:00:00Z"), -48, 3600).toISOString()).toBe("2026-01-03T10:00:00.000Z");
    expect(shiftByWindows(d("2026-01-05T10:00:00Z"), 3, 7).toISOString()).toBe("2026-01-05T10:00:21.000Z");
    expect(isWindowBoundary(d("2026-01-05T00:00:00Z"), 5400)).toBe(true);
    expect(isWindowBoundary(d("2026-01-05T00:00:00Z"), 7)).toBe(false);
    expect(isWindowBoundary(d("2026-01-05T00:00:04Z"), 7)).toBe(true);
    expect(isWindowBoundary(new Date(-65_000), 13)).toBe(true);
    expect(windowLengthMs(90)).toBe(90_000);
  });

  it("rejects bad lengths, counts and instants, naming the module", () => {
    for (const s of [0, -60, 1.5, Number.NaN]) expect(() => windowContaining(new Date(0), s)).toThrow(/^analytics\/time-window: windowContaining: windowSeconds must be a positive integer/);
    expect(() => windowBefore(new Date("nope"), 60)).toThrow(/^analytics\/time-window: windowBefore: expected a valid Date/);
    expect(() => shiftByWindows(new Date(0), 0.5, 60)).toThrow(/count must be an integer/);
    expect(() => previousWindow({ from: new Date(5), to: new Date(5) })).toThrow(/must end after it starts/);
  });
});
