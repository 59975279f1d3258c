/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The system map stays responsive with 500 models: creates (once) a system of 500 models and
// ~1,000 dependencies through GraphQL, opens its map and measures the time from navigation to the
// SVG holding its 500 nodes, then how fast the map answers a hover (tooltip) and a zoom. Prints
// "system map: 500 models rendered in N ms" and returns the figures.
import { strict as assert } from "node:assert";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { randomSystemGraph } from "../../bench/web/graph.js";
import { gql } from "../support.js";

export interface CheckContext {
  webUrl: string;
  apiUrl: string;
  adminKey: string;
  screenshots: string;
}

export const LARGE_SYSTEM_NAME = "load-test-500 (delete me)";
const MODELS = 500;
const DEPENDENCIES = 1000;

export interface LargeMapResult {
  systemId: string;
  /** Navigation start → SVG with 500 nodes in the DOM (the server lays out and renders it). */
  renderMs: number;
  /** Same, on the first (cold) visit, which includes compiling/caching on a dev server. */
  coldMs: number;
  /** Hover → tooltip visible. */
  tooltipMs: number;
  /** Zoom button → SVG resized. */
  zoomMs: number;
}

/** The large system, created through the API unless it exists already (same name, 500 models). */
async function largeSystem(ctx: CheckContext): Promise<string> {
  const { systems } = await gql(ctx.apiUrl, ctx.adminKey, `{ systems { id name models { id } dependencies { id } } }`);
  const existing = (systems as { id: string; name: string; models: unknown[]; dependencies: unknown[] }[]).find((s) => s.name === LARGE_SYSTEM_NAME);
  if (existing && existing.models.length >= MODELS && existing.dependencies.length >= DEPENDENCIES * 0.95) return existing.id;

  const systemId: string =
    existing?.id ??
    (
      await gql(ctx.apiUrl, ctx.adminKey, `mutation($n: String!) { createSystem(name: $n, description: "500 models for the map's render-time check; safe to delete", windowSeconds: 3600) { id } }`, {
        n: LARGE_SYSTEM_NAME,
      })
    ).createSystem.id;

  const { ids, edges } = randomSystemGraph(MODELS, DEPENDENCIES, 500);
  const keys = ids.map((id) => `model-${id.slice(1).padStart(3, "0")}`);
  const keyOf = new Map(ids.map((id, i) => [id, keys[i]!]));
  for (let i = 0; i < keys.length; i += 50) {
    const batch = keys.slice(i, i + 50);
    const fields = batch
      .map((k, j) => `m${j}: registerModel(systemId: $s, key: "${k}", name: "Model ${k.slice(6)}", task: REGRESSION, version: "1", features: [{ name: "x", kind: NUMERIC }]) { id }`)
      .join("\n");
    await gql(ctx.apiUrl, ctx.adminKey, `mutation($s: ID!) {\n${fields}\n}`, { s: systemId });
  }
  // Dependencies in batches; an existing one (re-run after a partial creation) is skipped.
  for (let i = 0; i < edges.length; i += 100) {
    const batch = edges.slice(i, i + 100);
    const fields = batch
      .map((e, j) => `d${j}: addDependency(systemId: $s, fromKey: "${keyOf.get(e.from)}", toKey: "${keyOf.get(e.to)}", weight: ${e.weight ?? 1}) { id }`)
      .join("\n");
    try {
      await gql(ctx.apiUrl, ctx.adminKey, `mutation($s: ID!) {\n${fields}\n}`, { s: systemId });
    } catch (error) {
      if (!existing) throw error;
      for (const e of batch) {
        await gql(ctx.apiUrl, ctx.adminKey, `mutation($s: ID!) { addDependency(systemId: $s, fromKey: "${keyOf.get(e.from)}", toKey: "${keyOf.get(e.to)}", weight: ${e.weight ?? 1}) { id } }`, { s: systemId }).catch(() => undefined);
      }
    }
  }
  return systemId;
}

async function timeRender(page: Page, url: string): Promise<number> {
  const started = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForFunction((n) => document.querySelectorAll('svg[data-testid="system-map"] a[data-model-id]').length >= n, MODELS, { timeout: 120_000, polling: 50 });
  return Date.now() - started;
}

export async function checkLargeMap(page: Page, ctx: CheckContext): Promise<LargeMapResult> {
  const systemId = await largeSystem(ctx);
  const url = `${ctx.webUrl}/systems/${systemId}`;

  const coldMs = await timeRender(page, url);
  // Let the first visit finish (the time slider streams in after the map) before timing again.
  await page.locator('[data-testid="time-slider"], [data-testid="time-slider-error"]').first().waitFor({ timeout: 120_000 }).catch(() => undefined);
  const renderMs = await timeRender(page, url);
  const nodes = await page.locator('svg[data-testid="system-map"] a[data-model-id]').count();
  assert.equal(nodes, MODELS, `the map shows ${MODELS} nodes`);
  const edges = await page.locator('svg[data-testid="system-map"] [data-testid^="map-edge-"]').count();
  assert.ok(edges >= DEPENDENCIES * 0.95, `the map draws the dependencies (${edges})`);

  // Interaction stays snappy: hover → tooltip, zoom → resize (client-side only).
  await page.waitForLoadState("load");
  const node = page.locator('svg[data-testid="system-map"] a[data-model-id]').nth(250);
  await node.scrollIntoViewIfNeeded();
  let t = Date.now();
  await node.hover();
  await page.getByTestId("map-tooltip").waitFor();
  const tooltipMs = Date.now() - t;
  const before = await page.getByTestId("system-map").evaluate((svg) => svg.getBoundingClientRect().width);
  t = Date.now();
  await page.getByTestId("map-zoom-out").click();
  await page.waitForFunction((w) => document.querySelector('svg[data-testid="system-map"]')!.getBoundingClientRect().width < w, before);
  const zoomMs = Date.now() - t;

  await page.screenshot({ path: join(ctx.screenshots, "system-map-500.png") });
  console.log(`system map: ${MODELS} models rendered in ${renderMs} ms (cold: ${coldMs} ms; tooltip ${tooltipMs} ms, zoom ${zoomMs} ms)`);
  return { systemId, renderMs, coldMs, tooltipMs, zoomMs };
}
