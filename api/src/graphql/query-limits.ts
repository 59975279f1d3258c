// Limits of one GraphQL operation, checked before it runs (graphql/check-query-limits.ts), and
// the cost model behind `maxCost`. Pure decisions: no I/O.
//
// An operation is refused with `extensions.code` BAD_USER_INPUT (HTTP 400; over graphql-ws an
// error message) and `extensions.limit` ("depth" | "aliases" | "fields" | "cost"),
// `extensions.max` and `extensions.measured` when it is
//   - nested deeper than `maxDepth` fields (fragments expanded; a cycle such as
//     model.upstream.downstream.upstream… grows with every level),
//   - carries more than `maxAliases` aliased fields (1,000 aliases of one expensive field),
//   - selects more than `maxFields` fields once fragments are expanded,
//   - or is estimated to cost more than `maxCost`:
//       cost(field) = weight(field) + n × cost(its selection)
//     where n = the field's `first`/`limit`/`size` argument for a list (else DEFAULT_LIST_SIZE),
//     1 for a single object; weight is EXPENSIVE_FIELD_WEIGHTS for the fields that compute
//     (live health, drift, performance…), 1 for any other object field and 0 for a scalar.
// A refused operation is the client's to change: retrying the same one never helps.

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxFields: number;
  maxCost: number;
}

/** The defaults (TANDEM_GRAPHQL_MAX_*): the dashboard's largest query (144 aliased window verdicts) costs ~7,200. */
export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({ maxDepth: 12, maxAliases: 200, maxFields: 3_000, maxCost: 20_000 });

export type QueryLimitName = "depth" | "aliases" | "fields" | "cost";

/** What each limit measures, for error messages, and the env var that sets it. */
export const QUERY_LIMIT_TEXT: Record<QueryLimitName, { what: string; env: string }> = {
  depth: { what: "nesting depth", env: "TANDEM_GRAPHQL_MAX_DEPTH" },
  aliases: { what: "number of aliased fields", env: "TANDEM_GRAPHQL_MAX_ALIASES" },
  fields: { what: "number of fields (fragments expanded)", env: "TANDEM_GRAPHQL_MAX_FIELDS" },
  cost: { what: "estimated cost", env: "TANDEM_GRAPHQL_MAX_COST" },
};

/** Assumed length of a list field that takes no size argument (models, dependencies, alerts…). */
export const DEFAULT_LIST_SIZE = 10;

/** Arguments that bound a list's length, in order of preference. */
export const LIST_SIZE_ARGUMENTS = ["first", "limit", "size"] as const;

/**
 * Fields that compute rather than read (the live health of a window scores every model; a drift
 * report runs every test), as `Type.field`. Their weight counts once per occurrence: aliases of
 * the same field add up.
 */
export const EXPENSIVE_FIELD_WEIGHTS: Readonly<Record<string, number>> = Object.freeze({
  "Query.systemHealth": 50,
  "System.health": 50,
  "Query.rootCauses": 50,
  "Model.health": 20,
  "Query.driftReport": 100,
  "Query.performance": 20,
  "Query.forecast": 20,
  "Query.blastRadius": 10,
  "Query.retrainingCandidates": 10,
  "ModelHealth.anomalies": 5,
  "Mutation.evaluate": 100,
  "Mutation.claimRetrainingBatch": 10,
});

export interface FieldCostArgs {
  typeName: string;
  fieldName: string;
  /** The field returns a list (of anything). */
  returnsList: boolean;
  /** The field returns an object (not a scalar or enum). */
  returnsObject: boolean;
  args: Record<string, unknown>;
  /** Cost of the field's selection set, once. */
  childComplexity: number;
}

/** How many items a list field is expected to return. */
export function listSize(args: Record<string, unknown>): number {
  for (const name of LIST_SIZE_ARGUMENTS) {
    const n = args[name];
    if (typeof n === "number" && Number.isFinite(n)) return Math.max(0, Math.floor(n));
  }
  return DEFAULT_LIST_SIZE;
}

/** cost(field) = weight + n × cost(selection) (see the header). */
export function fieldCost(a: FieldCostArgs): number {
  const weight = EXPENSIVE_FIELD_WEIGHTS[`${a.typeName}.${a.fieldName}`] ?? (a.returnsObject ? 1 : 0);
  const n = a.returnsList ? listSize(a.args) : 1;
  return weight + n * a.childComplexity;
}

/** The message of a refused operation. */
export function limitMessage(limit: QueryLimitName, max: number, measured: number | string): string {
  const t = QUERY_LIMIT_TEXT[limit];
  return `operation refused before execution: its ${t.what} is ${measured}, above the limit of ${max} (${t.env}); ask for less in one operation (fewer levels, aliases or items) or split it`;
}
