/// <reference lib="dom" />
// Issue #15 part 5 in Chromium: the model page's "Where the model is wrong" and the printable
// report's weak slices show what GraphQL's weakSlices answers for the same window (slices in order,
// their rows, rates and adjusted p-values), on a model whose error is raised only for
// region = east × the top age bin.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { seededRandom } from "../../api/src/analytics/seeded-random.js";
import { formatPValue, formatSlice, formatSliceMetric } from "../../web/lib/weak-slice-queries.js";
import { SCREENSHOTS, gql, launchBrowser, startTandem, type Running } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-slices-"));
const adminKey = `e2e_admin_${Date.now()}_key`;
const WINDOW_SECONDS = 300;
const size = WINDOW_SECONDS * 1000;
const env = { DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0", TANDEM_EVALUATE_EVERY_SECONDS: "0" };
const REGIONS = ["north", "south", "east", "west"];
const QUERY = `query($m: ID!, $at: DateTime, $max: Int) { weakSlices(modelId: $m, at: $at, maxSlices: $max) {
  metric estimated rows tested slices { conditions { feature category range { lower upper } } support metric inSlice outside pValue adjustedPValue estimated } } }`;

let browser: Browser;
let tandem: Running;
let page: Page;
let systemId: string;
let modelId: string;
/** End of the window with the planted slice (the last closed one when the test started). */
let end: number;

const api = (query: string, variables: Record<string, unknown> = {}) => gql(tandem.apiUrl, adminKey, query, variables);

async function post(path: string, lines: unknown[]): Promise<void> {
  const res = await fetch(`${tandem.apiUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${adminKey}` },
    body: lines.map((l) => JSON.stringify(l)).join("\n"),
  });
  expect(res.status).toBe(200);
}

/** n labelled predictions in [from, from + size); planted: error 50% in region east × age ≥ 68, else 10%. */
async function ingestWindow(random: () => number, from: number, n: number, planted: boolean, prefix: string): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => {
    const region = REGIONS[Math.floor(random() * 4)]!;
    const age = 20 + 60 * random();
    const label = random() < 0.5 ? 1 : 0;
    const right = random() >= (planted && region === "east" && age >= 68 ? 0.5 : 0.1);
    const score = right === (label === 1) ? 0.7 + 0.25 * random() : 0.05 + 0.25 * random();
    const timestamp = new Date(from + Math.floor((i * size) / n)).toISOString();
    return { id: `${prefix}-${i}`, timestamp, features: { region, age, device: random() < 0.5 ? "ios" : "web" }, score, label };
  });
  await post(`/v1/models/${modelId}/predictions`, rows.map(({ label: _l, ...p }) => p));
  await post(`/v1/models/${modelId}/labels`, rows.map((r) => ({ predictionId: r.id, timestamp: r.timestamp, value: r.label })));
}

beforeAll(async () => {
  browser = await launchBrowser();
  tandem = await startTandem(env);
  page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.setDefaultTimeout(180_000); // the model page loads drift, performance and slices on a loaded machine
  page.setDefaultNavigationTimeout(60_000);
  systemId = (await api(`mutation { createSystem(name: "slices-e2e", windowSeconds: ${WINDOW_SECONDS}) { id } }`)).createSystem.id;
  modelId = (
    await api(
      `mutation($s: ID!) { registerModel(systemId: $s, key: "scorer", task: BINARY_CLASSIFICATION,
        features: [{ name: "region", kind: CATEGORICAL }, { name: "age", kind: NUMERIC }, { name: "device", kind: CATEGORICAL }]) { id } }`,
      { s: systemId },
    )
  ).registerModel.id;
  end = Math.floor(Date.now() / size) * size;
  const random = seededRandom(1505);
  await ingestWindow(random, end - 3 * size, 1500, false, "ref"); // the reference (first window with ≥ 100 predictions)
  await ingestWindow(random, end - size, 3000, true, "cur");
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await tandem?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("weak slices in the dashboard", () => {
  it("the model page lists the slices GraphQL answers, planted slice first", async () => {
    const at = new Date(end).toISOString();
    const expected = (await api(QUERY, { m: modelId, at, max: 5 })).weakSlices;
    expect(expected).toMatchObject({ metric: "error_rate", estimated: false, rows: 3000 });
    expect(formatSlice(expected.slices[0])).toMatch(/^region = east and age ≥ 6[5-9]/);

    await page.goto(`${tandem.webUrl}/models/${modelId}?at=${encodeURIComponent(at)}`, { waitUntil: "networkidle" });
    const section = page.getByTestId("weak-slices-section");
    await section.locator('[data-testid="weak-slices-table"], [data-testid="weak-slices-error"], [data-testid="weak-slices-empty"]').first().waitFor();
    expect(await page.getByTestId("weak-slices-table").count(), (await section.textContent()) ?? "").toBe(1);
    const rows = await page.getByTestId("weak-slice-row").evaluateAll((trs) =>
      trs.map((tr) => ({ slice: tr.getAttribute("data-slice"), estimated: tr.getAttribute("data-estimated"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim()) })),
    );
    expect(rows.map((r) => r.slice)).toEqual(expected.slices.map(formatSlice));
    rows.forEach((r, i) => {
      const s = expected.slices[i];
      expect(r.estimated).toBe("false");
      expect(r.cells).toEqual([s.support.toLocaleString("en-US"), formatSliceMetric(s.metric, s.inSlice), formatSliceMetric(s.metric, s.outside), formatPValue(s.adjustedPValue)]);
    });
    await expect(page.getByTestId("weak-slices-summary").textContent()).resolves.toContain(`${expected.tested.toLocaleString("en-US")} slices tested`);
    await page.getByTestId("weak-slices-section").screenshot({ path: join(SCREENSHOTS, "weak-slices-model.png") });
  });

  it("the printable report lists each model's top slices as GraphQL answers them", async () => {
    const at = new Date(end).toISOString();
    const expected = (await api(QUERY, { m: modelId, at, max: 3 })).weakSlices;
    await page.goto(`${tandem.webUrl}/systems/${systemId}/report?at=${encodeURIComponent(at)}`, { waitUntil: "networkidle" });
    await page.getByTestId("report-weak-slices-table").waitFor();
    const slices = await page.getByTestId("report-weak-slices-table").locator("tr[data-slice]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-slice")));
    expect(slices).toEqual(expected.slices.map(formatSlice));
    const first = await page.getByTestId("report-weak-slices-scorer").locator("td").allTextContents();
    const s = expected.slices[0];
    expect(first.map((t) => t.trim())).toEqual([formatSlice(s), s.support.toLocaleString("en-US"), formatSliceMetric(s.metric, s.inSlice), formatSliceMetric(s.metric, s.outside), formatPValue(s.adjustedPValue)]);
    await page.getByTestId("report-weak-slices").screenshot({ path: join(SCREENSHOTS, "weak-slices-report.png") });
  });
});
