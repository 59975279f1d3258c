// Applies graphql/query-limits.ts to one operation before it runs: depth and aliases with
// GraphQL Armor's validation rules, fields and cost with graphql-query-complexity. Used by the
// HTTP path (an Apollo plugin) and by graphql-ws subscriptions alike.
import { GraphQLError, getNamedType, getNullableType, isCompositeType, isListType, validate, type DocumentNode, type GraphQLSchema, type ValidationContext } from "graphql";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { getComplexity, type ComplexityEstimator } from "graphql-query-complexity";
import { fieldCost, limitMessage, type QueryLimitName, type QueryLimits } from "./query-limits.js";

export interface CheckQueryLimitsArgs {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  limits: QueryLimits;
}

/** A refused operation: BAD_USER_INPUT with the limit, its maximum and what was measured. */
export function queryLimitError(limit: QueryLimitName, max: number, measured: number | string): GraphQLError {
  return new GraphQLError(limitMessage(limit, max, measured), {
    extensions: { code: "BAD_USER_INPUT", limit, max, measured, http: { status: 400 } },
  });
}

/** "… limit of 12 exceeded, found 41." → 41 (GraphQL Armor states what it found in its message). */
function found(error: GraphQLError): number | string {
  const m = /found (\d+)/.exec(error.message);
  return m ? Number(m[1]) : "over the limit";
}

const estimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  // Introspection (the explorer) is read from the schema in memory: free.
  if (type.name.startsWith("__") || field.name.startsWith("__")) return childComplexity;
  const nullable = getNullableType(field.type);
  return fieldCost({
    typeName: type.name,
    fieldName: field.name,
    returnsList: isListType(nullable),
    returnsObject: isCompositeType(getNamedType(field.type)),
    args,
    childComplexity,
  });
};

/** The first limit the operation breaks, or undefined. The document must be valid already. */
export function checkQueryLimits(a: CheckQueryLimitsArgs): GraphQLError | undefined {
  const { limits } = a;
  const refused: GraphQLError[] = [];
  const reject = (limit: QueryLimitName, max: number) => (_context: ValidationContext | null, error: GraphQLError) => {
    refused.push(queryLimitError(limit, max, found(error)));
  };
  validate(a.schema, a.document, [
    maxDepthRule({ n: limits.maxDepth, flattenFragments: true, propagateOnRejection: false, onReject: [reject("depth", limits.maxDepth)] }),
    maxAliasesRule({ n: limits.maxAliases, propagateOnRejection: false, onReject: [reject("aliases", limits.maxAliases)] }),
  ]);
  if (refused.length > 0) return refused[0];
  let cost: number;
  try {
    cost = getComplexity({
      schema: a.schema,
      query: a.document,
      operationName: a.operationName ?? undefined,
      variables: a.variables ?? {},
      estimators: [estimator],
      // graphql-query-complexity counts selections as it expands fragments and stops past this.
      maxQueryNodes: limits.maxFields + 1,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      return queryLimitError("fields", limits.maxFields, `more than ${limits.maxFields}`);
    }
    // Bad variables and the like: execution reports them with their own codes.
    return undefined;
  }
  if (cost > limits.maxCost) return queryLimitError("cost", limits.maxCost, cost);
  return undefined;
}
