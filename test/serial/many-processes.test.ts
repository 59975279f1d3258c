// Tandem as several processes on one PostgreSQL (issue #14): 2 API processes (TANDEM_ROLE=api) and 2
// workers (TANDEM_ROLE=worker). Telemetry of a cascading fault goes in through both APIs; a
// subscriber on each API listens to systemHealthChanged and incidentChanged; one worker is killed
// with SIGKILL while the windows are being evaluated. Afterwards: every window has one stored
// verdict, no hole; each subscriber got every change event exactly once, in order, whichever worker
// evaluated; the fault is one incident; no webhook was delivered twice; a subscriber that
// reconnects with afterEvent gets what it missed. Needs DATABASE_URL (skipped without).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { afterAll, describe, expect, it } from "vitest";
import { freshDatabase, newKey } from "../support/test-app.js";
import { waitUntil } from "../support/outage.js";
import { freePort, gqlAt, startApiProcess, type ApiProcess } from "../support/api-process.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

const WINDOW_SECONDS = 10;
const WINDOWS = 9;
const MODELS = ["camera", "fusion", "planning", "weather"] as const;
/** Which models are faulty in each window: camera from window 2, fusion a window later, planning after that. */
const FAULTY: Record<(typeof MODELS)[number], (w: number) => boolean> = {
  camera: (w) => w >= 2 && w <= 4,
  fusion: (w) => w >= 3 && w <= 5,
  planning: (w) => w >= 4 && w <= 5,
  weather: () => false,
};
const HEALTH = `subscription($s: ID!, $a: ID) { systemHealthChanged(systemId: $s, afterEvent: $a) { event windowStart status } }`;
const INCIDENT = `subscription($s: ID!, $a: ID) { incidentChanged(systemId: $s, afterEvent: $a) { event id status rootCause { key } } }`;

interface Received {
  event: string;
  data: Record<string, any>;
}

function listen(c: Client, query: string, variables: Record<string, unknown>, into: Received[]): () => void {
  return c.subscribe({ query, variables }, {
    next: (value) => {
      const { data: result, errors } = value as { data?: Record<string, any> | null; errors?: unknown[] };
      if (errors || !result) return void into.push({ event: "error", data: { errors } });
      const data = Object.values(result)[0];
      into.push({ event: data.event, data });
    },
    error: (error) => into.push({ event: "error", data: { error: Array.isArray(error) ? error : { message: String((error as Error).message ?? error), reason: (error as { reason?: string }).reason } } }),
    complete: () => undefined,
  });
}

const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
}, 60_000);

describe.skipIf(!process.env.DATABASE_URL)("two API processes and two workers on one PostgreSQL", () => {
  it("relays every change event to every subscriber once and in order, and a killed worker loses nothing", async () => {
    const db = (await freshDatabase())!;
    cleanup.push(() => db.drop());
    const key = newKey();
    const env = { DATABASE_URL: db.url, TANDEM_ADMIN_KEY: key, TANDEM_DEMO: "0" };
    const hooks: any[] = [];
    const hook: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        hooks.push(JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    cleanup.push(() => void hook.close());
    const start = async (role: string, extra: Record<string, string> = {}) => {
      const p = await startApiProcess(await freePort(), { ...env, TANDEM_ROLE: role, TANDEM_EVALUATE_EVERY_SECONDS: "1", ...extra });
      cleanup.push(() => void p.child.kill("SIGKILL"));
      return p;
    };
    const api1 = await start("api");
    const api2 = await start("api");

    // The system, its wiring and a webhook, through the first API.
    const created = await gqlAt(api1.base, key, `mutation { createSystem(name: "stack", windowSeconds: ${WINDOW_SECONDS}) { id } }`);
    const systemId: string = created.data.createSystem.id;
    const ids: Record<string, string> = {};
    for (const m of MODELS) {
      const r = await gqlAt(api1.base, key, `mutation($s: ID!, $k: String!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: [{ name: "x", kind: NUMERIC }]) { id } }`, { s: systemId, k: m });
      ids[m] = r.data.registerModel.id;
    }
    const wired = await gqlAt(api1.base, key, `mutation($s: ID!, $u: String) { a: addDependency(systemId: $s, fromKey: "camera", toKey: "fusion", weight: 0.9) { id } b: addDependency(systemId: $s, fromKey: "fusion", toKey: "planning", weight: 0.8) { id } c: setIncidentSettings(systemId: $s, webhookUrl: $u, resolveAfterWindows: 2) { id } }`, { s: systemId, u: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` });
    expect(wired.errors).toBeUndefined();

    // Telemetry of WINDOWS closed windows, ending two windows ago, sent through both APIs.
    const ms = WINDOW_SECONDS * 1000;
    const base = Math.floor(Date.now() / ms) * ms - (WINDOWS + 2) * ms;
    for (const [n, m] of MODELS.entries()) {
      const random = seededRandom(n + 11);
      for (let w = 0; w < WINDOWS; w += 1) {
        const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `${m}-${w}-${i}`, timestamp: new Date(base + w * ms + i * 30).toISOString(), features: { x: random() + (FAULTY[m](w) ? 3 : 0) }, score: random() }));
        const via = (n + w) % 2 === 0 ? api1 : api2;
        const res = await fetch(`${via.base}/v1/models/${ids[m]}/predictions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" }, body: lines.join("\n") });
        expect(res.status).toBe(200);
      }
    }

    // A subscriber of each kind on each API, then the workers.
    const got = { health1: [] as Received[], health2: [] as Received[], incident1: [] as Received[], incident2: [] as Received[] };
    const client = (p: ApiProcess) => {
      const c = createClient({ url: `${p.base.replace("http", "ws")}/graphql`, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${key}` }, retryAttempts: 0 });
      cleanup.push(() => c.dispose());
      return c;
    };
    const c1 = client(api1);
    const c2 = client(api2);
    listen(c1, HEALTH, { s: systemId }, got.health1);
    listen(c2, HEALTH, { s: systemId }, got.health2);
    listen(c1, INCIDENT, { s: systemId }, got.incident1);
    listen(c2, INCIDENT, { s: systemId }, got.incident2);
    await new Promise((r) => setTimeout(r, 1_000)); // the subscriptions are listening
    const worker1 = await start("worker");
    const worker2 = await start("worker");
    // A worker answers its probes only.
    const refusedQuery = await fetch(`${worker2.base}/graphql`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ query: "{ systems { id } }" }) });
    expect(refusedQuery.status).toBe(404);
    expect(((await refusedQuery.json()) as { error: { message: string } }).error.message).toContain("TANDEM_ROLE=worker");

    // Kill one worker while the windows are being evaluated.
    await waitUntil("the first verdict", async () => got.health1.length > 0, 120_000);
    worker1.child.kill("SIGKILL");

    // Every window from the first with data to the last closed one gets a verdict (the other worker takes over).
    const sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
    cleanup.push(() => sql.end());
    const lastDataWindow = new Date(base + (WINDOWS - 1) * ms);
    await waitUntil("the verdicts of every window", async () => {
      const r = await sql.query(`SELECT count(*)::int AS n FROM system_health WHERE system_id = $1 AND window_start >= $2 AND window_start <= $3`, [systemId, new Date(base), lastDataWindow]);
      return r.rows[0].n === WINDOWS;
    }, 150_000);
    worker2.child.kill("SIGTERM");
    await new Promise<void>((r) => worker2.child.once("exit", () => r()));

    // Each subscriber has seen every event once, in order.
    const events = (await sql.query(`SELECT id::text AS id, topic FROM system_events WHERE system_id = $1 ORDER BY system_events.id`, [systemId])).rows as Array<{ id: string; topic: string }>;
    const healthIds = events.filter((e) => e.topic === "SYSTEM_HEALTH_CHANGED").map((e) => e.id);
    const incidentIds = events.filter((e) => e.topic === "INCIDENT_CHANGED").map((e) => e.id);
    await waitUntil("every event relayed", async () => got.health1.length >= healthIds.length && got.health2.length >= healthIds.length && got.incident1.length >= incidentIds.length && got.incident2.length >= incidentIds.length, 30_000);
    await new Promise((r) => setTimeout(r, 500)); // nothing more arrives
    for (const list of [got.health1, got.health2]) expect(list.map((r) => r.event)).toEqual(healthIds);
    for (const list of [got.incident1, got.incident2]) expect(list.map((r) => r.event)).toEqual(incidentIds);

    // One verdict per window, no hole, each announced once, in window order.
    const verdicts = (await sql.query(`SELECT window_start FROM system_health WHERE system_id = $1 ORDER BY window_start`, [systemId])).rows.map((r) => (r.window_start as Date).getTime());
    expect(new Set(verdicts).size).toBe(verdicts.length);
    for (let i = 1; i < verdicts.length; i += 1) expect(verdicts[i]! - verdicts[i - 1]!).toBe(ms);
    expect(healthIds).toHaveLength(verdicts.length);
    expect(got.health1.map((r) => Date.parse(r.data.windowStart))).toEqual(verdicts);

    // The fault is one incident rooted at camera; no incident or webhook twice.
    const incidents = (await sql.query(`SELECT id, root_cause_model_id AS root FROM incidents WHERE system_id = $1 AND merged_into_id IS NULL`, [systemId])).rows;
    expect(incidents.filter((i) => i.root === ids.camera)).toHaveLength(1);
    expect(got.incident1.some((r) => r.data.rootCause?.key === "camera")).toBe(true);
    const deliveries = hooks.map((h) => `${h.incident.id}|${h.incident.status}|${h.incident.updatedAt}|${h.incident.affected.join(",")}`);
    expect(new Set(deliveries).size).toBe(deliveries.length);

    // A subscriber that reconnects after the third verdict gets the rest, then nothing twice.
    const missed: Received[] = [];
    const c3 = client(api2);
    listen(c3, HEALTH, { s: systemId, a: healthIds[2] }, missed);
    await waitUntil("the missed verdicts", async () => missed.length >= healthIds.length - 3, 30_000);
    expect(missed.map((r) => r.event)).toEqual(healthIds.slice(3));
    const refused: Received[] = [];
    listen(c3, HEALTH, { s: systemId, a: "not-an-id" }, refused);
    await waitUntil("the refusal", async () => refused.length > 0, 10_000);
    expect(JSON.stringify(refused[0]!.data), JSON.stringify(refused[0]!.data)).toContain("afterEvent: expected an event id");
  }, 400_000);
});
