import { describe, expect, it } from "vitest";
import { anomalousRun } from "../../graph/index.js";

// Hand-derived: windows of 10 min; history written oldest → newest, "A" anomalous, "." not; the
// evaluated window (anomalous) follows the history.
const W = 600_000;
const T = Date.UTC(2026, 0, 1, 10, 0);
function run(history: string, maxGapWindows?: number, lookbackWindows = history.length) {
  const start = T + history.length * W;
  const anomalous = new Set([...history].flatMap((c, i) => (c === "A" ? [T + i * W] : [])));
  const r = anomalousRun({ windowStart: start, windowMs: W, lookbackWindows, anomalousAt: (t) => anomalous.has(t), ...(maxGapWindows === undefined ? {} : { maxGapWindows }) });
  return { onset: (r.onset - T) / W, since: (r.since - T) / W };
}

describe("anomalousRun", () => {
  it("a first anomalous window: onset and since are the window itself", () => {
    expect(run("....")).toEqual({ onset: 4, since: 4 });
  });
  it("an unbroken run: both go back to its start", () => {
    expect(run("..AAA")).toEqual({ onset: 2, since: 2 });
  });
  it("a one-window gap joins two runs into one episode; since stays at the last run", () => {
    expect(run(".AA.A")).toEqual({ onset: 1, since: 4 });
    expect(run("A.A.A.")).toEqual({ onset: 0, since: 6 }); // a gap right before: still the same episode
    expect(run("A.A.A")).toEqual({ onset: 0, since: 4 });
  });
  it("a two-window gap ends the episode (default maxGapWindows 1); maxGapWindows 2 joins it", () => {
    expect(run("AA..A")).toEqual({ onset: 4, since: 4 });
    expect(run("AA..A", 2)).toEqual({ onset: 0, since: 4 });
    expect(run(".A.AA", 0)).toEqual({ onset: 3, since: 3 });
  });
  it("looks back no further than lookbackWindows", () => {
    expect(run("AAAAAA", 1, 3)).toEqual({ onset: 3, since: 3 });
    expect(run("A.AAAA", 1, 5)).toEqual({ onset: 2, since: 2 });
    expect(run("A.AAAA", 1, 6)).toEqual({ onset: 0, since: 2 });
  });
  it("refuses bad arguments, naming them", () => {
    const base = { windowStart: T, windowMs: W, lookbackWindows: 3, anomalousAt: () => false };
    expect(() => anomalousRun({ ...base, windowMs: 0 })).toThrow("graph/anomalous-run: windowMs must be positive, got 0");
    expect(() => anomalousRun({ ...base, lookbackWindows: -1 })).toThrow("graph/anomalous-run: lookbackWindows must be a non-negative integer, got -1");
    expect(() => anomalousRun({ ...base, maxGapWindows: 0.5 })).toThrow("graph/anomalous-run: maxGapWindows must be a non-negative integer, got 0.5");
    expect(() => anomalousRun({ ...base, windowStart: Number.NaN })).toThrow("graph/anomalous-run: windowStart must be finite, got NaN");
  });
});
