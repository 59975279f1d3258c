// TANDEM_DEMO* parsing (api/src/config.ts) and the run decision of the demo process.
import { describe, expect, it } from "vitest";
import { ConfigError, parseDemoConfig } from "../../api/src/config.js";
import { demoDecision } from "../../api/src/demo/demo-runner.js";
import { DRIVING_SYSTEM_NAME } from "../../api/src/demo/driving-system.js";

describe("parseDemoConfig", () => {
  it("defaults: auto mode, 30 s windows, fault after 120 s, 24 history windows", () => {
    expect(parseDemoConfig({})).toEqual({ mode: "auto", windowSeconds: 30, faultAfterSeconds: 120, historyWindows: 24 });
  });

  it.each([
    ["1", "on"],
    ["0", "off"],
    ["", "auto"],
  ] as const)("TANDEM_DEMO=%j → %s", (raw, mode) => {
    expect(parseDemoConfig({ TANDEM_DEMO: raw }).mode).toBe(mode);
  });

  it("reads the window, the fault delay and the history", () => {
    expect(parseDemoConfig({ TANDEM_DEMO_WINDOW_SECONDS: "10", TANDEM_DEMO_FAULT_AFTER_SECONDS: "40", TANDEM_DEMO_HISTORY_WINDOWS: "0" })).toMatchObject({
      windowSeconds: 10, faultAfterSeconds: 40, historyWindows: 0,
    });
  });

  it.each([
    [{ TANDEM_DEMO: "yes" }, /TANDEM_DEMO must be 1 .* or 0 .*got "yes"/],
    [{ TANDEM_DEMO_WINDOW_SECONDS: "abc" }, /TANDEM_DEMO_WINDOW_SECONDS must be an integer in \[2, 86400\], got "abc"/],
    [{ TANDEM_DEMO_WINDOW_SECONDS: "1" }, /TANDEM_DEMO_WINDOW_SECONDS/],
    [{ TANDEM_DEMO_FAULT_AFTER_SECONDS: "-5" }, /TANDEM_DEMO_FAULT_AFTER_SECONDS/],
    [{ TANDEM_DEMO_HISTORY_WINDOWS: "2.5" }, /TANDEM_DEMO_HISTORY_WINDOWS/],
  ])("rejects %j with a message naming the variable", (env, message) => {
    expect(() => parseDemoConfig(env)).toThrow(ConfigError);
    expect(() => parseDemoConfig(env)).toThrow(message);
  });
});

describe("demoDecision", () => {
  it.each([
    ["on", ["Payments"], true],
    ["off", [], false],
    ["auto", [], true],
    ["auto", [DRIVING_SYSTEM_NAME, "Payments"], true],
    ["auto", ["Payments"], false],
  ] as const)("mode %s with systems %j → %s", (mode, names, run) => {
    expect(demoDecision(mode, names)).toBe(run);
  });
});
