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

  it("resumes after the last event seen: afterEvent replays the verdicts missed, in order, then live ones", async () => {
    const { systemId, modelIds } = await seedSystem(app, "resume", [{ key: "m", task: "REGRESSION", features: [] }]);
    await app.gql(`mutation($m: ID!) { ingestMetrics(modelId: $m, points: [{ name: "ctr", timestamp: "2026-01-05T10:10:00Z", value: 0.2 }]) { accepted } }`, { m: modelIds.m });
    const EVENTS = `subscription($s: ID!, $a: ID) { systemHealthChanged(systemId: $s, afterEvent: $a) { event windowStart } }`;
    const firstSeen = first(client(app.adminKey), EVENTS, { s: systemId });
    await new Promise((r) => setTimeout(r, 300));
    const evaluate = (hour: number) => app.gql(`mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: `2026-01-05T${hour}:00:00Z` });
    expect((await evaluate(11)).errors).toBeUndefined();
    const seen = (await firstSeen).data.systemHealthChanged;
    expect(seen.windowStart).toBe("2026-01-05T10:00:00.000Z");
    // Away for two verdicts; back with the last event seen.
    for (const hour of [12, 13]) expect((await evaluate(hour)).errors).toBeUndefined();
    const got: Array<{ event: string; windowStart: string }> = [];
    const dispose = client(app.adminKey).subscribe({ query: EVENTS, variables: { s: systemId, a: seen.event } }, { next: (v) => void got.push((v as any).data.systemHealthChanged), error: () => undefined, complete: () => undefined });
    for (let i = 0; i < 100 && got.length < 2; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(got.map((g) => g.windowStart)).toEqual(["2026-01-05T11:00:00.000Z", "2026-01-05T12:00:00.000Z"]);
    expect((await evaluate(14)).errors).toBeUndefined();
    for (let i = 0; i < 100 && got.length < 3; i += 1) await new Promise((r) => setTimeout(r, 50));
    dispose();
    expect(got.map((g) => g.windowStart)).toEqual(["2026-01-05T11:00:00.000Z", "2026-01-05T12:00:00.000Z", "2026-01-05T13:00:00.000Z"]);
    expect(new Set(got.map((g) => g.event)).size).toBe(3);
    expect(got.every((g) => BigInt(g.event) > BigInt(seen.event))).toBe(true);
    // Queries carry no event.
    const queried = await app.gql(`query($s: ID!) { systemHealth(systemId: $s, at: "2026-01-05T11:00:00Z") { event } }`, { s: systemId });
    expect(queried.data.systemHealth.event).toBeNull();
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
