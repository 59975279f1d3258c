// A rollout at the onset of a model's trouble as root-cause evidence: hand-derived weights.
import { describe, expect, it } from "vitest";
import { rolloutEvidence, troubleOnset } from "../../../api/src/analytics/remediation/rollout-evidence.js";

const H = 3600_000;
const T = Date.UTC(2026, 0, 5);
describe("rolloutEvidence", () => {
  const rollouts = [
    { modelId: "cam", version: "3.2", previousVersion: "3.1", liveAt: new Date(T + 2 * H + 600_000) },
    { modelId: "fus", version: "2.0", previousVersion: "1.9", liveAt: new Date(T) },
    { modelId: "lid", version: "5", previousVersion: "4", liveAt: new Date(T + 1 * H) },
    { modelId: "plan", version: "7", previousVersion: "6", liveAt: new Date(T + 5 * H) },
  ];
  const onsets = new Map([["cam", new Date(T + 2 * H)], ["fus", new Date(T + 2 * H)], ["lid", new Date(T + 2 * H)], ["plan", new Date(T + 2 * H)]]);
  const found = rolloutEvidence({ rollouts, onsets, windowSeconds: 3600, keyOf: (id) => id });

  it("weighs a rollout in the onset's window 1, a window before ½, two windows before ¼; later or older ones not at all", () => {
    expect(found.map((e) => [e.modelId, e.weight, e.windowsBeforeOnset])).toEqual([["cam", 1, 0], ["lid", 0.5, 1], ["fus", 0.25, 2]]);
  });
  it("says what changed and when", () => {
    expect(found[0]!.sentence).toBe("cam went from 3.1 to 3.2 in the window its trouble started");
    expect(found[1]!.sentence).toBe("lid went from 4 to 5 1 window(s) before its trouble started");
  });
  it("refuses a window length that is not positive", () => {
    expect(() => rolloutEvidence({ rollouts, onsets, windowSeconds: 0 })).toThrow(/^analytics\/remediation\/rollout-evidence: windowSeconds must be positive/);
  });
});

describe("troubleOnset", () => {
  const w = (h: number, status: string) => ({ windowStart: new Date(Date.UTC(2026, 0, 1, h)), status });
  it("is the first window of the non-healthy run reaching the newest window", () => {
    expect(troubleOnset([w(5, "FAILING"), w(4, "DEGRADED"), w(3, "FAILING"), w(2, "HEALTHY"), w(1, "FAILING")])).toEqual(new Date(Date.UTC(2026, 0, 1, 3)));
    expect(troubleOnset([w(5, "DEGRADED")])).toEqual(new Date(Date.UTC(2026, 0, 1, 5)));
  });
  it("is null for a healthy model (its recent rollout is not named) and without history", () => {
    expect(troubleOnset([w(5, "HEALTHY"), w(4, "FAILING")])).toBeNull();
    expect(troubleOnset([])).toBeNull();
  });
});
