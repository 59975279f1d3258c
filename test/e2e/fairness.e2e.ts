// Fairness on the dashboard (issue 15, part 6), as a user sees it: `npm start` on the embedded
// database, a lending model whose approvals differ by group (planted) with a fairness policy; the
// model page's fairness section and the printable report's fairness table show what GraphQL's
// fairness / fairnessHistory answer for the same window, to the last digit (data-value).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { SCREENSHOTS, gql, launchBrowser, startTandem, type Running } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-fairness-"));
const adminKey = `e2e_admin_${Date.now()}_key`;
const HOUR = 3600_000;
let browser: Browser;
let tandem: Running;

const FIGURES = `feature binning demographicParityRatio demographicParityDifference equalizedOddsDifference meanAbsoluteErrorDifference
  groups { group count labeled selectionRate truePositiveRate falsePositiveRate accuracy }`;

beforeAll(async () => {
  browser = await launchBrowser();
  tandem = await startTandem({ DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0" });
});

afterAll(async () => {
  await tandem?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** 400 predictions in the hour from `start`: group A approved 70%, B 30% (unfair), labels agreeing 80%. */
function planted(start: number, tag: string) {
  let s = (start % 9973) + 1;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const events = [];
  const labels = [];
  for (let i = 0; i < 400; i++) {
    const group = i % 2 === 0 ? "A" : "B";
    const approved = rnd() < (group === "A" ? 0.7 : 0.3);
    const id = `${tag}-${i}`;
    events.push({ id, timestamp: new Date(start + 5000 + i * 8000).toISOString(), features: { group, age: 18 + (i % 60) }, score: approved ? 0.8 : 0.2 });
    labels.push({ predictionId: id, timestamp: new Date(start + 6000 + i * 8000).toISOString(), value: rnd() < 0.8 ? Number(approved) : Number(!approved) });
  }
  return { events, labels };
}

describe("fairness on the dashboard", () => {
  let systemId: string;
  let modelId: string;

  it("the model page and the report show the fairness GraphQL answers", async () => {
    const api = tandem.apiUrl;
    systemId = (await gql(api, adminKey, `mutation { createSystem(name: "lending", windowSeconds: 3600) { id } }`)).createSystem.id;
    modelId = (await gql(api, adminKey, `mutation($s: ID!) { registerModel(systemId: $s, key: "approvals", task: BINARY_CLASSIFICATION, features: [{name: "group", kind: CATEGORICAL}, {name: "age", kind: NUMERIC}]) { id } }`, { s: systemId })).registerModel.id;
    const hour = Math.floor(Date.now() / HOUR) * HOUR;
    for (const [k, start] of [hour - 3 * HOUR, hour - 2 * HOUR, hour - HOUR].entries()) {
      const { events, labels } = planted(start, `w${k}`);
      await gql(api, adminKey, `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m: modelId, e: events });
      await gql(api, adminKey, `mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted } }`, { m: modelId, l: labels });
    }
    await gql(api, adminKey, `mutation($m: ID!) { setFairnessPolicy(modelId: $m, sensitiveFeatures: ["group", "age"], maxEqualizedOddsDifference: 0.3, bins: [{feature: "age", edges: [30, 50]}]) { minParityRatio } }`, { m: modelId });

    const page = await browser.newPage();
    await page.goto(`${tandem.webUrl}/models/${modelId}`);
    const section = page.getByTestId("fairness-section");
    await section.waitFor({ timeout: 120_000 });
    expect(await section.getAttribute("data-state")).toBe("policy");
    const windowStart = (await section.getAttribute("data-window-start"))!;
    const at = new Date(Date.parse(windowStart) + HOUR).toISOString();
    const { fairness, fairnessHistory } = await gql(api, adminKey, `query($m: ID!, $at: DateTime) {
      fairness(modelId: $m, at: $at) { windowStart features { ${FIGURES} } signals { name breached } }
      fairnessHistory(modelId: $m, windows: 12, at: $at) { windowStart features { feature demographicParityRatio } } }`, { m: modelId, at });
    expect(fairness.windowStart).toBe(windowStart);
    expect(fairness.signals.find((s: any) => s.name === "group.demographic_parity_ratio").breached).toBe(true);
    expect(Number(await section.getAttribute("data-breached"))).toBe(fairness.signals.filter((s: any) => s.breached).length);

    for (const f of fairness.features) {
      const panel = section.locator(`[data-testid="fairness-feature"][data-feature="${f.feature}"]`);
      expect(await panel.getAttribute("data-binning")).toBe(f.binning);
      for (const key of ["demographicParityRatio", "demographicParityDifference", "equalizedOddsDifference"]) {
        const shown = await panel.locator(`[data-testid="fairness-figure"][data-figure="${key}"]`).getAttribute("data-value");
        expect(shown, `${f.feature} ${key}`).toBe(f[key] === null ? "" : String(f[key]));
      }
      const rows = panel.getByTestId("fairness-group");
      expect(await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-group")))).toEqual(f.groups.map((g: any) => g.group));
      for (const [i, g] of f.groups.entries()) {
        for (const key of ["count", "labeled", "selectionRate", "truePositiveRate", "falsePositiveRate", "accuracy"]) {
          const shown = await rows.nth(i).locator(`[data-metric="${key}"]`).getAttribute("data-value");
          expect(shown, `${f.feature} ${g.group} ${key}`).toBe(g[key] === null ? "" : String(g[key]));
        }
      }
      const points = fairnessHistory.filter((w: any) => w.features.find((x: any) => x.feature === f.feature)?.demographicParityRatio != null).length;
      expect(await panel.getByTestId(`fairness-chart-${f.feature}`).getAttribute("data-points")).toBe(String(points));
    }
    expect(await section.textContent()).toContain("breached");
    await section.screenshot({ path: join(SCREENSHOTS, "model-fairness.png") });

    await page.goto(`${tandem.webUrl}/systems/${systemId}/report`);
    const row = page.locator(`[data-testid="report-fairness-row"][data-model="approvals"][data-feature="group"]`);
    await row.waitFor({ timeout: 120_000 });
    // The report's window (the one its health describes) as the page states it.
    const reportAt = await page.getByTestId("report-fairness").getAttribute("data-at");
    const live = await gql(api, adminKey, `query($m: ID!, $at: DateTime) { fairness(modelId: $m, at: $at) { features { feature demographicParityRatio } signals { name breached } } }`, { m: modelId, at: reportAt });
    const group = live.fairness.features.find((f: any) => f.feature === "group");
    expect(await row.getAttribute("data-ratio")).toBe(group.demographicParityRatio === null ? "" : String(group.demographicParityRatio));
    expect(Number(await row.getAttribute("data-breached"))).toBe(live.fairness.signals.filter((s: any) => s.breached && s.name.startsWith("group.")).length);
    await page.getByTestId("report-fairness").screenshot({ path: join(SCREENSHOTS, "report-fairness.png") });
    await page.close();
  });
});
