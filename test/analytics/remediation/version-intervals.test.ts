// When each version was live, hand-derived: 1.0 from 00:00, 1.1 from 02:00, 1.0 again from 05:00
// (a rollback), a re-registration of 1.0 at 06:00 continuing its interval.
import { describe, expect, it } from "vitest";
import { liveIntervals } from "../../../api/src/analytics/remediation/version-intervals.js";

const at = (h: number) => new Date(Date.UTC(2026, 0, 5, h));
const rollouts = [
  { version: "1.0", liveAt: at(0) },
  { version: "1.1", liveAt: at(2) },
  { version: "1.0", liveAt: at(5) },
  { version: "1.0", liveAt: at(6) },
];

describe("liveIntervals", () => {
  it.each([
    ["1.0", [{ from: at(0), to: at(2) }, { from: at(5), to: null }]],
    ["1.1", [{ from: at(2), to: at(5) }]],
    ["2.0", []],
  ])("version %s", (version, expected) => {
    expect(liveIntervals({ rollouts, version: version as string })).toEqual(expected);
  });
  it("refuses rollouts out of order", () => {
    expect(() => liveIntervals({ rollouts: [rollouts[1]!, rollouts[0]!], version: "1.0" })).toThrow(/^analytics\/remediation\/version-intervals: rollouts must be oldest first/);
  });
});
