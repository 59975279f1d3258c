/// <reference lib="dom" />
// Issue #18, erasure on the dashboard in Chromium: after erasePredictions, no page returns the erased
// ids — not the retraining queue, not a prediction's similar cases, not the erased prediction's own
// page. The ids are taken from what the pages showed before the erasure (so the check can fail).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { gql, launchBrowser, startTandem, type Running } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-erasure-"));
const adminKey = `e2e_admin_${Date.now()}_erasure`;
const WINDOW_SECONDS = 300;
const env = { DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0", TANDEM_EVALUATE_EVERY_SECONDS: "0" };
let browser: Browser;
let tandem: Running;
let page: Page;
let systemId: string;
let modelId: string;

const api = (query: string, variables: Record<string, unknown> = {}) => gql(tandem.apiUrl, adminKey, query, variables);

beforeAll(async () => {
  browser = await launchBrowser();
  tandem = await startTandem(env);
  page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(120_000);
  systemId = (await api(`mutation { createSystem(name: "erasure-e2e", windowSeconds: ${WINDOW_SECONDS}) { id } }`)).createSystem.id;
  const features = [{ name: "income", kind: "NUMERIC" }, { name: "age", kind: "NUMERIC" }];
  modelId = (await api(`mutation($s: ID!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: "credit", task: BINARY_CLASSIFICATION, features: $f) { id } }`, { s: systemId, f: features })).registerModel.id;
  const start = Math.floor((Date.now() - 2 * 3600_000) / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000;
  const rows = Array.from({ length: 120 }, (_, i) => ({
    id: `cust-${i}`, timestamp: new Date(start + 1000 + i * 1000).toISOString(),
    features: { income: 20_000 + ((i * 7919) % 120) * 500, age: 20 + (i % 50) }, score: (i % 10) / 10 + 0.05,
  }));
  await api(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m: modelId, e: rows });
  await api(`mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted } }`, {
    m: modelId, l: rows.map((p, i) => ({ predictionId: p.id, timestamp: p.timestamp, value: i % 3 === 0 ? 1 : 0 })),
  });
  await api(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, {
    m: modelId, e: [{ id: "probe", timestamp: new Date(start + 3600_000).toISOString(), features: { income: 41_000, age: 33 }, score: 0.2 }],
  });
}, 600_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await tandem?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const ids = (testId: string, attribute: string) =>
  page.evaluate(([t, a]) => [...document.querySelectorAll(`[data-testid="${t}"]`)].map((r) => r.getAttribute(a!) ?? ""), [testId, attribute] as const);

async function shownIds(): Promise<{ queue: string[]; similar: string[] }> {
  await page.goto(`${tandem.webUrl}/systems/${systemId}/retraining?model=${modelId}`, { waitUntil: "networkidle" });
  const queue = await ids("candidate-row", "data-prediction-id");
  await page.goto(`${tandem.webUrl}/models/${modelId}/predictions/probe`, { waitUntil: "networkidle" });
  await page.getByTestId("prediction-page").waitFor();
  const similar = await ids("similar-case", "data-prediction-id");
  return { queue, similar };
}

describe("erased predictions leave every page", () => {
  it("the retraining queue, the similar cases and the prediction's own page no longer show them", async () => {
    const before = await shownIds();
    expect(before.queue.length).toBeGreaterThan(3);
    expect(before.similar.length).toBeGreaterThan(3);
    const erased = [...new Set([...before.queue.slice(0, 3), ...before.similar.slice(0, 3)])];
    const r = await api(`mutation($m: ID!, $ids: [String!]) { erasePredictions(modelId: $m, ids: $ids) { predictions labels } }`, { m: modelId, ids: erased });
    expect(r.erasePredictions).toEqual({ predictions: erased.length, labels: erased.length });
    const after = await shownIds();
    expect(after.queue.filter((id) => erased.includes(id))).toEqual([]);
    expect(after.similar.filter((id) => erased.includes(id))).toEqual([]);
    expect(after.queue.length).toBeGreaterThan(0);
    const html = await page.content();
    for (const id of erased) expect(html).not.toContain(`>${id}<`);
    await page.goto(`${tandem.webUrl}/models/${modelId}/predictions/${erased[0]}`, { waitUntil: "networkidle" });
    expect(await page.getByTestId("prediction-not-found").isVisible()).toBe(true);
  });
});
