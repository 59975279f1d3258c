// Issue #17's guards: a flapping model (failing every other window for 20 windows) triggers at most
// what the cooldown allows; and with 2 API processes (role api: no loops) and 2 workers (role
// worker: delivery loops) on one PostgreSQL database, each step of each incident is delivered
// exactly once, counted at the runner — even though the runner answers 503 to every first attempt
// (the retry may be taken by either worker).
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { createStack, Generator, HOUR, INCIDENT, iso, POLICY, runHour, settle, startRunner, T0 } from "./remediation-support.js";
// @ts-expect-error: a plain .mjs script without types
import { verifyRequest } from "../../docs/examples/remediation-runner.mjs";

/** Many windows evaluated one by one: generous on a loaded machine (no time is asserted). */
const LONG = 600_000;

const SECRET = "guard-secret-0123456789abcdef";
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

describe("guards", () => {
  it("a flapping model triggers at most what the cooldown allows", async () => {
    const app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 40 * HOUR), remediationPollMs: 50 });
    closers.push(() => app.close());
    const stack = await createStack(app, "flapping camera");
    const gen = new Generator(0, 11, (h) => h % 2 === 1); // failing in odd hours 1, 3, …, 19
    const runner = await startRunner(SECRET, () => ({ status: "accepted" }));
    closers.push(() => runner.close());
    const COOLDOWN_HOURS = 4;
    await gqlData(app, POLICY, { i: { systemId: stack.systemId, name: "flap", mode: "AUTO", runnerUrl: runner.url, secret: SECRET, steps: [{ kind: "WEBHOOK" }], verifyWindows: 1, cooldownSeconds: COOLDOWN_HOURS * 3600 } });
    for (let h = 0; h <= 20; h += 1) await runHour(app, stack, gen, h);
    const actions = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s) { plannedAt status } }`, { s: stack.systemId })).remediationActions;
    const planned = actions.map((a: { plannedAt: string }) => Date.parse(a.plannedAt)).sort((a: number, b: number) => a - b);
    // 10 failing windows; without the cooldown each would start an episode (each healthy window in
    // between credits the last one). With a 4-window cooldown over windows 1…19: at most ⌈20 / 4⌉ = 5.
    expect(planned.length).toBeGreaterThanOrEqual(2);
    expect(planned.length).toBeLessThanOrEqual(Math.ceil(20 / COOLDOWN_HOURS));
    for (let i = 1; i < planned.length; i += 1) expect(planned[i] - planned[i - 1]).toBeGreaterThanOrEqual(COOLDOWN_HOURS * HOUR);
    expect(runner.received).toHaveLength(planned.length);
    const blocked = (await gqlData(app, `query($s: ID!) { remediationAudit(systemId: $s, limit: 1000) { event detail } }`, { s: stack.systemId })).remediationAudit.filter((e: { event: string }) => e.event === "BLOCKED");
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((e: { detail: string }) => /COOLDOWN/.test(e.detail))).toBe(true);
  }, LONG);

  it.skipIf(!process.env.DATABASE_URL)("with 2 API processes and 2 workers, each step is delivered exactly once (counted at the runner)", async () => {
    const common = { multivariateDrift: false, now: () => new Date(T0 + 40 * HOUR) } as const;
    const api1 = await startTestApp({ ...common, role: "api" });
    closers.push(() => api1.close());
    const shared = { ...common, databaseUrl: api1.databaseUrl, adminKey: api1.adminKey };
    const api2 = await startTestApp({ ...shared, role: "api" });
    const workers = [await startTestApp({ ...shared, role: "worker", remediationPollMs: 20 }), await startTestApp({ ...shared, role: "worker", remediationPollMs: 20 })];
    closers.push(() => api2.close(), ...workers.map((w) => () => w.close()));
    const accepted = new Map<string, number>(); // action id → deliveries answered 200
    const firstRefused = new Map<string, number>();
    const refusedSignatures: string[] = [];
    const seen = new Map();
    const server: Server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const checked = verifyRequest({ secret: SECRET, headers: req.headers, body, seen });
        if (!checked.ok) {
          refusedSignatures.push(checked.reason);
          return res.writeHead(401).end();
        }
        const id = checked.payload.action.id as string;
        if (checked.payload.deliveryId.endsWith(":1")) {
          firstRefused.set(id, (firstRefused.get(id) ?? 0) + 1);
          return res.writeHead(503).end();
        }
        accepted.set(id, (accepted.get(id) ?? 0) + 1);
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ status: "accepted" }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const STEPS = [{ kind: "ROLLBACK" }, { kind: "FALLBACK", fallbackModelKey: "backup" }, { kind: "WEBHOOK" }];
    const stacks = [];
    for (let s = 0; s < 3; s += 1) {
      const stack = await createStack(api1, `exactly once ${s}`);
      await gqlData(api1, POLICY, { i: { systemId: stack.systemId, name: "chain", mode: "AUTO", runnerUrl: url, secret: SECRET, steps: STEPS, verifyWindows: 1, cooldownSeconds: 0 } });
      stacks.push({ stack, gen: new Generator(2, 20 + s) }); // never fixed: every step fails after 1 window and the next runs
    }
    for (let h = 0; h <= 5; h += 1) {
      const api = h % 2 === 0 ? api1 : api2;
      for (const { stack, gen } of stacks) {
        for (const [key, lines] of Object.entries(gen.hour(h))) expect((await api.post(`/v1/models/${stack.ids[key]}/predictions`, lines)).status).toBe(200);
      }
      // The windows of all systems close at once; the workers race for the actions they plan.
      await Promise.all(stacks.map(({ stack }) => gqlData(api, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: stack.systemId, at: iso(T0 + (h + 1) * HOUR) })));
      for (const { stack } of stacks) await settle(api, stack.systemId);
    }
    const ids: string[] = [];
    for (const { stack } of stacks) {
      const [incident] = (await gqlData(api1, INCIDENT, { s: stack.systemId })).incidents;
      expect(incident.remediationActions.map((a: { kind: string }) => a.kind)).toEqual(STEPS.map((s) => s.kind));
      for (const a of incident.remediationActions) {
        ids.push(a.id);
        expect(a.attempts.map((t: { statusCode: number }) => t.statusCode)).toEqual([503, 200]);
      }
    }
    expect(ids).toHaveLength(9);
    expect(ids.map((id) => accepted.get(id) ?? 0)).toEqual(ids.map(() => 1));
    expect(ids.map((id) => firstRefused.get(id) ?? 0)).toEqual(ids.map(() => 1));
    expect(refusedSignatures).toEqual([]);
  }, LONG);
});
