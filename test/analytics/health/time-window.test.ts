// Window arithmetic of the evaluator: the last closed window and the windows owed after an outage.
import { describe, expect, it } from "vitest";
import { lastClosedWindow, windowBefore, windowsToCatchUp } from "../../../api/src/analytics/health/time-window.js";

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5, 10); // a window boundary for 1 h windows
const at = (ms: number) => new Date(ms);
const starts = (ws: Array<{ from: Date }>) => ws.map((w) => (w.from.getTime() - T0) / H);

describe("windowBefore / lastClosedWindow", () => {
  const cases: Array<{ name: string; now: number; before: number; lastClosed: number }> = [
    { name: "inside a window", now: T0 + 1.5 * H, before: 1, lastClosed: 0 },
    { name: "at a boundary", now: T0 + 2 * H, before: 1, lastClosed: 1 },
    { name: "1 ms after a boundary", now: T0 + 2 * H + 1, before: 2, lastClosed: 1 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(starts([windowBefore(at(c.now), 3600)])).toEqual([c.before]);
      const w = lastClosedWindow(at(c.now), 3600);
      expect(starts([w])).toEqual([c.lastClosed]);
      expect(w.to.getTime() - w.from.getTime()).toBe(H);
      expect(w.to.getTime()).toBeLessThanOrEqual(c.now);
    });
  }
});

describe("windowsToCatchUp", () => {
  const now = T0 + 10 * H + 30_000; // the last closed window is [9 h, 10 h)
  const cases: Array<{ name: string; lastEvaluated: number | null; firstActivity: number | null; maxWindows: number; now?: number; expected: number[] }> = [
    { name: "up to date: nothing owed", lastEvaluated: T0 + 9 * H, firstActivity: T0, maxWindows: 48, expected: [] },
    { name: "the last closed window after the previous one (the usual round)", lastEvaluated: T0 + 8 * H, firstActivity: T0, maxWindows: 48, expected: [9] },
    { name: "after an outage: every window since the last evaluated, oldest first", lastEvaluated: T0 + 5 * H, firstActivity: T0, maxWindows: 48, expected: [6, 7, 8, 9] },
    { name: "bounded: at most maxWindows back", lastEvaluated: T0 + 2 * H, firstActivity: T0, maxWindows: 3, expected: [7, 8, 9] },
    { name: "nothing evaluated yet: from the first activity", lastEvaluated: null, firstActivity: T0 + 6 * H + 1_234, maxWindows: 48, expected: [6, 7, 8, 9] },
    { name: "nothing evaluated yet, first activity long ago: bounded", lastEvaluated: null, firstActivity: T0 - 100 * H, maxWindows: 2, expected: [8, 9] },
    { name: "nothing evaluated yet, first activity in the open window or later: the last closed one", lastEvaluated: null, firstActivity: T0 + 10 * H + 1, maxWindows: 48, expected: [9] },
    { name: "nothing known: the last closed window", lastEvaluated: null, firstActivity: null, maxWindows: 48, expected: [9] },
    { name: "the last evaluated window is ahead (evaluated by hand while open)", lastEvaluated: T0 + 10 * H, firstActivity: T0, maxWindows: 48, expected: [] },
    { name: "a last evaluated instant inside a window counts as that window", lastEvaluated: T0 + 7 * H + 5, firstActivity: T0, maxWindows: 48, expected: [8, 9] },
    { name: "now exactly at a boundary: the window that just ended is closed", lastEvaluated: T0 + 7 * H, firstActivity: T0, maxWindows: 48, now: T0 + 10 * H, expected: [8, 9] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const windows = windowsToCatchUp({
        now: at(c.now ?? now), windowSeconds: 3600, maxWindows: c.maxWindows,
        lastEvaluated: c.lastEvaluated === null ? null : at(c.lastEvaluated), firstActivity: c.firstActivity === null ? null : at(c.firstActivity),
      });
      expect(starts(windows)).toEqual(c.expected);
      for (const w of windows) expect(w.to.getTime() - w.from.getTime()).toBe(H);
    });
  }

  it("rejects a bad window length or bound, naming the module", () => {
    expect(() => windowsToCatchUp({ now: at(now), windowSeconds: 0, lastEvaluated: null, firstActivity: null, maxWindows: 1 })).toThrow(/^analytics\/time-window: windowsToCatchUp: windowSeconds/);
    expect(() => windowsToCatchUp({ now: at(now), windowSeconds: 60, lastEvaluated: null, firstActivity: null, maxWindows: 0 })).toThrow(/maxWindows/);
  });
});
