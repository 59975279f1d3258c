// Browser check of the model page (/models/[modelId]): the driving system's camera model shows the
// drift report, histograms and performance the API returns for the same windows.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { gql } from "../support.js";

export interface CheckContext {
  webUrl: string;
  apiUrl: string;
  adminKey: string;
  screenshots: string;
}

interface FeatureDrift {
  feature: string;
  drifted: boolean;
}

export async function checkModelPage(page: Page, ctx: CheckContext): Promise<void> {
  // 1. The driving system (its models include a key containing "camera") and its camera model.
  const { systems } = await gql(ctx.apiUrl, ctx.adminKey, `{ systems { id name models { id key name features { name } } } }`);
  const system = (systems as { id: string; name: string; models: { id: string; key: string; name: string; features: { name: string }[] }[] }[]).find((s) =>
    s.models.some((m) => m.key.toLowerCase().includes("camera")),
  );
  assert.ok(system, `no system has a model whose key contains "camera" (systems: ${systems.map((s: { name: string }) => s.name).join(", ")})`);
  const camera = system.models.find((m) => m.key.toLowerCase().includes("camera"))!;

  // 2. Open its page.
  await page.goto(`${ctx.webUrl}/models/${camera.id}`);
  const root = page.getByTestId("model-page");
  await root.waitFor({ timeout: 60_000 });
  assert.equal(await root.getAttribute("data-model-id"), camera.id);
  const header = (await page.getByTestId("model-header").textContent()) ?? "";
  assert.ok(header.includes(camera.name), `the header names the model (${camera.name}): ${header}`);
  assert.ok(header.includes(system.name), `the header names the system (${system.name})`);
  assert.equal(await page.getByTestId("breadcrumb-system").getAttribute("href"), `/systems/${system.id}`);
  await page.getByTestId("model-status").waitFor();

  // 3. Drift table: the same flags as driftReport for the windows the page states. The latest
  //    window may still be filling (live demo), so a mismatch is retried after a reload.
  const expected = await settle(page, () => checkDriftTable(page, ctx, camera));

  // 4. Histograms: one SVG per feature (and the output).
  for (const feature of expected.keys()) {
    const histogram = page.locator(`[data-testid="histogram"][data-feature="${cssEscape(feature)}"] svg`);
    assert.equal(await histogram.count(), 1, `a histogram SVG for ${feature}`);
    assert.ok((await histogram.locator('[data-testid="histogram-bin"]').count()) > 0, `the histogram of ${feature} has bins`);
  }
  assert.equal(await page.locator('[data-testid="histogram"] svg').count(), await page.getByTestId("drift-row").count(), "one histogram per row of the drift table (features and output)");

  // 5. Performance: as many points as the performance query returns for the metric and range shown.
  await settle(page, () => checkPerformance(page, ctx, camera.id));

  // 6. The other sections are there (with data or a designed empty state).
  for (const id of ["anomalies-section", "alerts-section", "blast-radius", "multivariate", "window-picker"]) await page.getByTestId(id).waitFor();
  const { blastRadius } = await gql(ctx.apiUrl, ctx.adminKey, `query($m: ID!) { blastRadius(modelId: $m) { model { key } } }`, { m: camera.id });
  assert.equal(await page.getByTestId("blast-row").count(), blastRadius.length, "the blast radius lists every downstream model");

  await page.screenshot({ path: join(ctx.screenshots, "model-page.png"), fullPage: true });

  // 7. Pick an earlier window (a completed one): the drift table follows, still equal to driftReport.
  const before = await page.getByTestId("drift-section").getAttribute("data-current-to");
  const earlier = page.getByTestId("window-prev");
  if ((await earlier.count()) > 0) {
    await earlier.click();
    await page.waitForURL(/[?&]at=/);
    await page.locator(`[data-testid="drift-section"]:not([data-current-to="${before}"])`).waitFor({ timeout: 60_000 });
    const to = await page.getByTestId("drift-section").getAttribute("data-current-to");
    assert.equal(new Date(to!).toISOString(), new Date(new URL(page.url()).searchParams.get("at")!).toISOString(), "the drift report is for the window picked");
    // Late labels keep arriving for recent windows (estimated points become realized): settle.
    await settle(page, () => checkDriftTable(page, ctx, camera));
    await settle(page, () => checkPerformance(page, ctx, camera.id));
  }
}

/** Runs `check`; on failure reloads the page and tries again (live data may move meanwhile). */
async function settle<T>(page: Page, check: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await check();
    } catch (error) {
      if (i >= attempts) throw error;
      await page.reload();
      await page.getByTestId("model-page").waitFor({ timeout: 60_000 });
    }
  }
}

async function checkDriftTable(page: Page, ctx: CheckContext, camera: { id: string; features: { name: string }[] }): Promise<Map<string, boolean>> {
  const section = page.getByTestId("drift-section");
  await section.waitFor();
  const current = { from: await section.getAttribute("data-current-from"), to: await section.getAttribute("data-current-to") };
  const reference = { from: await section.getAttribute("data-reference-from"), to: await section.getAttribute("data-reference-to") };
  assert.ok(current.from && current.to && reference.from && reference.to, "the drift section states its reference and current windows");
  const { driftReport } = await gql(
    ctx.apiUrl,
    ctx.adminKey,
    `query($m: ID!, $c: WindowInput!, $r: WindowInput) {
      driftReport(modelId: $m, current: $c, reference: $r) {
        features { feature drifted } predictionDrift { feature drifted }
      }
    }`,
    { m: camera.id, c: current, r: reference },
  );
  const expected = new Map<string, boolean>((driftReport.features as FeatureDrift[]).map((f) => [f.feature, f.drifted]));
  for (const f of camera.features) assert.ok(expected.has(f.name), `driftReport covers feature ${f.name}`);

  const rows = await page.getByTestId("drift-row").all();
  const shown = new Map<string, boolean>();
  const flags: boolean[] = [];
  let outputShown: boolean | null = null;
  for (const row of rows) {
    const feature = (await row.getAttribute("data-feature")) ?? "";
    const drifted = (await row.getAttribute("data-drifted")) === "true";
    flags.push(drifted);
    const flag = ((await row.getByTestId("drift-flag").textContent()) ?? "").toLowerCase();
    assert.equal(flag.includes("drifted"), drifted, `the drift flag text of ${feature} says ${drifted ? "drifted" : "not drifted"}: "${flag}"`);
    if ((await row.getAttribute("data-output")) === "true") outputShown = drifted;
    else shown.set(feature, drifted);
  }
  assert.deepEqual(
    [...shown.entries()].sort(),
    [...expected.entries()].sort(),
    `the drift table of ${current.from}–${current.to} lists every feature with the flags of driftReport`,
  );
  if (driftReport.predictionDrift) assert.equal(outputShown, driftReport.predictionDrift.drifted, "the output row has the prediction drift flag");
  assert.deepEqual(flags, [...flags].sort((a, b) => Number(b) - Number(a)), "drifted rows come first");
  return expected;
}

async function checkPerformance(page: Page, ctx: CheckContext, modelId: string): Promise<void> {
  const perf = page.getByTestId("performance-section");
  await perf.waitFor();
  const metric = (await perf.getAttribute("data-metric"))!;
  const from = (await perf.getAttribute("data-from"))!;
  const to = (await perf.getAttribute("data-to"))!;
  const { performance } = await gql(
    ctx.apiUrl,
    ctx.adminKey,
    `query($m: ID!, $k: String!, $f: DateTime!, $t: DateTime!) { performance(modelId: $m, metric: $k, from: $f, to: $t) { estimated } }`,
    { m: modelId, k: metric, f: from, t: to },
  );
  const points = perf.locator('[data-testid="performance-chart"] [data-testid="chart-point"]');
  assert.equal(await points.count(), performance.length, `the ${metric} chart draws one point per window the API returns`);
  if (performance.length > 0) {
    // Marked point by point, in time order. The newest window may get its labels between the render
    // and this query (estimated → realized), so it alone may differ.
    const shownEstimated = await points.evaluateAll((els) => els.map((el) => el.getAttribute("data-kind") === "estimated"));
    const apiEstimated = performance.map((p: { estimated: boolean }) => p.estimated);
    assert.deepEqual(shownEstimated.slice(0, -1), apiEstimated.slice(0, -1), "estimated points are marked as such");
    await perf.getByTestId("chart-legend").waitFor();
  } else {
    await perf.getByTestId("performance-empty").waitFor();
  }
  await perf.getByTestId("forecast-summary").waitFor();
}

function cssEscape(value: string): string {
  return value.replace(/["\\]/g, "\\$&");
}
