// Every list is defined once and everything else derives from it (docs/architecture.md): the
// GraphQL enums equal the lists in analytics/, and no other source file in api/, graph/ or web/
// spells one of the lists again as an array literal or a union of string literals. Layers that the
// import rules keep away from analytics/ keep their own copy (EXEMPT, with the reason); copies
// that other work still has to remove are named in PENDING. The test fails when a new copy
// appears or an EXEMPT one is gone; a PENDING copy that is gone is only reported.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { buildSchema, isEnumType } from "graphql";
import { describe, expect, it } from "vitest";
import { API_SCOPES } from "../../api/src/services/auth.js";
import { DRIFT_TEST_NAMES } from "../../api/src/analytics/drift/drift-tests.js";
import { FEATURE_KINDS } from "../../api/src/analytics/feature-kinds.js";
import { HEALTH_STATUSES, RULE_OPERATORS } from "../../api/src/analytics/health/model-health.js";
import { SIGNAL_KINDS } from "../../api/src/analytics/health/signal-kinds.js";
import { MODEL_TASKS } from "../../api/src/analytics/model-tasks.js";
import { LOWER_IS_BETTER_METRICS } from "../../api/src/analytics/performance/metric-direction.js";
import { METRIC_NAME_PATTERN } from "../../api/src/analytics/performance/metric-name.js";
import { PRIORITY_STRATEGIES } from "../../api/src/analytics/prioritize/strategies.js";
import { ACTION_KINDS, ACTION_STATUSES, AUDIT_EVENTS, POLICY_MODES } from "../../api/src/analytics/remediation/remediation-lists.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

interface List {
  name: string;
  values: readonly string[];
  /** The file that defines it (repo path). */
  home: string;
  /** The GraphQL enum built from it, if any. */
  graphqlEnum?: string;
}

const LISTS: List[] = [
  { name: "priority strategies", values: PRIORITY_STRATEGIES, home: "api/src/analytics/prioritize/strategies.ts", graphqlEnum: "PriorityStrategy" },
  { name: "model tasks", values: MODEL_TASKS, home: "api/src/analytics/model-tasks.ts", graphqlEnum: "ModelTask" },
  { name: "feature kinds", values: FEATURE_KINDS, home: "api/src/analytics/feature-kinds.ts", graphqlEnum: "FeatureKind" },
  { name: "drift tests", values: DRIFT_TEST_NAMES, home: "api/src/analytics/drift/drift-tests.ts", graphqlEnum: "DriftTest" },
  { name: "health statuses", values: HEALTH_STATUSES, home: "api/src/analytics/health/model-health.ts", graphqlEnum: "HealthStatus" },
  { name: "signal kinds", values: SIGNAL_KINDS, home: "api/src/analytics/health/signal-kinds.ts" },
  { name: "lower-is-better metrics", values: LOWER_IS_BETTER_METRICS, home: "api/src/analytics/performance/metric-direction.ts" },
  { name: "API scopes", values: API_SCOPES, home: "api/src/services/auth.ts", graphqlEnum: "ApiScope" },
  { name: "rule operators", values: RULE_OPERATORS, home: "api/src/analytics/health/model-health.ts" },
  { name: "remediation action kinds", values: ACTION_KINDS, home: "api/src/analytics/remediation/remediation-lists.ts", graphqlEnum: "RemediationActionKind" },
  { name: "remediation modes", values: POLICY_MODES, home: "api/src/analytics/remediation/remediation-lists.ts", graphqlEnum: "RemediationMode" },
  { name: "remediation action statuses", values: ACTION_STATUSES, home: "api/src/analytics/remediation/remediation-lists.ts", graphqlEnum: "RemediationActionStatus" },
  { name: "remediation audit events", values: AUDIT_EVENTS, home: "api/src/analytics/remediation/remediation-lists.ts", graphqlEnum: "RemediationAuditEvent" },
];

/**
 * Copies in layers that may not import analytics/ (test/architecture/import-rules.test.ts): the
 * database layer (entity column types; the migrations' CHECK constraints list the same values) and
 * the demo, a client of the public API that imports only its own files; and the dashboard's one
 * copy of the metric-name rule and of the rule operators (web/ imports only web/, and the schema
 * types a metric and an operator as Strings).
 */
const EXEMPT: Record<string, string[]> = {
  "api/src/db/entities/model.entity.ts": ["model tasks", "feature kinds"],
  "api/src/db/entities/api-key.entity.ts": ["API scopes"],
  "api/src/db/repositories/onset-repository.ts": ["feature kinds"],
  "api/src/db/repositories/health-repository.ts": ["rule operators"],
  "api/src/demo/demo-data.ts": ["model tasks", "feature kinds", "rule operators"],
  "web/lib/metric-name.ts": ["metric-name rule"],
  "web/lib/alert-rule.ts": ["rule operators"],
};

/**
 * Copies their owners are removing: path → list names. Empty since issue #13; none may be added in
 * api/ (the API's lists all derive from their homes).
 */
const PENDING: Record<string, string[]> = {};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === "node_modules" || name === "dist" || name === ".next" || name === "generated" || name.startsWith(".")) continue;
    const rel = join(dir, name);
    if (statSync(join(ROOT, rel)).isDirectory()) out.push(...sources(rel));
    else if (/\.(ts|tsx|mjs)$/.test(name) && !name.endsWith(".d.ts")) out.push(rel.split("\\").join("/"));
  }
  return out;
}

// ["A", "B", …] or "A" | "B" | … (two or more string literals).
const ARRAY_OF_STRINGS = /\[\s*(?:"[^"\n]*"\s*,\s*)+"[^"\n]*"\s*,?\s*\]/g;
const UNION_OF_STRINGS = /"[^"\n]*"(?:\s*\|\s*"[^"\n]*")+/g;

/** The lists a source text spells in full (as one array literal or one union). */
function spelled(text: string): string[] {
  const found = new Set<string>();
  for (const m of [...text.matchAll(ARRAY_OF_STRINGS), ...text.matchAll(UNION_OF_STRINGS)]) {
    const values = new Set([...m[0].matchAll(/"([^"\n]*)"/g)].map((v) => v[1]!));
    for (const list of LISTS) if (list.values.every((v) => values.has(v))) found.add(list.name);
  }
  return [...found];
}

const METRIC_NAME_SOURCE = METRIC_NAME_PATTERN.source;

describe("one source for every list", () => {
  const schema = buildSchema(readFileSync(join(ROOT, "api/schema.graphql"), "utf8"));
  it.each(LISTS.filter((l) => l.graphqlEnum))("the GraphQL enum of $name has exactly its values", (list) => {
    const type = schema.getType(list.graphqlEnum!);
    expect(type && isEnumType(type)).toBe(true);
    const values = isEnumType(type) ? type.getValues().map((v) => v.name) : [];
    expect([...values].sort()).toEqual([...list.values].sort());
  });

  it("HealthSignal.kind lists every signal kind", () => {
    const description = (schema.getType("HealthSignal") as { getFields?: () => Record<string, { description?: string | null }> }).getFields?.().kind?.description ?? "";
    for (const kind of SIGNAL_KINDS) expect(description).toContain(`"${kind}"`);
  });

  it("no list is spelled out again, and the metric-name rule is written once", () => {
    expect(Object.keys(PENDING).filter((f) => f.startsWith("api/")), "the API has no pending copies").toEqual([]);
    const found: string[] = [];
    // The browser checks are clients of the API as the dashboard is, and may import analytics/ (tests).
    for (const file of [...sources("api"), ...sources("graph"), ...sources("web"), ...sources("test/e2e")]) {
      const text = readFileSync(join(ROOT, file), "utf8");
      for (const name of spelled(text)) if (LISTS.find((l) => l.name === name)!.home !== file) found.push(`${file}: ${name}`);
      if (file !== "api/src/analytics/performance/metric-name.ts" && text.includes(METRIC_NAME_SOURCE)) found.push(`${file}: metric-name rule`);
    }
    const entries = (table: Record<string, string[]>) => Object.entries(table).flatMap(([file, names]) => names.map((n) => `${file}: ${n}`));
    const exempt = entries(EXEMPT);
    const pending = entries(PENDING);
    expect(found.filter((f) => !exempt.includes(f) && !pending.includes(f)), "lists spelled outside their home").toEqual([]);
    expect(exempt.filter((k) => !found.includes(k)), "EXEMPT names copies that are gone: remove them").toEqual([]);
    const gone = pending.filter((p) => !found.includes(p));
    if (gone.length > 0) console.log(`lists: pending copies already removed (drop them from PENDING): ${gone.join("; ")}`);
  });

  it("the detector finds arrays and unions of a list (self-test)", () => {
    expect(spelled(`const A = ["COMBINED", "DISAGREEMENT", "UNCERTAINTY", "LABEL_ERROR", "DRIFT", "BLAME"];`)).toEqual(["priority strategies"]);
    expect(spelled(`type T = "NUMERIC" | "CATEGORICAL";`)).toEqual(["feature kinds"]);
    expect(spelled(`const x = ["log_loss", "brier", "mae", "rmse", "mape", "extra"] as const;`)).toEqual(["lower-is-better metrics"]);
    expect(spelled(`if (kind === "NUMERIC") return "CATEGORICAL";`)).toEqual([]);
    expect(spelled(`operator: "<" | "<=" | ">" | ">=";`)).toEqual(["rule operators"]);
  });
});
