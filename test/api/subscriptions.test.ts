// systemHealthChanged over graphql-ws: an evaluation that stores a verdict is pushed to the
// subscribers of that system; keys are checked at subscribe time.
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { firstResult } from "../support/ws-client.js";

let app: TestApp;
const clients: Client[] = [];

function client(key: string): Client {
  const c = createClient({ url: `${app.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${key}` }, retryAttempts: 0, lazy: true });
  clients.push(c);
  return c;
}

const first = (c: Client, query: string, variables: Record<string, unknown>) => firstResult(c, query, variables);

const SUB = `subscription($s: ID!) { systemHealthChanged(systemId: $s) { system { name } status windowStart stored models { model { key } status } } }`;

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await app?.close();
});

describe("systemHealthChanged", () => {
  it("pushes the verdict an evaluation stored", async () => {
    const { systemId, modelIds } = await seedSystem(app, "live", [{ key: "m", task: "REGRESSION", features: [] }]);
    await app.gql(`mutation($m: ID!) { ingestMetrics(modelId: $m, points: [{ name: "ctr", timestamp: "2026-01-05T10:10:00Z", value: 0.2 }]) { accepted } }`, { m: modelIds.m });
    const event = first(client(app.adminKey), SUB, { s: systemId });
    await new Promise((r) => setTimeout(r, 300)); // let the subscription register
    const evaluated = await app.gql(`mutation($s: ID!) { evaluate(systemId: $s, at: "2026-01-05T11:00:00Z") { status } }`, { s: systemId });
    expect(evaluated.errors).toBeUndefined();
    const got = await event;
    expect(got.errors).toBeUndefined();
    expect(got.data.systemHealthChanged).toMatchObject({ system: { name: "live" }, status: "HEALTHY", windowStart: "2026-01-05T10:00:00.000Z", stored: true, models: [{ model: { key: "m" }, status: "HEALTHY" }] });
  });

  it("refuses a subscription sent over HTTP with a clear error, not an internal one", async () => {
    const { systemId } = await seedSystem(app, "over-http", []);
    const res = await app.post("/graphql", JSON.stringify({ query: SUB, variables: { s: systemId } }), app.adminKey, { "content-type": "application/json" });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(res.json.errors[0].message).toBe("subscriptions run over graphql-ws (a WebSocket to this same /graphql path), not HTTP POST or GET");
  });

  it("refuses unknown keys and systems the key may not see", async () => {
    const { systemId } = await seedSystem(app, "hidden", []);
    const bad = await first(client("not-a-key-at-all-123"), SUB, { s: systemId });
    expect(bad.errors?.[0]?.code).toBe(4403); // the socket is closed: Forbidden
    const other = (await seedSystem(app, "other", [])).systemId;
    const bound = (await app.gql(`mutation($s: ID!) { createApiKey(systemId: $s, scopes: [READ]) { key } }`, { s: other })).data.createApiKey.key;
    const hidden = await first(client(bound), SUB, { s: systemId });
    expect(hidden.errors?.[0]?.extensions?.code ?? hidden.errors?.[0]?.message).toMatch(/NOT_FOUND|not found/);
  });
});
