// Measures one operation of a valid document: nesting depth, aliased fields, fields and estimated
// cost (graphql/query-limits.ts), fragments expanded. Each fragment is measured once and reused
// wherever it is spread, so the work is linear in the document's size even when fragments spread
// each other many times over (2^n fields from n short fragments).
//
// Hand-written on graphql-js: graphql-query-complexity and GraphQL Armor fit Apollo 5 too, but the
// layering rules (test/architecture/import-rules.test.ts) let graphql/ import graphql-js only.
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from "graphql";
import { fieldCost } from "./query-limits.js";

export interface OperationMeasure {
  depth: number;
  aliases: number;
  fields: number;
  cost: number;
}

export interface MeasureArgs {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** Coerced variable values of the operation. */
  variables: Record<string, unknown>;
}

const ZERO: OperationMeasure = Object.freeze({ depth: 0, aliases: 0, fields: 0, cost: 0 });

function add(a: OperationMeasure, b: OperationMeasure): OperationMeasure {
  return { depth: Math.max(a.depth, b.depth), aliases: a.aliases + b.aliases, fields: a.fields + b.fields, cost: a.cost + b.cost };
}

export function measureOperation(args: MeasureArgs): OperationMeasure {
  const { schema, fragments, variables } = args;
  const memo = new Map<string, OperationMeasure>();

  const included = (node: SelectionNode): boolean => {
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  };

  const typeNamed = (name: string | undefined, fallback: GraphQLCompositeType): GraphQLCompositeType => {
    const t = name === undefined ? undefined : schema.getType(name);
    return t && isCompositeType(t) ? t : fallback;
  };

  function selectionSet(set: SelectionSetNode, type: GraphQLCompositeType): OperationMeasure {
    let total = ZERO;
    for (const node of set.selections) {
      if (!included(node)) continue;
      if (node.kind === Kind.FIELD) total = add(total, field(node, type));
      else if (node.kind === Kind.INLINE_FRAGMENT) total = add(total, selectionSet(node.selectionSet, typeNamed(node.typeCondition?.name.value, type)));
      else total = add(total, spread(node.name.value, type));
    }
    return total;
  }

  function spread(name: string, type: GraphQLCompositeType): OperationMeasure {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment) return ZERO;
    memo.set(name, ZERO); // a cycle (refused by validation anyway) counts nothing
    const measured = selectionSet(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value, type));
    memo.set(name, measured);
    return measured;
  }

  function field(node: Extract<SelectionNode, { kind: Kind.FIELD }>, parent: GraphQLCompositeType): OperationMeasure {
    const name = node.name.value;
    // Introspection (the explorer) is answered from the schema in memory: free.
    if (name.startsWith("__")) return ZERO;
    const def = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
    if (!def) return ZERO;
    const named = getNamedType(def.type);
    const child = node.selectionSet && isCompositeType(named) ? selectionSet(node.selectionSet, named) : ZERO;
    return {
      depth: 1 + child.depth,
      aliases: (node.alias ? 1 : 0) + child.aliases,
      fields: 1 + child.fields,
      cost: fieldCost({
        typeName: parent.name,
        fieldName: name,
        returnsList: isListType(getNullableType(def.type)),
        returnsObject: isCompositeType(named),
        args: getArgumentValues(def, node, variables),
        childComplexity: child.cost,
      }),
    };
  }

  const root = schema.getRootType(args.operation.operation);
  return root ? selectionSet(args.operation.selectionSet, root) : ZERO;
}
