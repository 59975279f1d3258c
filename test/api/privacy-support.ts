// Support for the privacy tests: a query for every field of the GraphQL Query type, built from the
// schema's introspection (every argument filled from the test's ids and windows, every field without
// required arguments selected down to a depth), and a search of every table of the database.
import type { TestApp } from "../support/test-app.js";

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
type Arg = { name: string; type: TypeRef; defaultValue: string | null };
type FieldDef = { name: string; args: Arg[]; type: TypeRef };
type FullType = { name: string; kind: string; fields: FieldDef[] | null };

const INTROSPECT = `{ __schema { queryType { name } types { name kind fields { name args { name defaultValue type { ...T } } type { ...T } } } } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }`;

function named(t: TypeRef): TypeRef {
  return t.ofType ? named(t.ofType) : t;
}

function gqlType(t: TypeRef): string {
  if (t.kind === "NON_NULL") return `${gqlType(t.ofType!)}!`;
  if (t.kind === "LIST") return `[${gqlType(t.ofType!)}]`;
  return t.name!;
}

export interface QueryPlan {
  field: string;
  query: string;
  variables: Record<string, unknown>;
}

/** One query per Query field and argument binding; `values(arg)` returns the candidates for an argument (undefined: leave it out). */
export async function everyQuery(app: TestApp, values: (arg: string, type: string) => unknown[] | undefined, depth = 4): Promise<{ plans: QueryPlan[]; skipped: string[] }> {
  const r = await app.gql(INTROSPECT);
  const types = new Map<string, FullType>((r.data.__schema.types as FullType[]).map((t) => [t.name, t]));
  const query = types.get(r.data.__schema.queryType.name)!;
  const selection = (typeName: string, level: number): string => {
    const t = types.get(typeName)!;
    if (t.kind === "UNION" || t.kind === "INTERFACE") return "{ __typename }";
    const parts: string[] = [];
    for (const f of t.fields ?? []) {
      if (f.args.some((a) => a.type.kind === "NON_NULL" && a.defaultValue === null)) continue;
      const inner = named(f.type);
      if (inner.kind === "SCALAR" || inner.kind === "ENUM") parts.push(f.name);
      else if (level < depth) parts.push(`${f.name} ${selection(inner.name!, level + 1)}`);
    }
    return `{ ${parts.length ? parts.join(" ") : "__typename"} }`;
  };
  const plans: QueryPlan[] = [];
  const skipped: string[] = [];
  for (const f of query.fields ?? []) {
    const inner = named(f.type);
    const sel = inner.kind === "SCALAR" || inner.kind === "ENUM" ? "" : selection(inner.name!, 1);
    let bindings: Array<Record<string, unknown>> = [{}];
    let missing = false;
    for (const a of f.args) {
      const candidates = values(a.name, gqlType(a.type));
      if (candidates === undefined || candidates.length === 0) {
        if (a.type.kind === "NON_NULL" && a.defaultValue === null) missing = true;
        continue;
      }
      bindings = bindings.flatMap((b) => candidates.map((c) => ({ ...b, [a.name]: c })));
    }
    if (missing) {
      skipped.push(f.name);
      continue;
    }
    for (const b of bindings) {
      const used = f.args.filter((a) => a.name in b);
      const decl = used.length ? `(${used.map((a) => `$${a.name}: ${gqlType(a.type)}`).join(", ")})` : "";
      const call = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
      plans.push({ field: f.name, query: `query Q${decl} { ${f.name}${call} ${sel} }`, variables: b });
    }
  }
  return { plans, skipped };
}

/** Every table of the public schema, each row as JSON text. */
export async function tableTexts(app: TestApp): Promise<Map<string, string>> {
  const tables: Array<{ t: string }> = await app.db.dataSource.query(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
  const out = new Map<string, string>();
  for (const { t } of tables) {
    const rows: Array<{ j: string }> = await app.db.dataSource.query(`SELECT row_to_json(x)::text AS j FROM "${t}" x`);
    out.set(t, rows.map((r) => r.j).join("\n"));
  }
  return out;
}

/** The markers found in `text`. */
export function found(text: string, markers: readonly string[]): string[] {
  return markers.filter((m) => text.includes(m));
}
