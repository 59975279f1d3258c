// Operations over the query limits are refused before they run, with BAD_USER_INPUT naming the
// limit and what was measured, over HTTP and over graphql-ws; the dashboard's largest operations
// pass with the defaults. Subscription errors carry extensions.code.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEFAULT_QUERY_LIMITS, fieldCost } from "../../api/src/graphql/query-limits.js";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { firstResult } from "../support/ws-client.js";

let app: TestApp;
let systemId: string;
let modelId: string;
const clients: Client[] = [];

/** `model { upstream { downstream { upstream … { key } } } }`, `levels` list fields deep. */
function cyclic(levels: number): string {
  let inner = "key";
  for (let i = levels - 1; i >= 0; i -= 1) inner = `${i % 2 === 0 ? "upstream" : "downstream"} { ${inner} }`;
  return `query($m: ID!) { model(id: $m) { ${inner} } }`;
}

function aliases(n: number): string {
  const fields = Array.from({ length: n }, (_, i) => `a${i}: systemHealth(systemId: $s, at: "${new Date(Date.UTC(2026, 0, 1) + i * 3_600_000).toISOString()}") { status }`);
  return `query($s: ID!) {\n${fields.join("\n")}\n}`;
}

/** Fragments that double at each level: few characters, 2^levels fields once expanded. */
function fragmentBomb(levels: number): string {
  const fragments = [`fragment F0 on Model { id key name }`];
  for (let i = 1; i <= levels; i += 1) fragments.push(`fragment F${i} on Model { upstream { ...F${i - 1} } downstream { ...F${i - 1} } }`);
  return `query($m: ID!) { model(id: $m) { ...F${levels} } }\n${fragments.join("\n")}`;
}

async function post(query: string, variables: Record<string, unknown>) {
  const res = await fetch(`${app.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${app.adminKey}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } };
}

function subscribeOnce(query: string, variables: Record<string, unknown>): Promise<{ data?: unknown; errors?: any[] }> {
  const c = createClient({ url: `${app.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${app.adminKey}` }, retryAttempts: 0, lazy: true });
  clients.push(c);
  return firstResult(c, query, variables, "answer");
}

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false });
  const seeded = await seedSystem(app, "limits", [{ key: "a" }, { key: "b" }, { key: "c" }]);
  systemId = seeded.systemId;
  modelId = seeded.modelIds.a!;
  // A feedback loop: a → b → c → a, and a → c.
  for (const [from, to] of [["a", "b"], ["b", "c"], ["c", "a"], ["a", "c"]]) {
    const r = await app.gql(`mutation($s: ID!, $f: String!, $t: String!) { addDependency(systemId: $s, fromKey: $f, toKey: $t) { id } }`, { s: systemId, f: from, t: to });
    expect(r.errors).toBeUndefined();
  }
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await app?.close();
});

describe("operations over a limit are refused before they run (HTTP)", () => {
  const cases: Array<{ name: string; query: () => string; variables: () => Record<string, unknown>; limit: string; measured: (m: unknown) => void }> = [
    { name: "40 levels through an upstream/downstream cycle", query: () => cyclic(40), variables: () => ({ m: modelId }), limit: "depth", measured: (m) => expect(m).toBe(42) },
    { name: "36 levels through the cycle", query: () => cyclic(36), variables: () => ({ m: modelId }), limit: "depth", measured: (m) => expect(m).toBe(38) },
    { name: "1,000 aliases of systemHealth(at:)", query: () => aliases(1_000), variables: () => ({ s: systemId }), limit: "aliases", measured: (m) => expect(m).toBe(1_000) },
    {
      name: "nested lists within the depth limit (10^8 models estimated)",
      query: () => `{ systems { models { upstream { downstream { upstream { downstream { upstream { downstream { key } } } } } } } } }`,
      variables: () => ({}),
      limit: "cost",
      measured: (m) => expect(m).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost),
    },
    { name: "fragments that double at each of 10 levels", query: () => fragmentBomb(10), variables: () => ({ m: modelId }), limit: "fields", measured: (m) => expect(m).toBe(1 + 2 ** 10 * 3 + 2 * (2 ** 10 - 1)) },
  ];

  it.each(cases)("$name → BAD_USER_INPUT ($limit)", async ({ query, variables, limit, measured }) => {
    const spy = vi.spyOn(app.services.health, "systemHealthAt");
    const { status, body } = await post(query(), variables());
    expect(body.data).toBeUndefined();
    expect(status).toBe(400);
    expect(body.errors).toHaveLength(1);
    const error = body.errors![0]!;
    expect(error.extensions?.code).toBe("BAD_USER_INPUT");
    expect(error.extensions?.limit).toBe(limit);
    measured(error.extensions?.measured);
    expect(error.message).toMatch(/refused before execution/);
    expect(error.message).toContain(String(error.extensions?.max));
    expect(spy).not.toHaveBeenCalled(); // nothing ran
    spy.mockRestore();
  });

  it("the API answers normally afterwards", async () => {
    const r = await app.gql(`{ systems { name } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data.systems.map((s: { name: string }) => s.name)).toContain("limits");
  });
});

describe("the dashboard's largest operations pass with the defaults", () => {
  it("144 aliased window verdicts (the time slider)", async () => {
    const r = await post(aliases(144), { s: systemId });
    expect(r.body.errors).toBeUndefined();
    expect(Object.keys(r.body.data)).toHaveLength(144);
  });

  it("a model's 48-window timeline and its neighbours", async () => {
    const fields = Array.from({ length: 48 }, (_, k) => `w${k}: health(at: "${new Date(Date.UTC(2026, 0, 1) + k * 3_600_000).toISOString()}") { status windowStart windowEnd anomalyScore }`);
    const r = await post(`query($m: ID!) { model(id: $m) { upstream { key } downstream { key } ${fields.join("\n")} } }`, { m: modelId });
    expect(r.body.errors).toBeUndefined();
  });

  it("a cycle 10 levels deep (below the depth limit, one model per level) still answers", async () => {
    const r = await post(`query($m: ID!) { model(id: $m) { upstream { upstream { upstream { upstream { key } } } } } }`, { m: modelId });
    expect(r.body.errors).toBeUndefined();
  });
});

describe("the cost model", () => {
  const cases = [
    { name: "a scalar", args: { typeName: "Model", fieldName: "key", returnsList: false, returnsObject: false, args: {}, childComplexity: 0 }, cost: 0 },
    { name: "an object", args: { typeName: "Model", fieldName: "system", returnsList: false, returnsObject: true, args: {}, childComplexity: 3 }, cost: 4 },
    { name: "a list without size argument", args: { typeName: "System", fieldName: "models", returnsList: true, returnsObject: true, args: {}, childComplexity: 2 }, cost: 21 },
    { name: "a list with first", args: { typeName: "Query", fieldName: "retrainingCandidates", returnsList: true, returnsObject: true, args: { first: 50 }, childComplexity: 1 }, cost: 60 },
    { name: "live health", args: { typeName: "Query", fieldName: "systemHealth", returnsList: false, returnsObject: true, args: {}, childComplexity: 0 }, cost: 50 },
  ];
  it.each(cases)("$name costs $cost", ({ args, cost }) => {
    expect(fieldCost(args)).toBe(cost);
  });
});

describe("over graphql-ws", () => {
  it("a subscription over the depth limit is refused with BAD_USER_INPUT", async () => {
    let inner = "key";
    for (let i = 0; i < 20; i += 1) inner = `${i % 2 === 0 ? "upstream" : "downstream"} { ${inner} }`;
    const r = await subscribeOnce(`subscription($s: ID!) { systemHealthChanged(systemId: $s) { models { model { ${inner} } } } }`, { s: systemId });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.extensions?.limit).toBe("depth");
  });

  it("subscription errors carry extensions.code (NOT_FOUND, validation)", async () => {
    const hidden = await subscribeOnce(`subscription($s: ID!) { systemHealthChanged(systemId: $s) { status } }`, { s: "00000000-0000-0000-0000-000000000000" });
    expect(hidden.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const invalid = await subscribeOnce(`subscription($s: ID!) { systemHealthChanged(systemId: $s) { nope } }`, { s: systemId });
    expect(invalid.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
