/// <reference lib="dom" />
// Issue #18, the dashboard: registry edits through the system's Registry page in Chromium, each
// compared with what GraphQL answers afterwards (weight changed, a dependency added and one removed, a feature
// deprecated, a model retired, refusals naming the field), the Changes page listing them as
// registryChanges does (paged with `before`), and the map's time slider showing, for a window judged
// before the changes, the wiring that window had (old weight, removed edge, retired model), while the
// live map shows the new one.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { SCREENSHOTS, gql, launchBrowser, startTandem, type Running } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-registry-"));
const adminKey = `e2e_admin_${Date.now()}_key`;
const WINDOW_SECONDS = 300;
const size = WINDOW_SECONDS * 1000;
let browser: Browser;
let tandem: Running;
let page: Page;
let systemId: string;
/** End of the window judged before the changes (two windows before the last closed one). */
let judgedEnd: string;

// No demo, no background evaluator: the only judged window is the one the test evaluates, so the
// changes apply from the window right after it.
const env = { DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0", TANDEM_EVALUATE_EVERY_SECONDS: "0" };

const api = (query: string, variables: Record<string, unknown> = {}) => gql(tandem.apiUrl, adminKey, query, variables);

interface Dep {
  from: { key: string };
  to: { key: string };
  weight: number;
  feature: string | null;
  validFrom: string | null;
  validTo: string | null;
}

async function wiring(at: string | null): Promise<{ models: { key: string }[]; dependencies: Dep[] }> {
  const d = await api(
    `query($s: ID!, $at: DateTime) { system(id: $s) { models(at: $at) { key } dependencies(at: $at) { from { key } to { key } weight feature validFrom validTo } } }`,
    { s: systemId, at },
  );
  return d.system;
}

const depOf = (deps: Dep[], from: string, to: string) => deps.find((d) => d.from.key === from && d.to.key === to);

async function modelByKey(key: string) {
  const d = await api(`query($s: ID!, $k: String!) { modelByKey(systemId: $s, key: $k) { id name description version retiredAt retiredFrom features { name kind deprecated } } }`, { s: systemId, k: key });
  return d.modelByKey;
}

async function openRegistry() {
  await page.goto(`${tandem.webUrl}/systems/${systemId}/registry`, { waitUntil: "networkidle" });
  await page.getByTestId("registry-page").waitFor();
}

beforeAll(async () => {
  browser = await launchBrowser();
  tandem = await startTandem(env);
  page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);

  const created = await api(`mutation { createSystem(name: "registry-e2e", description: "Rewired while watched", windowSeconds: ${WINDOW_SECONDS}) { id } }`);
  systemId = created.createSystem.id;
  const models: Record<string, string[]> = { camera: ["brightness"], fusion: ["camera_confidence", "speed"], legacy: ["x"], planning: ["y"] };
  const ids: Record<string, string> = {};
  for (const [key, names] of Object.entries(models)) {
    const features = names.map((name) => ({ name, kind: "NUMERIC" }));
    const r = await api(`mutation($s: ID!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: "${key}", task: REGRESSION, version: "1.0", features: $f) { id } }`, { s: systemId, f: features });
    ids[key] = r.registerModel.id;
  }
  await api(
    `mutation($s: ID!) {
      a: addDependency(systemId: $s, fromKey: "camera", toKey: "fusion", feature: "camera_confidence") { id }
      b: addDependency(systemId: $s, fromKey: "fusion", toKey: "planning", weight: 0.8) { id }
      c: addDependency(systemId: $s, fromKey: "legacy", toKey: "planning", weight: 0.5) { id }
    }`,
    { s: systemId },
  );

  // Data in one window, judged: the registry changes below then apply from the next window on.
  const lastClosedEnd = Math.floor(Date.now() / size) * size;
  const end = lastClosedEnd - 2 * size;
  judgedEnd = new Date(end).toISOString();
  for (const [key, id] of Object.entries(ids)) {
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: `${key}-${i}`,
      timestamp: new Date(end - size + 5_000 + i * 1000).toISOString(),
      features: Object.fromEntries(models[key]!.map((name, j) => [name, (i * (j + 1)) % 7])),
      score: (i % 10) / 10,
    }));
    await api(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m: id, e: events });
  }
  await api(`mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { windowEnd stored } }`, { s: systemId, at: judgedEnd });
});

afterAll(async () => {
  await page?.close();
  await browser?.close();
  await tandem?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("registry edits on the dashboard", () => {
  it("knows the dashboard's key is ADMIN and lists the current registry as the API does", async () => {
    await openRegistry();
    expect(await page.getByTestId("registry-page").getAttribute("data-admin")).toBe("admin");
    const now = await wiring(null);
    for (const d of now.dependencies) {
      expect(await page.getByTestId(`dep-${d.from.key}-${d.to.key}`).getAttribute("data-weight")).toBe(String(d.weight));
    }
    for (const m of now.models) await page.getByTestId(`model-${m.key}`).waitFor();
  });

  it("changes a dependency's weight, and shows the API's refusal naming the field", async () => {
    await page.getByTestId("dep-fusion-planning-weight").fill("1.5");
    await page.getByTestId("dep-fusion-planning-save").click();
    const error = page.getByTestId("dep-fusion-planning-error");
    await error.waitFor();
    expect(await error.getAttribute("data-field")).toBe("weight");
    expect(await error.getAttribute("data-codes")).toContain("BAD_USER_INPUT");
    expect(await error.textContent()).toMatch(/weight: expected a number in \(0, 1\]/);
    expect(depOf((await wiring(null)).dependencies, "fusion", "planning")!.weight).toBe(0.8);

    expect(await page.getByTestId("dep-fusion-planning-weight").inputValue()).toBe("1.5");
    await page.getByTestId("dep-fusion-planning-weight").fill("0.3");
    await page.getByTestId("dep-fusion-planning-save").click();
    await page.locator('[data-testid="dep-fusion-planning"][data-weight="0.3"]').waitFor();
    await page.getByTestId("dep-fusion-planning-ok").waitFor();
    const dep = depOf((await wiring(null)).dependencies, "fusion", "planning")!;
    expect(dep.weight).toBe(0.3);
    expect(Date.parse(dep.validFrom!)).toBe(Date.parse(judgedEnd));
  });

  it("removes a dependency", async () => {
    await page.getByTestId("dep-legacy-planning-remove").click();
    await page.getByTestId("dep-legacy-planning").waitFor({ state: "detached" });
    const now = await wiring(null);
    expect(depOf(now.dependencies, "legacy", "planning")).toBeUndefined();
    expect(now.dependencies.length).toBe(await page.getByTestId("dependencies").locator("> li").count());
    const before = depOf((await wiring(judgedEnd)).dependencies, "legacy", "planning")!;
    expect(Date.parse(before.validTo!)).toBe(Date.parse(judgedEnd));
  });

  it("adds a dependency, and shows the API's refusal of a self-dependency on toKey", async () => {
    await page.getByTestId("dep-add-fromKey").selectOption("camera");
    await page.getByTestId("dep-add-toKey").selectOption("camera");
    await page.getByTestId("dep-add").click();
    const error = page.getByTestId("dep-add-error");
    await error.waitFor();
    expect(await error.getAttribute("data-field")).toBe("toKey");
    expect(depOf((await wiring(null)).dependencies, "camera", "camera")).toBeUndefined();

    expect(await page.getByTestId("dep-add-fromKey").inputValue()).toBe("camera"); // what was chosen stays
    await page.getByTestId("dep-add-toKey").selectOption("planning");
    await page.getByTestId("dep-add-weight").fill("0.6");
    await page.getByTestId("dep-add").click();
    await page.locator('[data-testid="dep-camera-planning"][data-weight="0.6"]').waitFor();
    const added = depOf((await wiring(null)).dependencies, "camera", "planning")!;
    expect(added.weight).toBe(0.6);
    expect(Date.parse(added.validFrom!)).toBe(Date.parse(judgedEnd));
    expect(depOf((await wiring(judgedEnd)).dependencies, "camera", "planning")).toBeUndefined();
  });

  it("edits a model: deprecates a feature, adds one, changes the description", async () => {
    await page.getByTestId("model-fusion-description").fill("Fuses camera and radar");
    await page.getByTestId("model-fusion-deprecate-speed").check();
    await page.getByTestId("model-fusion-add-feature-name").fill("radar_range");
    await page.getByTestId("model-fusion-save").click();
    await page.getByTestId("model-fusion-form-ok").waitFor();
    await page.locator('[data-testid="feature-fusion-speed"][data-deprecated="true"]').waitFor();
    await page.getByTestId("feature-fusion-radar_range").waitFor();
    const fusion = await modelByKey("fusion");
    expect(fusion.description).toBe("Fuses camera and radar");
    expect(fusion.features).toContainEqual({ name: "speed", kind: "NUMERIC", deprecated: true });
    expect(fusion.features).toContainEqual({ name: "radar_range", kind: "NUMERIC", deprecated: false });
    expect(await page.getByTestId("model-fusion-description").inputValue()).toBe("Fuses camera and radar");

    // An emptied name: the API refuses and the page says which field.
    await page.getByTestId("model-fusion-name").fill("");
    await page.getByTestId("model-fusion-save").click();
    const error = page.getByTestId("model-fusion-form-error");
    await error.waitFor();
    expect(await error.getAttribute("data-field")).toBe("name");
    expect(await error.textContent()).toContain("name: must not be empty");
    expect(await page.getByTestId("model-fusion-name").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("model-fusion-name").inputValue()).toBe(""); // what was typed stays
    expect((await modelByKey("fusion")).name).toBe(fusion.name);
  });

  it("retires a model after a confirmation", async () => {
    await page.getByTestId("model-legacy-retire-open").click();
    await page.getByTestId("model-legacy-retire-confirm").fill("nope");
    await page.getByTestId("model-legacy-retire").click();
    const error = page.getByTestId("model-legacy-retire-error");
    await error.waitFor();
    expect(await error.getAttribute("data-field")).toBe("confirm");
    expect((await modelByKey("legacy")).retiredAt).toBeNull();

    await page.getByTestId("model-legacy-retire-confirm").fill("legacy");
    await page.getByTestId("model-legacy-retire").click();
    await page.getByTestId("retired-legacy").waitFor();
    expect(await page.getByTestId("model-legacy").count()).toBe(0);
    const legacy = await modelByKey("legacy");
    expect(legacy.retiredAt).not.toBeNull();
    expect(Date.parse(legacy.retiredFrom)).toBe(Date.parse(judgedEnd));
    expect((await wiring(null)).models.map((m) => m.key)).not.toContain("legacy");
    await page.screenshot({ path: join(SCREENSHOTS, "registry.png"), fullPage: true });
  });

  it("lists the changes as registryChanges does, newest first, paged with before", async () => {
    await page.getByTestId("registry-changes-link").click();
    await page.getByTestId("changes-table").waitFor();
    const d = await api(`query($s: ID!) { registryChanges(systemId: $s, limit: 100) { id kind summary actorKeyId effectiveFrom } }`, { s: systemId });
    const changes: { id: string; kind: string; summary: string; actorKeyId: string; effectiveFrom: string | null }[] = d.registryChanges;
    const rows = await page.getByTestId("change").evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute("data-id"),
        kind: el.getAttribute("data-kind"),
        summary: el.querySelector('[data-testid="change-summary"]')!.textContent,
        actor: el.querySelector('[data-testid="change-actor"]')!.textContent,
        effective: el.querySelector('[data-testid="change-effective"] time')?.getAttribute("datetime") ?? null,
      })),
    );
    expect(rows).toEqual(changes.map((c) => ({ id: c.id, kind: c.kind, summary: c.summary, actor: c.actorKeyId, effective: c.effectiveFrom })));
    const kinds = rows.slice(0, 5).map((r) => r.kind);
    expect(kinds).toEqual(["MODEL_RETIRED", "MODEL_UPDATED", "DEPENDENCY_ADDED", "DEPENDENCY_REMOVED", "DEPENDENCY_UPDATED"]);
    for (const r of rows.slice(0, 5)) expect(Date.parse(r.effective!)).toBe(Date.parse(judgedEnd));
    await page.screenshot({ path: join(SCREENSHOTS, "registry-changes.png"), fullPage: true });

    // Paging: the page before the 3rd newest change lists what the API lists before it.
    const pivot = changes[2]!.id;
    await page.goto(`${tandem.webUrl}/systems/${systemId}/changes?before=${pivot}`);
    await page.getByTestId("changes-newest").waitFor();
    const older = await page.getByTestId("change").evaluateAll((els) => els.map((el) => el.getAttribute("data-id")));
    const apiOlder = await api(`query($s: ID!, $b: ID) { registryChanges(systemId: $s, before: $b) { id } }`, { s: systemId, b: pivot });
    expect(older).toEqual(apiOlder.registryChanges.map((c: { id: string }) => c.id));
    expect(older[0]).toBe(changes[3]!.id);
  });

  it("the live map shows the new wiring; the slider at the judged window shows the old one", async () => {
    await page.goto(`${tandem.webUrl}/systems/${systemId}`);
    await page.getByTestId("system-map").waitFor();
    expect(await page.getByTestId("map-node-legacy").count()).toBe(0);
    expect(await page.getByTestId("map-edge-legacy-planning").count()).toBe(0);
    expect(await page.getByTestId("map-edge-fusion-planning").getAttribute("data-weight")).toBe("0.3");
    expect(await page.getByTestId("map-wiring").getAttribute("data-wiring")).toBe("current");

    await page.locator(`[data-testid="time-slider-cell"][data-window-end="${judgedEnd}"]`).click();
    await page.waitForURL((url) => url.searchParams.get("at") === judgedEnd);
    await page.getByTestId("map-node-legacy").waitFor({ state: "attached" });
    const then = await wiring(judgedEnd);
    expect(then.models.map((m) => m.key).sort()).toEqual(["camera", "fusion", "legacy", "planning"]);
    for (const d of then.dependencies) {
      expect(await page.getByTestId(`map-edge-${d.from.key}-${d.to.key}`).getAttribute("data-weight")).toBe(String(d.weight));
    }
    expect(await page.getByTestId("map-edge-fusion-planning").getAttribute("data-weight")).toBe("0.8");
    expect(await page.getByTestId("map-edge-camera-planning").count()).toBe(0);
    expect(await page.getByTestId("system-map").getAttribute("data-node-count")).toBe("4");
    expect(await page.getByTestId("map-wiring").getAttribute("data-wiring")).toBe("window");
    await page.screenshot({ path: join(SCREENSHOTS, "registry-map-past.png"), fullPage: true });

    // The window after it (the first not judged when the changes were made) has the new wiring.
    const next = new Date(Date.parse(judgedEnd) + size).toISOString();
    await page.locator(`[data-testid="time-slider-cell"][data-window-end="${next}"]`).click();
    await page.waitForURL((url) => url.searchParams.get("at") === next);
    await page.locator('[data-testid="map-edge-fusion-planning"][data-weight="0.3"]').waitFor({ state: "attached" });
    expect(await page.getByTestId("map-node-legacy").count()).toBe(0);
    expect(await page.getByTestId("map-edge-camera-planning").getAttribute("data-weight")).toBe("0.6");
  });
});
