/// <reference lib="dom" />
// Issue #15, the prediction page (/models/[modelId]/predictions/[predictionId]) in Chromium: reached
// from the model page's "Explain a prediction" form, it shows the explanation's sentence, the logged
// attributions as a chart (forbidden feature flagged), each feature's percentile in the reference and
// — for a prediction without attributions — the 20 most similar labelled reference cases; every
// figure shown is compared with what GraphQL's prediction(modelId, id) answers.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { SCREENSHOTS, gql, launchBrowser, startTandem, type Running } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-prediction-"));
const adminKey = `e2e_admin_${Date.now()}_key`;
const WINDOW_SECONDS = 300;
const env = { DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0", TANDEM_EVALUATE_EVERY_SECONDS: "0" };
let browser: Browser;
let tandem: Running;
let page: Page;
let modelId: string;

const api = (query: string, variables: Record<string, unknown> = {}) => gql(tandem.apiUrl, adminKey, query, variables);
const PREDICTION = `query($m: ID!, $id: String!) { prediction(modelId: $m, id: $id) {
  id explanation { sentence forbiddenInTopReasons predictedLabel sameLabelCount
    attributions { feature value share forbidden }
    features { feature value percentile outOfReferenceRange }
    similarCases { k cases { predictionId label } } } } }`;

beforeAll(async () => {
  browser = await launchBrowser();
  tandem = await startTandem(env);
  page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  const system = (await api(`mutation { createSystem(name: "explain-e2e", windowSeconds: ${WINDOW_SECONDS}) { id } }`)).createSystem.id;
  const features = [{ name: "income", kind: "NUMERIC" }, { name: "age", kind: "NUMERIC" }, { name: "zip", kind: "CATEGORICAL" }];
  modelId = (await api(`mutation($s: ID!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: "credit", task: BINARY_CLASSIFICATION, features: $f) { id } }`, { s: system, f: features })).registerModel.id;
  // The reference: 150 labelled predictions in one window two hours ago.
  const start = Math.floor((Date.now() - 2 * 3600_000) / (WINDOW_SECONDS * 1000)) * WINDOW_SECONDS * 1000;
  const reference = Array.from({ length: 150 }, (_, i) => ({
    id: `ref-${i}`, timestamp: new Date(start + 1000 + i * 1000).toISOString(),
    features: { income: 20_000 + ((i * 7919) % 150) * 500, age: 20 + (i % 50), zip: `z${i % 4}` }, score: (i % 10) / 10 + 0.05,
    attributions: { income: 0.5 - (i % 5) / 10, age: 0.2, zip: 0.05 },
  }));
  await api(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m: modelId, e: reference });
  await api(`mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted } }`, {
    m: modelId, l: reference.map((p, i) => ({ predictionId: p.id, timestamp: p.timestamp, value: i % 3 === 0 ? 1 : 0 })),
  });
  await api(`mutation($m: ID!) { setForbiddenFeatures(modelId: $m, features: [{ name: "zip", maxShare: 0.1 }]) { name } }`, { m: modelId });
  const later = new Date(start + 3600_000).toISOString();
  await api(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, {
    m: modelId,
    e: [
      { id: "loan/42", timestamp: later, features: { income: 500_000, age: 35, zip: "z1" }, score: 0.9, attributions: { income: 0.31, zip: -0.62, age: 0.04 } },
      { id: "loan-43", timestamp: later, features: { income: 41_000, age: 33, zip: "z2" }, score: 0.2 },
    ],
  });
}, 600_000);

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await tandem?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function shown() {
  return page.evaluate(() => ({
    sentence: document.querySelector('[data-testid="prediction-sentence"]')?.textContent?.trim() ?? null,
    bars: [...document.querySelectorAll('[data-testid="attribution-bar"]')].map((b) => ({ feature: b.getAttribute("data-feature"), value: Number(b.getAttribute("data-value")), forbidden: b.getAttribute("data-forbidden") === "true" })),
    barText: [...document.querySelectorAll('[data-testid="attribution-bar"]')].map((b) => b.textContent ?? ""),
    features: [...document.querySelectorAll('[data-testid="feature-row"]')].map((r) => ({
      feature: r.getAttribute("data-feature"),
      percentile: r.querySelector('[data-testid="feature-percentile"]')?.textContent?.trim() ?? "",
      out: r.querySelector('[data-testid="feature-out-of-range"]')?.textContent?.trim() ?? "",
    })),
    forbidden: document.querySelector('[data-testid="forbidden-warning"]')?.textContent ?? null,
    similar: [...document.querySelectorAll('[data-testid="similar-case"]')].map((r) => ({ predictionId: r.getAttribute("data-prediction-id"), label: r.querySelector('[data-testid="similar-label"]')?.textContent?.trim() })),
    sameLabel: document.querySelector('[data-testid="same-label-count"]')?.textContent ?? null,
  }));
}

describe("prediction page", () => {
  it("from the model page's form to the explanation of a prediction with attributions, as GraphQL answers", async () => {
    await page.goto(`${tandem.webUrl}/models/${modelId}`, { waitUntil: "networkidle" });
    await page.getByTestId("prediction-lookup-id").fill("loan/42");
    await page.getByTestId("prediction-lookup-submit").click();
    await page.getByTestId("prediction-page").waitFor();
    expect(decodeURIComponent(page.url())).toContain(`/models/${modelId}/predictions/loan/42`);
    const want = (await api(PREDICTION, { m: modelId, id: "loan/42" })).prediction.explanation;
    const got = await shown();
    await page.screenshot({ path: join(SCREENSHOTS, "prediction-page.png"), fullPage: true });
    expect(got.sentence).toBe(want.sentence);
    expect(got.bars).toEqual(want.attributions.map((a: { feature: string; value: number; forbidden: boolean }) => ({ feature: a.feature, value: a.value, forbidden: a.forbidden })));
    expect(got.bars[0]).toMatchObject({ feature: "zip", forbidden: true });
    want.attributions.forEach((a: { share: number }, i: number) => expect(got.barText[i]).toContain(`${(a.share * 100).toFixed(1)}%`));
    expect(got.features).toEqual(want.features.map((f: { feature: string; percentile: number | null; outOfReferenceRange: boolean }) => ({
      feature: f.feature, percentile: f.percentile === null ? "—" : f.percentile.toFixed(1), out: f.outOfReferenceRange ? "yes" : "no",
    })));
    expect(got.features.find((f) => f.feature === "income")).toMatchObject({ percentile: "100.0", out: "yes" });
    expect(want.forbiddenInTopReasons).toEqual(["zip"]);
    expect(got.forbidden).toContain("zip");
    expect(got.similar).toEqual([]);
  });

  it("a prediction without attributions shows the 20 most similar labelled reference cases, as GraphQL answers", async () => {
    await page.goto(`${tandem.webUrl}/models/${modelId}/predictions/loan-43`, { waitUntil: "networkidle" });
    await page.getByTestId("prediction-page").waitFor();
    const want = (await api(PREDICTION, { m: modelId, id: "loan-43" })).prediction.explanation;
    const got = await shown();
    await page.screenshot({ path: join(SCREENSHOTS, "prediction-page-similar.png"), fullPage: true });
    expect(got.bars).toEqual([]);
    expect(await page.getByTestId("no-attributions").isVisible()).toBe(true);
    expect(want.similarCases.k).toBe(20);
    expect(got.similar).toEqual(want.similarCases.cases);
    expect(got.sameLabel).toBe(String(want.sameLabelCount));
    expect(got.sentence).toBe(want.sentence);
    expect(got.sentence).toContain(`Of the 20 most similar reference cases, ${want.sameLabelCount} had this label (0).`);
  });

  it("an unknown prediction says so", async () => {
    await page.goto(`${tandem.webUrl}/models/${modelId}/predictions/nope`, { waitUntil: "networkidle" });
    expect(await page.getByTestId("prediction-not-found").isVisible()).toBe(true);
  });
});
