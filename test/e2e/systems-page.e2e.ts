// The acceptance of the foundation, as a user lives it: `npm start` on the embedded database,
// systems created through the API appear on the page at the dashboard URL, and after a restart
// they are still there; Ctrl-C stops both processes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { SCREENSHOTS, gql, launchBrowser, startTandem, type Running } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-"));
const adminKey = `e2e_admin_${Date.now()}_key`;
let browser: Browser;
let tandem: Running | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await tandem?.stop();
  await browser?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

// Embedded database (no DATABASE_URL), like `npm ci && npm start` on a fresh machine, without
// the demo (TANDEM_DEMO=0) so that the empty state shows; test/e2e/dashboard.e2e.ts runs the demo.
const env = { DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0" };

describe("systems page", () => {
  let systemId: string;

  it("shows the empty state before any system exists", async () => {
    tandem = await startTandem(env);
    const page = await browser.newPage();
    await page.goto(tandem.webUrl);
    await page.getByTestId("systems-empty").waitFor();
    expect(await page.getByTestId("systems-empty").textContent()).toContain("createSystem");
    await page.screenshot({ path: join(SCREENSHOTS, "systems-empty.png"), fullPage: true });
    await page.close();
  });

  it("lists systems and models created through the API", async () => {
    const api = tandem!.apiUrl;
    const created = await gql(api, adminKey, `mutation { createSystem(name: "autopilot", description: "Driving stack", windowSeconds: 300) { id } }`);
    systemId = created.createSystem.id;
    for (const [key, task, features] of [
      ["camera", "BINARY_CLASSIFICATION", `[{name: "brightness", kind: NUMERIC}, {name: "weather", kind: CATEGORICAL}]`],
      ["fusion", "REGRESSION", `[{name: "camera_confidence", kind: NUMERIC}]`],
      ["planning", "MULTICLASS_CLASSIFICATION", `[]`],
    ] as const) {
      await gql(api, adminKey, `mutation($s: ID!) { registerModel(systemId: $s, key: "${key}", task: ${task}, version: "1.0", features: ${features}) { id } }`, { s: systemId });
    }
    await gql(api, adminKey, `mutation($s: ID!) { a: addDependency(systemId: $s, fromKey: "camera", toKey: "fusion", feature: "camera_confidence") { id } b: addDependency(systemId: $s, fromKey: "fusion", toKey: "planning", weight: 0.8) { id } }`, { s: systemId });

    const page = await browser.newPage();
    await page.goto(tandem!.webUrl);
    const section = page.getByTestId(`system-${systemId}`);
    await section.waitFor();
    const text = (await section.textContent()) ?? "";
    expect(text).toContain("autopilot");
    expect(text).toContain("Driving stack");
    const fusion = section.getByTestId("model-fusion");
    expect(await fusion.textContent()).toContain("camera"); // fed by camera
    expect(await fusion.textContent()).toContain("planning"); // feeds planning
    expect(await section.getByTestId("model-camera").textContent()).toContain("brightness");
    await page.screenshot({ path: join(SCREENSHOTS, "systems.png"), fullPage: true });
    await page.close();
  });

  it("stops API and dashboard on Ctrl-C and keeps the data across a restart", async () => {
    const code = await tandem!.stop();
    expect(code).toBe(0);
    tandem = await startTandem(env);
    const page = await browser.newPage();
    await page.goto(tandem.webUrl);
    await page.getByTestId(`system-${systemId}`).waitFor();
    expect(await page.getByTestId(`system-${systemId}`).getByTestId("model-planning").count()).toBe(1);
    await page.close();
  });
});
