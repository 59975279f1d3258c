// A fault that starts at one model and cascades downstream becomes ONE incident whose root cause
// is that model; the incident is updated while the cascade goes on, can be acknowledged, resolves
// by itself after healthy windows, and every change reaches the webhook and the subscription.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, seedSystem, startTestApp, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 0, 5);
const iso = (ms: number) => new Date(ms).toISOString();
let app: TestApp;
let systemId: string;
let ids: Record<string, string>;
let hook: Server;
const received: unknown[] = [];

/** Which models are faulty in each hour: camera from hour 2, fusion a window later, planning a window after that. */
const FAULTY: Record<string, (h: number) => boolean> = {
  camera: (h) => h >= 2 && h <= 4,
  fusion: (h) => h >= 3 && h <= 5,
  planning: (h) => h >= 4 && h <= 5,
  weather: () => false,
};

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
  app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 20 * HOUR) });
  const seeded = await seedSystem(app, "autopilot", ["camera", "fusion", "planning", "weather"].map((key) => ({ key, task: "REGRESSION", features: [{ name: "x", kind: "NUMERIC" }] })));
  systemId = seeded.systemId;
  ids = seeded.modelIds;
  await app.gql(`mutation($s: ID!) { a: addDependency(systemId: $s, fromKey: "camera", toKey: "fusion", weight: 0.9) { id } b: addDependency(systemId: $s, fromKey: "fusion", toKey: "planning", weight: 0.8) { id } }`, { s: systemId });
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  const settings = await app.gql(`mutation($s: ID!, $u: String) { setIncidentSettings(systemId: $s, webhookUrl: $u, resolveAfterWindows: 2) { id } }`, { s: systemId, u: url });
  expect(settings.errors).toBeUndefined();
  for (const [key, faulty] of Object.entries(FAULTY)) {
    const random = seededRandom(key.length * 7);
    for (let h = 0; h < 9; h += 1) {
      const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `${key}-${h}-${i}`, timestamp: iso(T0 + h * HOUR + i * 10_000), features: { x: random() + (faulty(h) ? 3 : 0) }, score: random() }));
      expect((await app.post(`/v1/models/${ids[key]}/predictions`, lines.join("\n"))).status).toBe(200);
    }
  }
});
afterAll(async () => {
  await app?.close();
  hook?.close();
});

const EVALUATE = `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status
  models { model { key } status anomalyScore propagatedScore }
  rootCauses { model { key } rank score explanation evidence { kind name breached } }
  cascades { root { key } affected { key } startedAt } } }`;
const INCIDENTS = `query($s: ID!, $st: IncidentStatus) { incidents(systemId: $s, status: $st) { id status summary rootCause { key } affected { key } alerts { rule severity model { key } } openedAt resolvedAt } }`;

describe("a cascading failure", () => {
  it("is one incident rooted at the model that started it, updated while it goes on", async () => {
    const byHour: any[] = [];
    for (let h = 1; h <= 8; h += 1) {
      const r = await app.gql(EVALUATE, { s: systemId, at: iso(T0 + (h + 1) * HOUR) });
      expect(r.errors).toBeUndefined();
      byHour[h] = r.data.evaluate;
    }
    const status = (h: number, key: string) => byHour[h].models.find((m: { model: { key: string } }) => m.model.key === key).status;
    expect(status(1, "camera")).toBe("HEALTHY");
    expect(status(2, "camera")).not.toBe("HEALTHY");
    expect(status(4, "planning")).not.toBe("HEALTHY");
    expect(byHour[4].rootCauses[0].model.key).toBe("camera");
    expect(byHour[4].rootCauses[0].explanation.length).toBeGreaterThan(20);
    expect(byHour[4].cascades).toHaveLength(1);
    expect(byHour[4].cascades[0].root.key).toBe("camera");
    expect(Date.parse(byHour[4].cascades[0].startedAt)).toBe(T0 + 2 * HOUR);
    expect(byHour[4].cascades[0].affected.map((m: { key: string }) => m.key).sort()).toEqual(["fusion", "planning"]);
    const fusion = byHour[4].models.find((m: { model: { key: string } }) => m.model.key === "fusion");
    expect(fusion.propagatedScore).toBeGreaterThanOrEqual(fusion.anomalyScore);

    const all = (await app.gql(INCIDENTS, { s: systemId })).data.incidents;
    expect(all).toHaveLength(1);
    const incident = all[0];
    expect(incident.rootCause.key).toBe("camera");
    expect(incident.affected.map((m: { key: string }) => m.key).sort()).toEqual(["camera", "fusion", "planning"]);
    expect(incident.alerts.length).toBeGreaterThanOrEqual(3);
    // Healthy from hour 6: resolved by itself after 2 healthy windows.
    expect(incident.status).toBe("RESOLVED");
    expect(Date.parse(incident.resolvedAt)).toBeGreaterThan(Date.parse(incident.openedAt));
  });

  it("answers blastRadius with risk and hops", async () => {
    const r = await app.gql(`query($m: ID!) { blastRadius(modelId: $m) { model { key } risk hops } }`, { m: ids.camera });
    expect(r.errors).toBeUndefined();
    const rows = r.data.blastRadius;
    expect(rows.map((x: { model: { key: string } }) => x.model.key)).toEqual(["fusion", "planning"]);
    expect(rows[0].hops).toBe(1);
    expect(rows[1].hops).toBe(2);
    expect(rows[0].risk).toBeGreaterThan(rows[1].risk);
    expect(rows[1].risk).toBeGreaterThan(0);
  });

  it("sent every change to the webhook and recorded each attempt", async () => {
    await new Promise((r) => setTimeout(r, 300));
    expect(received.length).toBeGreaterThanOrEqual(2); // opened … resolved
    const deliveries = await app.db.dataSource.query(`SELECT status_code, error FROM webhook_deliveries WHERE system_id = $1`, [systemId]);
    expect(deliveries.length).toBe(received.length);
    expect(deliveries.every((d: { status_code: number }) => d.status_code === 204)).toBe(true);
  });

  it("files a lone model's first anomalous window as alerts only; when it persists, an incident of its own", async () => {
    // A new fault on weather alone, hours 10–12. Issue #12's rule: a lone anomalous model is an
    // alert, not an incident, until its evidence is strong, it holds 3 models, or it persists for
    // 3 consecutive windows.
    const random = seededRandom(99);
    for (let h = 10; h <= 12; h += 1) {
      const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `weather-late-${h}-${i}`, timestamp: iso(T0 + h * HOUR + i * 10_000), features: { x: random() + 5 }, score: random() }));
      await app.post(`/v1/models/${ids.weather}/predictions`, lines.join("\n"));
    }
    await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 11 * HOUR) });
    expect((await app.gql(INCIDENTS, { s: systemId, st: "OPEN" })).data.incidents).toHaveLength(0);
    expect(await count(app, `SELECT count(*) FROM alerts WHERE model_id = $1 AND incident_id IS NULL`, [ids.weather])).toBeGreaterThan(0);
    await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 12 * HOUR) });
    await app.gql(EVALUATE, { s: systemId, at: iso(T0 + 13 * HOUR) });
    const open = (await app.gql(INCIDENTS, { s: systemId, st: "OPEN" })).data.incidents;
    expect(open).toHaveLength(1);
    expect(open[0].affected.map((m: { key: string }) => m.key)).toEqual(["weather"]);
  });

  it("can be acknowledged and resolved by hand; a resolved incident cannot change again", async () => {
    const open = (await app.gql(INCIDENTS, { s: systemId, st: "OPEN" })).data.incidents;
    expect(open).toHaveLength(1);
    expect(open[0].rootCause.key).toBe("weather");
    // A subscriber hears both changes, each carried by its own event (committed with the change).
    const heard: Array<{ event: string; id: string; status: string }> = [];
    const ws = createClient({ url: `${app.url.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${app.adminKey}` }, retryAttempts: 0 });
    const dispose = ws.subscribe({ query: `subscription($s: ID!) { incidentChanged(systemId: $s) { event id status } }`, variables: { s: systemId } }, { next: (v) => void heard.push((v as any).data.incidentChanged), error: () => undefined, complete: () => undefined });
    await new Promise((r) => setTimeout(r, 500));
    const ack = await app.gql(`mutation($id: ID!) { acknowledgeIncident(id: $id) { status } }`, { id: open[0].id });
    expect(ack.data.acknowledgeIncident.status).toBe("ACKNOWLEDGED");
    const res = await app.gql(`mutation($id: ID!) { resolveIncident(id: $id) { status resolvedAt } }`, { id: open[0].id });
    expect(res.data.resolveIncident.status).toBe("RESOLVED");
    const again = await app.gql(`mutation($id: ID!) { acknowledgeIncident(id: $id) { status } }`, { id: open[0].id });
    expect(again.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    for (let i = 0; i < 100 && heard.length < 2; i += 1) await new Promise((r) => setTimeout(r, 50));
    dispose();
    await ws.dispose();
    expect(heard.map((h) => [h.id, h.status])).toEqual([[open[0].id, "ACKNOWLEDGED"], [open[0].id, "RESOLVED"]]);
    expect(BigInt(heard[1]!.event)).toBeGreaterThan(BigInt(heard[0]!.event));
    expect(await count(app, `SELECT count(*) FROM system_events WHERE system_id = $1 AND topic = 'INCIDENT_CHANGED' AND payload->>'id' = $2 AND payload->>'status' IN ('ACKNOWLEDGED', 'RESOLVED')`, [systemId, open[0].id])).toBe(2);
    const unknown = await app.gql(`mutation { resolveIncident(id: "00000000-0000-0000-0000-000000000000") { status } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
