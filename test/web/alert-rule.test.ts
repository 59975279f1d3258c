// Reading alert rules in the dashboard (web/lib/alert-rule.ts): its operators are the API's
// (api/src/analytics/health/model-health.ts), and rules parse as the API writes them.
import { describe, expect, it } from "vitest";
import { RULE_OPERATORS as API_RULE_OPERATORS } from "../../api/src/analytics/health/model-health.js";
import { parseAlertRule, RULE_OPERATORS, trailingComparison } from "../../web/lib/alert-rule.js";

describe("web/lib/alert-rule", () => {
  it("has the API's operators", () => {
    expect([...RULE_OPERATORS].sort()).toEqual([...API_RULE_OPERATORS].sort());
  });

  it.each([
    { text: "ctr < 0.1", expected: { metric: "ctr", operator: "<", threshold: 0.1 } },
    { text: "accuracy <= 0.8", expected: { metric: "accuracy", operator: "<=", threshold: 0.8 } },
    { text: "p95_latency:ms >= 1e3", expected: { metric: "p95_latency:ms", operator: ">=", threshold: 1000 } },
    { text: " loss>-2.5 ", expected: { metric: "loss", operator: ">", threshold: -2.5 } },
    { text: "drift:speed", expected: null },
    { text: "1st < 2", expected: null },
  ])("parseAlertRule($text)", ({ text, expected }) => {
    expect(parseAlertRule(text)).toEqual(expected);
  });

  it("reads the comparison a text ends with, as written", () => {
    expect(trailingComparison("ctr <= 0.10")).toEqual({ operator: "<=", value: "0.10" });
    expect(trailingComparison("drift:speed")).toBeNull();
  });
});
