// Applies graphql/query-limits.ts to one operation before it runs. Used by the HTTP path (an
// Apollo plugin) and by graphql-ws subscriptions alike.
import { GraphQLError, Kind, getOperationAST, getVariableValues, type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema } from "graphql";
import { measureOperation, type OperationMeasure } from "./measure-operation.js";
import { limitMessage, type QueryLimitName, type QueryLimits } from "./query-limits.js";

export interface CheckQueryLimitsArgs {
  schema: GraphQLSchema;
  /** A document that passed validation. */
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  limits: QueryLimits;
}

/** A refused operation: BAD_USER_INPUT with the limit, its maximum and what was measured. */
export function queryLimitError(limit: QueryLimitName, max: number, measured: number): GraphQLError {
  return new GraphQLError(limitMessage(limit, max, measured), {
    extensions: { code: "BAD_USER_INPUT", limit, max, measured, http: { status: 400 } },
  });
}

/** The limits in the order they are checked, with what each one compares. */
const CHECKS: ReadonlyArray<{ limit: QueryLimitName; max: keyof QueryLimits; measured: keyof OperationMeasure }> = [
  { limit: "depth", max: "maxDepth", measured: "depth" },
  { limit: "aliases", max: "maxAliases", measured: "aliases" },
  { limit: "fields", max: "maxFields", measured: "fields" },
  { limit: "cost", max: "maxCost", measured: "cost" },
];

/** The first limit the operation breaks, or undefined (also when its variables are invalid: execution reports those). */
export function checkQueryLimits(a: CheckQueryLimitsArgs): GraphQLError | undefined {
  const operation = getOperationAST(a.document, a.operationName ?? undefined);
  if (!operation) return undefined;
  const coerced = getVariableValues(a.schema, operation.variableDefinitions ?? [], a.variables ?? {});
  if (coerced.errors) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of a.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let measure: OperationMeasure;
  try {
    measure = measureOperation({ schema: a.schema, operation, fragments, variables: coerced.coerced });
  } catch (error) {
    if (error instanceof GraphQLError) return undefined; // an argument that does not coerce: execution says which
    throw error;
  }
  for (const check of CHECKS) {
    const value = measure[check.measured];
    if (value > a.limits[check.max]) return queryLimitError(check.limit, a.limits[check.max], Number.isFinite(value) ? Math.round(value) : Number.MAX_SAFE_INTEGER);
  }
  return undefined;
}
