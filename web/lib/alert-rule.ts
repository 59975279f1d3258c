// An alert rule as the dashboard reads it from an alert's text ("ctr < 0.1"): the schema exposes
// rules only through their alerts and types `operator` as a String, so the operators here are the
// dashboard's one copy of RULE_OPERATORS in api/src/analytics/health/model-health.ts (web/ may
// import only web/). Change both together.
import { METRIC_NAME_BODY } from "./metric-name";

export const RULE_OPERATORS = ["<", "<=", ">", ">="] as const;
export type RuleOperator = (typeof RULE_OPERATORS)[number];

export interface AlertRule {
  metric: string;
  operator: RuleOperator;
  threshold: number;
}

/** The operators as a regex alternation, longest first ("<=" before "<"). */
const OPERATOR = [...RULE_OPERATORS].sort((a, b) => b.length - a.length).join("|");
const RULE = new RegExp(String.raw`^\s*(${METRIC_NAME_BODY})\s*(${OPERATOR})\s*(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*$`, "i");
const TRAILING_COMPARISON = new RegExp(String.raw`(${OPERATOR})\s*(-?[\d.]+(?:e[-+]?\d+)?)\s*$`, "i");

/** "ctr < 0.1" → { metric: "ctr", operator: "<", threshold: 0.1 }; null when the text is no rule. */
export function parseAlertRule(text: string): AlertRule | null {
  const m = RULE.exec(text);
  return m ? { metric: m[1]!, operator: m[2] as RuleOperator, threshold: Number(m[3]) } : null;
}

/** The comparison a text ends with ("… >= 0.5" → ">=", "0.5"), as written; null when none. */
export function trailingComparison(text: string): { operator: RuleOperator; value: string } | null {
  const m = TRAILING_COMPARISON.exec(text);
  return m ? { operator: m[1] as RuleOperator, value: m[2]! } : null;
}
