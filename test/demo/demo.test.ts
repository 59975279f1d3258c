// The demo end to end, in-process against a real API (embedded database): both systems are
// registered through the public API, their history is backfilled and evaluated, the e-commerce
// KPI rule and user feedback are in, and the camera fault of the driving stack ends as ONE open
// incident whose root cause is camera perception, its cascade reaching control. A restart resumes
// the systems instead of creating them again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { runDemo, type DemoWindowEvent } from "../../api/src/demo/demo-runner.js";
import { DRIVING_KEYS, DRIVING_SYSTEM_NAME } from "../../api/src/demo/driving-system.js";
import { ECOMMERCE_KEYS, ECOMMERCE_SYSTEM_NAME } from "../../api/src/demo/ecommerce-system.js";

const WINDOW_SECONDS = 5;
const HISTORY = 6;
const FAULT_AFTER_SECONDS = 5;
/** The fault begins in this window (history + the live delay) and reaches every stage down to control in it. */
const FAULT_INDEX = HISTORY + Math.ceil(FAULT_AFTER_SECONDS / WINDOW_SECONDS);
/** Streamed windows of the fault the test waits for: the whole cascade shows in the first; the incident must stay one. */
const FAULT_WINDOWS = 3;

let app: TestApp;
const events: DemoWindowEvent[] = [];
const lines: string[] = [];

const gql = <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> => gqlData<T>(app, query, variables);

function until(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const check = setInterval(() => {
      if (predicate()) {
        clearInterval(check);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(check);
        reject(new Error(`timed out waiting for ${what}; demo log:\n${lines.join("\n")}`));
      }
    }, 100);
  });
}

function start(systems: Array<"driving" | "ecommerce">, rowsPerWindow: number): AbortController {
  const controller = new AbortController();
  void runDemo({
    apiUrl: app.url, adminKey: app.adminKey, windowSeconds: WINDOW_SECONDS, faultAfterSeconds: FAULT_AFTER_SECONDS, historyWindows: HISTORY,
    rowsPerWindow, systems, signal: controller.signal, log: (line) => lines.push(line), onWindow: (e) => events.push(e),
  });
  return controller;
}

let systems: Array<{ id: string; name: string; windowSeconds: number; models: Array<{ id: string; key: string }>; dependencies: Array<{ from: { key: string }; to: { key: string }; weight: number; feature: string | null }> }>;
const byName = (name: string) => systems.find((s) => s.name === name)!;

beforeAll(async () => {
  app = await startTestApp();
  // Two runners, as two services would: the shop only needs its history here, so it stops early.
  const shop = start(["ecommerce"], 120);
  const driving = start(["driving"], 200);
  await until(() => events.some((e) => e.system === "ecommerce" && e.index >= HISTORY), 90_000, "the e-commerce history");
  shop.abort();
  // The fault reaches control in its first window; a few windows of it (windows may be skipped if evaluation lags).
  await until(() => events.filter((e) => e.system === "driving" && e.index >= FAULT_INDEX).length >= FAULT_WINDOWS, 110_000, "a few windows of the camera fault");
  driving.abort();
  systems = (await gql(`{ systems { id name windowSeconds models { id key } dependencies { from { key } to { key } weight feature } } }`)).systems;
}, 180_000);

afterAll(() => app?.close());

describe("the demo systems", () => {
  it("registers both systems with their models and weighted, named dependencies", () => {
    expect(systems.map((s) => s.name).sort()).toEqual([DRIVING_SYSTEM_NAME, ECOMMERCE_SYSTEM_NAME].sort());
    const driving = byName(DRIVING_SYSTEM_NAME);
    expect(driving.windowSeconds).toBe(WINDOW_SECONDS);
    expect(driving.models.map((m) => m.key).sort()).toEqual([...DRIVING_KEYS].sort());
    expect(driving.dependencies.map((d) => `${d.from.key}->${d.to.key}:${d.feature}`).sort()).toEqual([
      "camera_perception->sensor_fusion:camera_confidence",
      "lidar_perception->sensor_fusion:lidar_confidence",
      "motion_prediction->planning:collision_risk",
      "planning->control:target_speed_kph",
      "sensor_fusion->tracking:fused_confidence",
      "tracking->motion_prediction:track_quality",
    ]);
    for (const d of driving.dependencies) expect(d.weight).toBeGreaterThan(0);
    const shop = byName(ECOMMERCE_SYSTEM_NAME);
    expect(shop.models.map((m) => m.key).sort()).toEqual([...ECOMMERCE_KEYS].sort());
    expect(shop.dependencies.map((d) => `${d.from.key}->${d.to.key}`).sort()).toEqual(["demand_forecast->dynamic_pricing", "dynamic_pricing->recommendations"]);
  });

  it("evaluated every history window of both systems", async () => {
    for (const name of [DRIVING_SYSTEM_NAME, ECOMMERCE_SYSTEM_NAME]) {
      const system = byName(name);
      const history = events.filter((e) => e.systemId === system.id && e.index < HISTORY);
      expect(history.map((e) => e.index).sort((a, b) => a - b)).toEqual([...Array(HISTORY).keys()]);
      for (const e of history) {
        const h = (await gql(`query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { stored status } }`, { s: system.id, at: e.end })).systemHealth;
        expect(h.stored, `${name} window ${e.index}`).toBe(true);
        expect(h.status).not.toBe("UNKNOWN");
      }
    }
  });

  it("checks the e-commerce KPI rule ctr < 0.1 on the recommendations", async () => {
    const shop = byName(ECOMMERCE_SYSTEM_NAME);
    const recs = shop.models.find((m) => m.key === "recommendations")!;
    const last = events.find((e) => e.systemId === shop.id && e.index === HISTORY - 1)!;
    const health = (await gql(`query($m: ID!, $at: DateTime) { model(id: $m) { health(at: $at) { signals { kind name value threshold breached } } } }`, { m: recs.id, at: last.end })).model.health;
    const rule = health.signals.find((s: { name: string }) => s.name === "ctr < 0.1");
    expect(rule).toMatchObject({ kind: "metric", threshold: 0.1, breached: false });
    expect(rule.value).toBeGreaterThan(0.1);
  });

  it("has user feedback that starkly contradicts some recommendations: a retraining queue", async () => {
    const recs = byName(ECOMMERCE_SYSTEM_NAME).models.find((m) => m.key === "recommendations")!;
    const samples = (await gql(`query($m: ID!) { retrainingCandidates(modelId: $m, strategy: DISAGREEMENT, first: 10) { priority reasons feedback } }`, { m: recs.id })).retrainingCandidates;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples[0].priority).toBeGreaterThan(0.5);
    expect(samples[0].reasons.join(" ")).toMatch(/user rated/);
  });

  it("turns the camera fault into ONE open incident with camera perception as root cause, its cascade reaching control", async () => {
    const driving = byName(DRIVING_SYSTEM_NAME);
    const last = events.filter((e) => e.systemId === driving.id).at(-1)!;
    const d = await gql(
      `query($s: ID!, $at: DateTime) { rootCauses(systemId: $s, at: $at) { model { key } explanation }
        incidents(systemId: $s, status: OPEN) { rootCause { key } affected { key } alerts { model { key } } } }`,
      { s: driving.id, at: last.end },
    );
    expect(d.rootCauses[0].model.key).toBe("camera_perception");
    const camera = d.incidents.filter((i: { rootCause: { key: string } | null }) => i.rootCause?.key === "camera_perception");
    expect(camera, JSON.stringify(d.incidents.map((i: any) => [i.rootCause?.key, i.affected.map((a: any) => a.key)]))).toHaveLength(1);
    const affected = camera[0].affected.map((m: { key: string }) => m.key);
    expect(affected).toContain("sensor_fusion");
    expect(affected).not.toContain("lidar_perception");
    // The cascade of the last window: camera perception → … → control.
    const health = (await gql(`query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) { cascades { root { key } affected { key } } } }`, { s: driving.id, at: last.end })).systemHealth;
    const cascade = health.cascades.find((c: { root: { key: string } }) => c.root.key === "camera_perception");
    // Every stage below the camera, give or take one whose noisy signals stayed under their
    // thresholds in that one window (the demo's data is random; the incident keeps it either way).
    const stages = ["control", "motion_prediction", "planning", "sensor_fusion", "tracking"];
    const inCascade = cascade.affected.map((m: { key: string }) => m.key);
    expect(inCascade.every((k: string) => stages.includes(k)), JSON.stringify(inCascade)).toBe(true);
    expect(inCascade).toContain("sensor_fusion");
    expect(inCascade.length, JSON.stringify(inCascade)).toBeGreaterThanOrEqual(4);
    // Its incident holds the cascade's alerts (a model that had an unrelated incident still open
    // when the cascade reached it may keep that one).
    expect(affected.length).toBeGreaterThanOrEqual(4);
    // Before the fault the stack was healthy: no history window names the camera.
    const before = events.filter((e) => e.systemId === driving.id && e.index < FAULT_INDEX);
    expect(before.filter((e) => e.rootCause === "camera_perception" && e.status === "FAILING")).toEqual([]);
  });

  it("resumes the existing systems on restart instead of creating them again", async () => {
    const seen = events.length;
    const again = start(["driving", "ecommerce"], 60);
    await until(() => events.slice(seen).some((e) => e.system === "driving") && events.slice(seen).some((e) => e.system === "ecommerce"), 60_000, "a resumed window");
    again.abort();
    const after = (await gql(`{ systems { id name } }`)).systems;
    expect(after.map((s: { id: string }) => s.id).sort()).toEqual(systems.map((s) => s.id).sort());
    // No second backfill: the resumed stream starts at the current window.
    const lastBefore = Math.max(...events.slice(0, seen).filter((e) => e.system === "driving").map((e) => e.index));
    expect(events.slice(seen).every((e) => e.index > lastBefore || e.system === "ecommerce")).toBe(true);
    expect(events.slice(seen).filter((e) => e.system === "ecommerce").every((e) => e.index >= HISTORY)).toBe(true);
    expect(lines.some((l) => l.includes("resuming the stream"))).toBe(true);
  });
});
