// Shared by the remediation tests: a driving-stack system (camera → fusion → planning) whose data
// generator the test controls (a fault shifts every model's input from an hour on, until a runner
// "fixes" it), a real HTTP runner built from the example runner in docs/examples (it verifies the
// HMAC, the timestamp and refuses replays) that counts what it received, and helpers that close
// windows with evaluate(at:) and wait for deliveries to settle.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { expect } from "vitest";
import { gqlData, type TestApp } from "../support/test-app.js";
import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";
// @ts-expect-error: a plain .mjs script without types (users copy it)
import { createRunner } from "../../docs/examples/remediation-runner.mjs";

export const HOUR = 3600_000;
export const T0 = Date.UTC(2026, 0, 5);
export const iso = (ms: number) => new Date(ms).toISOString();
const ROWS = 240;
export const STACK = ["camera", "fusion", "planning"] as const;

export interface Received {
  kind: string;
  actionId: string;
  deliveryId: string;
  params: Record<string, unknown>;
}

export interface TestRunner {
  url: string;
  received: Received[];
  refused: string[];
  close(): Promise<void>;
}

/** A runner on a free port: `onAction` decides its answer (and may fix the generator); a 503 first for `flaky` kinds. */
export async function startRunner(secret: string, onAction: (p: Received) => { status: "accepted" | "failed"; message?: string } | Promise<{ status: "accepted" | "failed"; message?: string }>): Promise<TestRunner> {
  const received: Received[] = [];
  const refused: string[] = [];
  const handler = async (payload: { action: { id: string; kind: string; params: Record<string, unknown> }; deliveryId: string }) => {
    const r: Received = { kind: payload.action.kind, actionId: payload.action.id, deliveryId: payload.deliveryId, params: payload.action.params };
    received.push(r);
    return onAction(r);
  };
  const handlers = Object.fromEntries(["ROLLBACK", "FALLBACK", "RETRAIN", "WEBHOOK", "NOTIFY"].map((k) => [k, handler]));
  const server: Server = createRunner({ secret, handlers, onRefused: (reason: string) => refused.push(reason) });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/actions`,
    received,
    refused,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/**
 * The data generator (as test/api/one-fault-one-incident.test.ts): camera's raw signal feeds fusion
 * (feature camera_out), fusion's output feeds planning (fusion_out); a fault shifts camera's signal
 * by 4 standard deviations from `faultHour` on while `fixed` is false (or in the hours `flap` says),
 * and the shift travels down the stack.
 */
export class Generator {
  fixed = false;
  private readonly random: () => number;
  constructor(private readonly faultHour: number, seed: number, private readonly flap?: (h: number) => boolean) {
    this.random = seededRandom(seed * 7919 + 17);
  }

  broken(h: number): boolean {
    if (this.flap) return this.flap(h);
    return h >= this.faultHour && !this.fixed;
  }

  private gauss(): number {
    return Math.sqrt(-2 * Math.log(1 - this.random())) * Math.cos(2 * Math.PI * this.random());
  }

  /** Hour `h`'s NDJSON lines per model (hours are drawn in the order asked for). */
  hour(h: number): Record<string, string> {
    const lines: Record<string, string[]> = { camera: [], fusion: [], planning: [] };
    const shift = this.broken(h) ? 4 : 0;
    for (let i = 0; i < ROWS; i += 1) {
      const timestamp = iso(T0 + h * HOUR + i * 15_000);
      const signal = this.gauss() + shift;
      const camera = signal + 0.3 * this.gauss();
      const fusion = camera + 0.3 * this.gauss();
      const planning = fusion + 0.3 * this.gauss();
      lines.camera!.push(JSON.stringify({ id: `camera-${h}-${i}`, timestamp, features: { signal, noise: this.gauss() }, score: camera }));
      lines.fusion!.push(JSON.stringify({ id: `fusion-${h}-${i}`, timestamp, features: { camera_out: camera, noise: this.gauss() }, score: fusion }));
      lines.planning!.push(JSON.stringify({ id: `planning-${h}-${i}`, timestamp, features: { fusion_out: fusion, noise: this.gauss() }, score: planning }));
    }
    return Object.fromEntries(Object.entries(lines).map(([k, v]) => [k, v.join("\n")]));
  }
}

const FEATURES: Record<string, string[]> = { camera: ["signal", "noise"], fusion: ["camera_out", "noise"], planning: ["fusion_out", "noise"], backup: ["signal", "noise"] };

export async function createStack(app: TestApp, name: string): Promise<{ systemId: string; ids: Record<string, string> }> {
  const systemId = (await gqlData(app, `mutation($n: String!) { createSystem(name: $n, windowSeconds: 3600) { id } }`, { n: name })).createSystem.id as string;
  const ids: Record<string, string> = {};
  for (const key of [...STACK, "backup"]) {
    const features = FEATURES[key]!.map((name) => ({ name, kind: "NUMERIC" }));
    ids[key] = (await gqlData(app, `mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: $f) { id } }`, { s: systemId, k: key, f: features })).registerModel.id;
  }
  await gqlData(app, `mutation($s: ID!) { a: addDependency(systemId: $s, fromKey: "camera", toKey: "fusion", feature: "camera_out") { id } b: addDependency(systemId: $s, fromKey: "fusion", toKey: "planning", feature: "fusion_out") { id } }`, { s: systemId });
  await gqlData(app, `mutation($s: ID!) { setIncidentSettings(systemId: $s, webhookUrl: null, resolveAfterWindows: 2) { id } }`, { s: systemId });
  // camera 1.0 from the start; 1.1 rolled out at hour 2 (the fault's onset).
  await gqlData(app, `mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "1.0", notes: "baseline", liveAt: $at) { id } }`, { m: ids.camera, at: iso(T0) });
  await gqlData(app, `mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "1.1", notes: "new detector", liveAt: $at) { id } }`, { m: ids.camera, at: iso(T0 + 2 * HOUR) });
  return { systemId, ids };
}

export const POLICY = `mutation($i: RemediationPolicyInput!) { createRemediationPolicy(input: $i) { secret policy { id name mode steps { kind } } } }`;

/** Ingests hour `h` from the generator, closes its window with evaluate(at:), waits until no action is PENDING. */
export async function runHour(app: TestApp, stack: { systemId: string; ids: Record<string, string> }, gen: Generator, h: number): Promise<void> {
  for (const [key, lines] of Object.entries(gen.hour(h))) {
    const res = await app.post(`/v1/models/${stack.ids[key]}/predictions`, lines);
    expect(res.status).toBe(200);
  }
  await gqlData(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: stack.systemId, at: iso(T0 + (h + 1) * HOUR) });
  await settle(app, stack.systemId);
}

/** Waits (bounded) until the system has no PENDING action: every due step was delivered and settled. */
export async function settle(app: TestApp, systemId: string, timeoutMs = 120_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const pending = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s, status: PENDING) { id } }`, { s: systemId })).remediationActions;
    if (pending.length === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`remediation: ${pending.length} action(s) still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const INCIDENT = `query($s: ID!) { incidents(systemId: $s) { id status rootCause { key } openedAt resolvedAt
  remediationActions { id seq step kind status params outcome windowsObserved model { key } cascade { key } attempts { attempt statusCode } }
  creditedAction { id kind } } }`;
