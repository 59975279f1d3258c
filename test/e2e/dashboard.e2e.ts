// The dashboard and the demo, as a newcomer lives them: `npm start` on an empty embedded database
// (so the demo starts by default), then every page checked in Chromium against the demo's real data.
// The demo runs with short windows here (10 s, fault after 30 s of live time) so the camera fault and
// its incident arrive within the test's budget; the defaults (30 s windows, fault after 120 s) tell
// the same story more slowly.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { SCREENSHOTS, gql, launchBrowser, startTandem, type Running } from "./support.js";
import { checkSystemMap, checkReport } from "./checks/system-map.js";
import { checkLargeMap } from "./checks/system-map-500.js";
import { checkModelPage } from "./checks/model-page.js";
import { checkIncidents } from "./checks/incidents.js";
import { checkRetraining } from "./checks/retraining.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-demo-"));
const adminKey = `e2e_admin_${Date.now()}_key`;
let browser: Browser;
let tandem: Running;
let page: Page;
let ready: number;

const env = {
  DATABASE_URL: undefined,
  TANDEM_DATA_DIR: dataDir,
  TANDEM_ADMIN_KEY: adminKey,
  TANDEM_DEMO: undefined, // the default: the demo starts because the database is empty
  TANDEM_DEMO_WINDOW_SECONDS: "10",
  TANDEM_DEMO_FAULT_AFTER_SECONDS: "30",
  TANDEM_DEMO_HISTORY_WINDOWS: "12",
};

const ctx = () => ({ webUrl: tandem.webUrl, apiUrl: tandem.apiUrl, adminKey, screenshots: SCREENSHOTS });

async function drivingSystem(): Promise<{ id: string; name: string; models: { id: string; key: string }[] } | undefined> {
  const d = await gql(tandem.apiUrl, adminKey, `{ systems { id name models { id key } } }`);
  return d.systems.find((s: { models: { key: string }[] }) => s.models.some((m) => m.key.includes("camera")));
}

beforeAll(async () => {
  browser = await launchBrowser();
  tandem = await startTandem(env);
  ready = Date.now();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // The demo keeps the embedded database (one connection) busy ingesting and evaluating; on a
  // loaded 2-core machine a server render can wait several seconds for it.
  page.setDefaultTimeout(90_000);
  page.setDefaultNavigationTimeout(90_000);
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await tandem?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the dashboard on the demo", () => {
  it("shows the driving system's map within 60 s of the servers being up", async () => {
    let system = await drivingSystem();
    while (!system && Date.now() - ready < 60_000) {
      await new Promise((r) => setTimeout(r, 1000));
      system = await drivingSystem();
    }
    expect(system, "the demo created a driving system").toBeDefined();
    await page.goto(tandem.webUrl);
    await page.getByTestId(`system-status-${system!.id}`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "overview.png"), fullPage: true });
    await page.getByTestId(`open-system-${system!.id}`).click();
    await page.getByTestId("system-map").waitFor({ timeout: 60_000 - (Date.now() - ready) });
    const seconds = (Date.now() - ready) / 1000;
    console.log(`driving demo map visible ${seconds.toFixed(1)} s after the servers were up`);
    expect(seconds).toBeLessThan(60);
    await page.screenshot({ path: join(SCREENSHOTS, "demo-map-start.png"), fullPage: true });
  });

  it("shows no score for a system without data, not 1.00", async () => {
    const created = await gql(tandem.apiUrl, adminKey, `mutation { createSystem(name: "e2e-empty") { id } }`);
    const id: string = created.createSystem.id;
    const api = await gql(tandem.apiUrl, adminKey, `query($s: ID!) { systemHealth(systemId: $s) { status } }`, { s: id });
    expect(api.systemHealth.status).toBe("UNKNOWN");
    await page.goto(tandem.webUrl);
    const score = page.getByTestId(`system-score-${id}`);
    await score.waitFor();
    expect((await score.textContent())?.trim()).toBe("—");
    expect(await score.getAttribute("title")).toBe("no data in this window");
  });

  it("turns the camera fault into one incident with camera perception as root cause", async () => {
    const system = (await drivingSystem())!;
    const camera = system.models.find((m) => m.key.includes("camera"))!;
    let incidents: { id: string; rootCause: { id: string } | null }[] = [];
    const deadline = Date.now() + 240_000;
    while (Date.now() < deadline) {
      incidents = (await gql(tandem.apiUrl, adminKey, `query($s: ID!) { incidents(systemId: $s, status: OPEN) { id rootCause { id } } }`, { s: system.id })).incidents;
      if (incidents.some((i) => i.rootCause?.id === camera.id)) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    console.log(`camera incident after ${((Date.now() - ready) / 1000).toFixed(0)} s`);
    expect(incidents.filter((i) => i.rootCause?.id === camera.id)).toHaveLength(1);
    // The overview counts it.
    await page.goto(tandem.webUrl);
    await expect
      .poll(async () => {
        const open = (await gql(tandem.apiUrl, adminKey, `query($s: ID!) { incidents(systemId: $s, status: OPEN) { id } }`, { s: system.id })).incidents.length;
        const shown = Number(((await page.getByTestId(`system-open-incidents-${system.id}`).locator("a").textContent()) ?? "").trim());
        if (shown !== open) await page.reload();
        return shown === open && open > 0;
      }, { timeout: 60_000, interval: 2000 })
      .toBe(true);
    await page.goto(`${tandem.webUrl}/systems/${system.id}`);
    await page.getByTestId("system-map").waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "demo-map-incident.png"), fullPage: true });
  });

  it("updates the map live when a window is evaluated, without a reload", async () => {
    const system = (await drivingSystem())!;
    await page.goto(`${tandem.webUrl}/systems/${system.id}`);
    await page.getByTestId("system-map").waitFor();
    await page.getByTestId("live-indicator").filter({ hasText: "Live" }).first().waitFor({ timeout: 30_000 });
    const before = await page.getByTestId("system-window").getAttribute("data-window-end");
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await expect
      .poll(() => page.getByTestId("system-window").getAttribute("data-window-end"), { timeout: 60_000, interval: 1000 })
      .not.toBe(before);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  });

  it("system map: statuses, root-cause badge, click-through, time slider", async () => {
    await checkSystemMap(page, ctx());
  });

  it("model page: drift table, histograms, performance", async () => {
    await checkModelPage(page, ctx());
  });

  it("incidents: list, detail, acknowledge", async () => {
    await checkIncidents(page, ctx());
  });

  it("retraining queue: ranked samples with reasons, strategies, export", async () => {
    const { exported } = await checkRetraining(page, ctx());
    expect(exported, "the JSONL export downloaded").toBe(true);
  });

  it("report: prints to PDF", async () => {
    await checkReport(page, ctx());
  });

  it("keeps the whole cascade in the one camera incident as it reaches control", async () => {
    const system = (await drivingSystem())!;
    const keys = system.models.map((m) => m.key);
    const downstream = keys.filter((k) => !k.includes("camera") && !k.includes("lidar"));
    let incidents: { status: string; rootCause: { key: string } | null; affected: { key: string }[] }[] = [];
    const deadline = Date.now() + 180_000;
    for (;;) {
      incidents = (await gql(tandem.apiUrl, adminKey, `query($s: ID!) { incidents(systemId: $s) { status rootCause { key } affected { key } } }`, { s: system.id })).incidents;
      const camera = incidents.filter((i) => i.rootCause?.key.includes("camera"));
      if (camera.length === 1 && downstream.every((k) => camera[0]!.affected.some((a) => a.key === k))) break;
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 3000));
    }
    const camera = incidents.filter((i) => i.rootCause?.key.includes("camera"));
    expect(camera, "one incident rooted at camera perception").toHaveLength(1);
    expect(camera[0]!.affected.map((a) => a.key).sort()).toEqual(expect.arrayContaining(downstream));
    expect(camera[0]!.affected.some((a) => a.key.includes("lidar")), "lidar is not part of it").toBe(false);
    // A stray false alarm on one model (a single breached signal, resolved by itself) can happen in
    // any monitoring; what must not happen is a second incident going on beside the cascade's.
    expect(
      incidents.filter((i) => i.status !== "RESOLVED" && i.rootCause && !i.rootCause.key.includes("camera")),
      "no other incident going on on the driving stack",
    ).toEqual([]);
    await page.goto(`${tandem.webUrl}/systems/${system.id}`);
    await page.getByTestId("system-map").waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, "demo-map-cascade.png"), fullPage: true });
  });

  it("system map stays responsive with 500 models", async () => {
    await checkLargeMap(page, ctx());
  });
});
