// The dashboard's copy of the metric-name rule (web/lib/metric-name.ts) agrees with the API's
// (api/src/analytics/performance/metric-name.ts), case by case.
import { describe, expect, it } from "vitest";
import { isMetricName as apiIsMetricName } from "../../api/src/analytics/performance/metric-name.js";
import { isMetricName, METRIC_NAME_BODY } from "../../web/lib/metric-name.js";

describe("web/lib/metric-name", () => {
  it.each([
    { name: "ctr", ok: true },
    { name: "_private", ok: true },
    { name: "p95_latency:ms.v-2", ok: true },
    { name: "a".repeat(128), ok: true },
    { name: "a".repeat(129), ok: false },
    { name: "1st", ok: false },
    { name: "", ok: false },
    { name: "ctr < 0.1", ok: false },
    { name: "ünïcode", ok: false },
  ])("$name → $ok, as the API says", ({ name, ok }) => {
    expect(isMetricName(name)).toBe(ok);
    expect(apiIsMetricName(name)).toBe(ok);
  });

  it("the body matches a name inside a rule", () => {
    expect(new RegExp(`^(${METRIC_NAME_BODY}) <`).exec("ctr < 0.1")?.[1]).toBe("ctr");
  });
});
