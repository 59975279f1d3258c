/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// Browser checks of the system map (/systems/[id]) and the printable report (/systems/[id]/report)
// of the driving system (the one whose models include a key containing "camera"):
// - checkSystemMap: from the overview, open the map; every model is a node whose status (data
//   attribute and text label) equals systemHealth(at) of the window the page shows; the primary
//   root-cause badge sits on rootCauses[0]; cascade edges are emphasized; hovering a node shows its
//   tooltip; the time slider moves the map to an earlier window whose statuses equal
//   systemHealth(at) of that window (live updates paused), "Now" returns to live; clicking the
//   camera node opens its model page. Screenshots system-map.png, system-map-past.png.
// - checkReport: the report shows the real status, models and incidents, hides navigation when
//   printed, and prints to an A4 PDF (report.pdf). Screenshot report.png.
import { strict as assert } from "node:assert";
import { statSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { gql } from "../support.js";

export interface CheckContext {
  webUrl: string;
  apiUrl: string;
  adminKey: string;
  screenshots: string;
}

interface SystemRef {
  id: string;
  name: string;
  models: { id: string; key: string }[];
  dependencies: { from: { id: string }; to: { id: string } }[];
}

interface Health {
  windowStart: string;
  windowEnd: string;
  status: string;
  models: { model: { id: string; key: string }; status: string }[];
  rootCauses: { rank: number; model: { id: string; key: string } }[];
  cascades: { root: { id: string }; affected: { id: string }[] }[];
}

/** What the page shows, read in one go (the live page may refresh between two reads). */
interface Snapshot {
  windowEnd: string;
  live: boolean;
  systemStatus: string;
  nodes: Record<string, { status: string; label: string; primaryBadge: boolean }>;
  cascadeEdges: string[];
}

const LABELS: Record<string, string> = { HEALTHY: "Healthy", DEGRADED: "Degraded", FAILING: "Failing", UNKNOWN: "No data" };

const HEALTH = `query($s: ID!, $at: DateTime) { systemHealth(systemId: $s, at: $at) {
  windowStart windowEnd status
  models { model { id key } status }
  rootCauses { rank model { id key } }
  cascades { root { id } affected { id } }
} }`;

export async function drivingSystem(ctx: CheckContext): Promise<SystemRef> {
  const { systems } = await gql(ctx.apiUrl, ctx.adminKey, `{ systems { id name models { id key } dependencies { from { id } to { id } } } }`);
  const system = (systems as SystemRef[]).find((s) => s.models.some((m) => m.key.toLowerCase().includes("camera")));
  assert.ok(system, `no system has a model whose key contains "camera" (systems: ${(systems as SystemRef[]).map((s) => s.name).join(", ")})`);
  return system;
}

async function health(ctx: CheckContext, systemId: string, at: string | null): Promise<Health> {
  return (await gql(ctx.apiUrl, ctx.adminKey, HEALTH, { s: systemId, at })).systemHealth;
}

async function snapshot(page: Page): Promise<Snapshot> {
  await page.getByTestId("system-map").waitFor();
  return page.evaluate(() => {
    const win = document.querySelector<HTMLElement>('[data-testid="system-window"]')!;
    const nodes: Snapshot["nodes"] = {};
    for (const el of document.querySelectorAll('[data-testid="system-map"] [data-model-key]')) {
      nodes[el.getAttribute("data-model-key")!] = {
        status: el.getAttribute("data-status") ?? "",
        label: el.getAttribute("aria-label") ?? "",
        primaryBadge: el.querySelector('[data-testid="root-cause-badge"][data-primary="true"]') !== null,
      };
    }
    return {
      windowEnd: win.dataset.windowEnd!,
      live: win.dataset.live === "true",
      systemStatus: document.querySelector('[data-testid="system-status"]')?.getAttribute("data-status") ?? "",
      nodes,
      cascadeEdges: [...document.querySelectorAll('[data-testid="system-map"] [data-cascade="true"]')].map((e) => e.getAttribute("data-testid")!),
    };
  });
}

/** Differences between the page and systemHealth of the window it shows (empty: they agree). */
function compare(system: SystemRef, snap: Snapshot, h: Health): string[] {
  const problems: string[] = [];
  if (new Date(h.windowEnd).toISOString() !== new Date(snap.windowEnd).toISOString()) problems.push(`window ${snap.windowEnd} ≠ ${h.windowEnd}`);
  if (snap.systemStatus !== h.status) problems.push(`system status ${snap.systemStatus} ≠ ${h.status}`);
  for (const m of system.models) {
    const node = snap.nodes[m.key];
    if (!node) {
      problems.push(`no node for ${m.key}`);
      continue;
    }
    const expected = h.models.find((x) => x.model.id === m.id)?.status ?? "UNKNOWN";
    if (node.status !== expected) problems.push(`${m.key}: ${node.status} ≠ ${expected}`);
    if (!node.label.includes(LABELS[expected]!)) problems.push(`${m.key}: label "${node.label}" lacks "${LABELS[expected]}"`);
  }
  const primary = Object.entries(snap.nodes).filter(([, n]) => n.primaryBadge).map(([k]) => k);
  const top = h.rootCauses.find((r) => r.rank === 1) ?? h.rootCauses[0];
  if (top && (primary.length !== 1 || primary[0] !== top.model.key)) problems.push(`root-cause badge on [${primary.join(", ")}], rootCauses[0] is ${top.model.key}`);
  if (!top && primary.length > 0) problems.push(`root-cause badge on [${primary.join(", ")}] but no root cause`);
  // Every dependency inside one of the window's cascades is emphasized.
  const keyOf = new Map(system.models.map((m) => [m.id, m.key]));
  for (const c of h.cascades) {
    const members = new Set([c.root.id, ...c.affected.map((a) => a.id)]);
    for (const d of system.dependencies) {
      if (members.has(d.from.id) && members.has(d.to.id)) {
        const id = `map-edge-${keyOf.get(d.from.id)}-${keyOf.get(d.to.id)}`;
        if (!snap.cascadeEdges.includes(id)) problems.push(`edge ${id} along a cascade is not emphasized`);
      }
    }
  }
  return problems;
}

/** Compares until the page and the API agree (a live window may change while we look). */
async function expectMatches(page: Page, ctx: CheckContext, system: SystemRef, what: string): Promise<{ snap: Snapshot; health: Health }> {
  let problems: string[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const snap = await snapshot(page);
    const h = await health(ctx, system.id, snap.windowEnd);
    problems = compare(system, snap, h);
    if (problems.length === 0) return { snap, health: h };
    if (!snap.live) break; // a past window does not change: no retry
    await page.waitForTimeout(1500);
    await page.reload();
  }
  assert.fail(`${what}: the map differs from systemHealth: ${problems.join("; ")}`);
}

async function openMap(page: Page, ctx: CheckContext, system: SystemRef): Promise<void> {
  await page.goto(ctx.webUrl);
  const byTestId = page.getByTestId(`open-system-${system.id}`);
  const byHref = page.locator(`a[href="/systems/${system.id}"]`);
  if ((await byTestId.count()) > 0) await byTestId.first().click();
  else if ((await byHref.count()) > 0) await byHref.first().click();
  else await page.goto(`${ctx.webUrl}/systems/${system.id}`);
  await page.waitForURL((u) => u.pathname === `/systems/${system.id}`);
  await page.getByTestId("system-map").waitFor();
}

export async function checkSystemMap(page: Page, ctx: CheckContext): Promise<void> {
  const system = await drivingSystem(ctx);
  const camera = system.models.find((m) => m.key.toLowerCase().includes("camera"))!;
  await openMap(page, ctx, system);

  // 1. Live: every model is a node with the status systemHealth gives for the shown window.
  const { snap: live } = await expectMatches(page, ctx, system, "live map");
  assert.ok(live.live, "the map opens on the current window (live)");
  assert.equal(Object.keys(live.nodes).length, system.models.length, "one node per model");
  const header = (await page.getByTestId("system-header").textContent()) ?? "";
  assert.ok(header.includes(system.name), "the header names the system");

  await page.getByTestId("map-legend").waitFor();
  await page.getByTestId("time-slider-input").waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(ctx.screenshots, "system-map.png"), fullPage: true });

  // Tooltip on hover, and on keyboard focus.
  await page.getByTestId(`map-node-${camera.key}`).hover();
  await page.getByTestId("map-tooltip").waitFor();
  assert.ok(((await page.getByTestId("map-tooltip").textContent()) ?? "").includes(camera.key), "the tooltip describes the hovered model");
  await page.mouse.move(0, 0);
  await page.getByTestId(`map-node-${camera.key}`).focus();
  await page.getByTestId("map-tooltip").waitFor();

  // 2. The time slider: move to an earlier window (one whose status differs, if any).
  const cells = await page.getByTestId("time-slider-cell").evaluateAll((els) =>
    els.map((e) => ({ end: e.getAttribute("data-window-end")!, status: e.getAttribute("data-status")!, stored: e.getAttribute("data-stored") === "true" })),
  );
  assert.ok(cells.length >= 2, `the slider offers several windows (${cells.length})`);
  const last = cells.length - 1;
  let target = cells.findIndex((c, i) => i < last && c.stored && c.status !== live.systemStatus && c.status !== "UNKNOWN");
  if (target < 0) target = Math.max(0, last - 2);
  const input = page.getByTestId("time-slider-input");
  await input.focus();
  await page.keyboard.press("End");
  for (let i = last; i > target; i -= 1) await page.keyboard.press("ArrowLeft");
  await page.waitForURL((u) => u.searchParams.has("at"), { timeout: 20_000 });
  await page.waitForFunction(
    (before) => {
      const w = document.querySelector<HTMLElement>('[data-testid="system-window"]');
      return w && w.dataset.live === "false" && w.dataset.windowEnd !== before;
    },
    live.windowEnd,
    { timeout: 20_000 },
  );
  const { snap: past } = await expectMatches(page, ctx, system, "past window");
  assert.notEqual(past.windowEnd, live.windowEnd, "the slider changed the window shown");
  assert.equal(new Date(new URL(page.url()).searchParams.get("at")!).toISOString(), new Date(past.windowEnd).toISOString(), "?at= is the window shown");
  assert.equal(await page.getByTestId("live-indicator").getAttribute("data-state"), "paused", "live updates pause on a past window");
  const changed = system.models.filter((m) => past.nodes[m.key]!.status !== live.nodes[m.key]!.status).map((m) => m.key);
  console.log(
    `system map: slider moved from ${live.windowEnd} (${live.systemStatus}) to ${past.windowEnd} (${past.systemStatus}); ` +
      `${changed.length ? `statuses changed for ${changed.join(", ")}` : "same statuses"}`,
  );
  await page.screenshot({ path: join(ctx.screenshots, "system-map-past.png"), fullPage: true });

  // "Now" returns to live.
  await page.getByTestId("time-slider-now").click();
  await page.waitForURL((u) => u.pathname === `/systems/${system.id}` && !u.searchParams.has("at"));
  await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="system-window"]')?.dataset.live === "true", undefined, { timeout: 20_000 });

  // 3. Clicking the camera node opens its model page.
  await page.getByTestId(`map-node-${camera.key}`).click();
  await page.waitForURL((u) => u.pathname === `/models/${camera.id}`, { timeout: 30_000 });
}

export async function checkReport(page: Page, ctx: CheckContext): Promise<void> {
  const system = await drivingSystem(ctx);
  await page.goto(`${ctx.webUrl}/systems/${system.id}`);
  await page.getByTestId("nav-report").click();
  await page.waitForURL((u) => u.pathname === `/systems/${system.id}/report`);
  await page.getByTestId("report-summary").waitFor();

  // The report shows the real verdict of the window it states (retry: a live window may change).
  let problems: string[] = [];
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const shown = await page.evaluate(() => ({
      windowEnd: document.querySelector<HTMLElement>('[data-testid="report-window"]')!.dataset.windowEnd!,
      status: document.querySelector('[data-testid="report-status"]')!.getAttribute("data-status"),
      models: Object.fromEntries([...document.querySelectorAll('[data-testid^="report-model-"]')].map((r) => [r.getAttribute("data-testid")!.slice("report-model-".length), r.getAttribute("data-status")])),
      verdict: document.querySelector('[data-testid="report-verdict"]')?.textContent ?? "",
    }));
    const h = await health(ctx, system.id, shown.windowEnd);
    problems = [];
    if (shown.status !== h.status) problems.push(`status ${shown.status} ≠ ${h.status}`);
    for (const m of system.models) {
      const expected = h.models.find((x) => x.model.id === m.id)?.status ?? "UNKNOWN";
      if (shown.models[m.key] !== expected) problems.push(`${m.key}: ${shown.models[m.key]} ≠ ${expected}`);
    }
    const top = h.rootCauses[0];
    if (top && !shown.verdict.includes(top.model.key)) problems.push(`the summary does not name root cause ${top.model.key}`);
    if (problems.length === 0) break;
    await page.waitForTimeout(1500);
    await page.reload();
    await page.getByTestId("report-summary").waitFor();
  }
  assert.deepEqual(problems, [], `report differs from systemHealth: ${problems.join("; ")}`);

  // Open incidents with their root cause.
  const { incidents } = await gql(ctx.apiUrl, ctx.adminKey, `query($s: ID!) { incidents(systemId: $s) { id status rootCause { key } } }`, { s: system.id });
  const open = (incidents as { id: string; status: string; rootCause: { key: string } | null }[]).filter((i) => i.status !== "RESOLVED");
  for (const i of open.slice(0, 5)) {
    const article = page.getByTestId(`report-incident-${i.id}`);
    if ((await article.count()) === 0) continue; // opened after the page was rendered
    if (i.rootCause) assert.ok(((await article.textContent()) ?? "").includes(i.rootCause.key), `incident ${i.id} names its root cause ${i.rootCause.key}`);
  }
  await page.getByTestId("report-map-svg").waitFor();
  assert.equal(await page.locator('[data-testid="report-map-svg"] [data-model-key]').count(), system.models.length, "the report's map has every model");
  // Drift section: either the table (fetched for the unhealthy models) or "no drift".
  await page.locator('[data-testid="report-drift-table"], [data-testid="report-drift-none"]').first().waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(ctx.screenshots, "report.png"), fullPage: true });

  // Printed: no navigation, no print button; and a real A4 PDF comes out.
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".system-nav").isVisible(), false, "navigation is hidden when printed");
  assert.equal(await page.getByTestId("report-print-button").isVisible(), false, "the print button is hidden when printed");
  await page.emulateMedia({ media: "screen" });
  const pdfPath = join(ctx.screenshots, "report.pdf");
  const pdf = await page.pdf({ path: pdfPath, format: "A4", printBackground: true, preferCSSPageSize: true });
  assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-", "page.pdf() produced a PDF");
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 2, `the report prints on several A4 pages (${pages})`);
  console.log(`report: ${pages} A4 pages, ${Math.round(statSync(pdfPath).size / 1024)} KiB → ${pdfPath}`);
}
