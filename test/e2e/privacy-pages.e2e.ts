/// <reference lib="dom" />
// Issue #16 on the dashboard in Chromium: unique markers planted in every row of a PII feature (RAW
// model) and of a PROFILE_ONLY model's features; the pages a person would open — the systems list,
// the system page, its retraining page, both model pages (their drift section), a prediction page
// of each model — are loaded and their HTML searched: no marker. The model page says how its drift
// report was computed, as GraphQL answers it (raw rows or window profiles with the KS bound).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { gql, launchBrowser, startTandem, type Running } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-privacy-"));
const adminKey = `e2e_admin_${Date.now()}_privacy`;
const WINDOW_SECONDS = 300;
const ROWS = 150;
const env = { DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0", TANDEM_EVALUATE_EVERY_SECONDS: "0" };
const markers: string[] = [];
let browser: Browser;
let tandem: Running;
let page: Page;
let systemId: string;
let openId: string;
let closedId: string;
let windowStart: number;

const api = (query: string, variables: Record<string, unknown> = {}) => gql(tandem.apiUrl, adminKey, query, variables);

beforeAll(async () => {
  browser = await launchBrowser();
  tandem = await startTandem(env);
  page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(120_000);
  systemId = (await api(`mutation { createSystem(name: "privacy-e2e", windowSeconds: ${WINDOW_SECONDS}) { id } }`)).createSystem.id;
  const register = async (key: string, features: unknown) => (await api(`mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: BINARY_CLASSIFICATION, features: $f) { id } }`, { s: systemId, k: key, f: features })).registerModel.id;
  openId = await register("open", [{ name: "patient", kind: "CATEGORICAL" }, { name: "salary", kind: "NUMERIC" }, { name: "age", kind: "NUMERIC" }]);
  closedId = await register("closed", [{ name: "diagnosis", kind: "CATEGORICAL" }, { name: "weight", kind: "NUMERIC" }]);
  await api(`mutation($m: ID!) { setModelPrivacy(modelId: $m, piiFeatures: ["patient", "salary"]) { mode } }`, { m: openId });
  await api(`mutation($m: ID!) { setModelPrivacy(modelId: $m, mode: PROFILE_ONLY) { mode } }`, { m: closedId });
  windowStart = Math.floor((Date.now() - 3600_000) / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000;
  for (const w of [0, 1]) {
    const open = [];
    const closed = [];
    for (let k = 0; k < ROWS; k++) {
      const i = w * ROWS + k;
      const ts = new Date(windowStart + w * WINDOW_SECONDS * 1000 + 1000 + k * 1000).toISOString();
      const m = [`PATIENT-e2e-${i}`, 880_000 + i + 0.375, `DIAG-e2e-${i}`, 640_000 + i + 0.625] as const;
      markers.push(m[0], String(m[1]), m[2], String(m[3]));
      open.push({ id: `o-${i}`, timestamp: ts, features: { patient: m[0], salary: m[1], age: 20 + (k % 40) }, score: (k % 10) / 10 + 0.05 });
      closed.push({ id: `c-${i}`, timestamp: ts, features: { diagnosis: m[2], weight: m[3] }, score: (k % 7) / 7 });
    }
    for (const [m, e] of [[openId, open], [closedId, closed]] as const) {
      expect((await api(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m, e })).ingestPredictions.accepted).toBe(ROWS);
    }
    await api(`mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted } }`, { m: openId, l: open.map((p, k) => ({ predictionId: p.id, timestamp: p.timestamp, value: k % 2 })) });
  }
  for (const w of [1, 2]) await api(`mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: new Date(windowStart + w * WINDOW_SECONDS * 1000).toISOString() });
}, 600_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await tandem?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("no raw PII or profile-only value on the dashboard", () => {
  it("the pages a person opens show none of the markers", async () => {
    const at = new Date(windowStart + 2 * WINDOW_SECONDS * 1000).toISOString();
    const pages = [
      "/", `/systems/${systemId}`, `/systems/${systemId}/retraining?model=${openId}`,
      `/models/${openId}?at=${encodeURIComponent(at)}`, `/models/${closedId}?at=${encodeURIComponent(at)}`,
      `/models/${openId}/predictions/o-160`, `/models/${closedId}/predictions/c-160`,
    ];
    let searched = 0;
    const shown: Record<string, string> = {};
    for (const path of pages) {
      await page.goto(`${tandem.webUrl}${path}`, { waitUntil: "networkidle" });
      const html = await page.content();
      expect(markers.filter((m) => html.includes(m)), path).toEqual([]);
      searched += html.length;
      shown[path] = html;
    }
    // Controls: the model pages did render their drift tables (the features are listed).
    expect(shown[pages[3]!]).toContain("patient");
    expect(shown[pages[4]!]).toContain("diagnosis");
    expect(markers).toHaveLength(4 * 2 * ROWS);
    expect(searched).toBeGreaterThan(10_000);
  }, 600_000);

  it("the model page says how its drift report was computed, as GraphQL does", async () => {
    for (const modelId of [openId, closedId]) {
      const current = { from: new Date(windowStart + WINDOW_SECONDS * 1000).toISOString(), to: new Date(windowStart + 2 * WINDOW_SECONDS * 1000).toISOString() };
      const r = (await api(`query($m: ID!, $c: WindowInput!) { driftReport(modelId: $m, current: $c) { path errorBound } }`, { m: modelId, c: current })).driftReport;
      await page.goto(`${tandem.webUrl}/models/${modelId}?at=${encodeURIComponent(current.to)}`, { waitUntil: "networkidle" });
      const shown = (await page.getByTestId("drift-path").textContent()) ?? "";
      if (r.path === "PROFILE") expect(shown).toBe(`window profiles of every row (KS D within ±${r.errorBound.toFixed(4)})`);
      else expect(shown).toBe("raw rows");
      expect(r.path).toBe(modelId === closedId ? "PROFILE" : "EXACT");
    }
  }, 600_000);
});
