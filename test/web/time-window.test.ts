// The dashboard's window arithmetic (web/lib/time-window.ts): windows aligned to the epoch.
import { describe, expect, it } from "vitest";
import {
  alignToWindow,
  endOfWindowBefore,
  isWindowBoundary,
  lastClosedWindowEnd,
  nextBoundary,
  previousWindowStart,
  windowLengthMs,
} from "../../web/lib/time-window.js";

const HOUR = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("web/lib/time-window", () => {
  it("windowLengthMs turns seconds into ms", () => {
    expect(windowLengthMs(3600)).toBe(HOUR);
  });

  it.each([
    { name: "inside a window", t: "2026-01-01T10:30:00Z", start: "2026-01-01T10:00:00Z", next: "2026-01-01T11:00:00Z", endBefore: "2026-01-01T11:00:00Z" },
    { name: "on a boundary", t: "2026-01-01T10:00:00Z", start: "2026-01-01T10:00:00Z", next: "2026-01-01T11:00:00Z", endBefore: "2026-01-01T10:00:00Z" },
    { name: "one ms past a boundary", t: "2026-01-01T10:00:00.001Z", start: "2026-01-01T10:00:00Z", next: "2026-01-01T11:00:00Z", endBefore: "2026-01-01T11:00:00Z" },
    { name: "before 1970", t: "1969-12-31T22:30:00Z", start: "1969-12-31T22:00:00Z", next: "1969-12-31T23:00:00Z", endBefore: "1969-12-31T23:00:00Z" },
  ])("aligns $name", ({ t, start, next, endBefore }) => {
    expect(alignToWindow(at(t), HOUR)).toBe(at(start));
    expect(nextBoundary(at(t), HOUR)).toBe(at(next));
    expect(endOfWindowBefore(at(t), HOUR)).toBe(at(endBefore));
  });

  it("the window before, and the last closed window's end", () => {
    expect(previousWindowStart(at("2026-01-01T10:00:00Z"), HOUR)).toBe(at("2026-01-01T09:00:00Z"));
    expect(lastClosedWindowEnd(at("2026-01-01T10:59:59Z"), HOUR)).toBe(at("2026-01-01T10:00:00Z"));
    expect(lastClosedWindowEnd(at("2026-01-01T11:00:00Z"), HOUR)).toBe(at("2026-01-01T11:00:00Z"));
  });

  it.each([
    { name: "a boundary", t: at("2026-01-01T10:00:00Z"), ms: HOUR, expected: true },
    { name: "inside a window", t: at("2026-01-01T10:00:01Z"), ms: HOUR, expected: false },
    { name: "not a date", t: Number.NaN, ms: HOUR, expected: false },
    { name: "no window length", t: 0, ms: 0, expected: false },
  ])("isWindowBoundary: $name", ({ t, ms, expected }) => {
    expect(isWindowBoundary(t, ms)).toBe(expected);
  });
});
