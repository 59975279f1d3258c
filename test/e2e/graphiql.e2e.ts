// Issue #13 point 7, as a user without internet lives it: GraphiQL at GET /graphql renders in
// Chromium with every request to another origin aborted, the API key is entered once (kept in
// localStorage, never in the URL), `{ systems { id name } }` runs and its data shows in the result
// pane; a subscription's graphql-ws connection carries the key and is acknowledged.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { freePort, gqlAt, startApiProcess, type ApiProcess } from "../support/api-process.js";
import { ROOT, SCREENSHOTS, launchBrowser } from "./support.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-graphiql-"));
const adminKey = `e2e_graphiql_${Date.now()}_key`;
let api: ApiProcess | undefined;
let browser: Browser | undefined;
let context: BrowserContext;
let systemId: string;
/** Requests the page tried to send anywhere but the API's origin (all aborted). */
const offOrigin: string[] = [];
/** Console errors and uncaught page errors (a CSP violation shows up here). */
const pageErrors: string[] = [];
/** Every URL the page and its workers requested. */
const requested: string[] = [];

beforeAll(async () => {
  // The explorer's static bundle (dist/graphiql), built when missing or stale.
  const built = spawnSync(process.execPath, [join(ROOT, "api/bin/build-if-needed.mjs"), "graphiql"], { cwd: ROOT, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the explorer failed:\n${built.stdout}\n${built.stderr}`);
  // Embedded database in a fresh folder; no background evaluation.
  api = await startApiProcess(await freePort(), { DATABASE_URL: "", TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_EVALUATE_EVERY_SECONDS: "0" });
  const created = await gqlAt(api.base, adminKey, `mutation { createSystem(name: "offline-explorer", windowSeconds: 300) { id } }`);
  if (created.errors) throw new Error(JSON.stringify(created.errors));
  systemId = created.data.createSystem.id;

  browser = await launchBrowser();
  context = await browser.newContext();
  // The network is "blocked": only the API's own origin answers.
  const origin = `${api.base}/`;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    requested.push(url);
    if (url.startsWith(origin)) return route.continue();
    offOrigin.push(url);
    return route.abort("internetdisconnected");
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (api && api.child.exitCode === null) {
    const exited = new Promise((ok) => api!.child.once("exit", ok));
    api.child.kill("SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function watch(page: Page): void {
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(m.text());
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
}

/** The text of a Monaco editor (non-breaking spaces as spaces). */
async function editorText(page: Page, selector: string): Promise<string> {
  return ((await page.locator(`${selector} .view-lines`).first().textContent()) ?? "").replace(/\u00a0/g, " ");
}

/** Replaces the query editor's text (inserted as one input, as a paste: no auto-closed brackets). */
async function setQuery(page: Page, query: string): Promise<void> {
  const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.insertText(query);
  await expect.poll(() => editorText(page, ".graphiql-query-editor"), { timeout: 15_000 }).toContain(query);
}

describe("GraphiQL offline", () => {
  let page: Page;

  it("renders from this origin alone and asks for the API key", async () => {
    page = await context.newPage();
    watch(page);
    const res = await page.goto(`${api!.base}/graphql`);
    expect(res?.status()).toBe(200);
    await page.getByTestId("api-key-input").waitFor();
    expect(await page.getByTestId("api-key-missing").isVisible()).toBe(true);
    expect(offOrigin).toEqual([]);
  });

  it("takes the key once and runs { systems { id name } }", async () => {
    await page.getByTestId("api-key-input").fill(adminKey);
    const introspected = page.waitForResponse((r) => r.url() === `${api!.base}/graphql` && (r.request().postData() ?? "").includes("IntrospectionQuery"));
    await page.getByTestId("api-key-save").click();
    await page.locator(".graphiql-query-editor .monaco-editor").first().waitFor();
    const schema = await introspected;
    expect(schema.status()).toBe(200);
    expect(await schema.request().headerValue("authorization")).toBe(`Bearer ${adminKey}`);
    expect(page.url()).not.toContain(adminKey);
    expect(await page.evaluate(() => localStorage.getItem("tandem:api-key"))).toBe(adminKey);

    await setQuery(page, "{ systems { id name } }");
    await page.locator(".graphiql-execute-button").click();
    await expect.poll(() => editorText(page, ".graphiql-response"), { timeout: 30_000 }).toContain("offline-explorer");
    const result = await editorText(page, ".graphiql-response");
    expect(result).toContain(`"id": "${systemId}"`);
    expect(result).toContain(`"name": "offline-explorer"`);
    expect(result).not.toContain("errors");
    await page.screenshot({ path: join(SCREENSHOTS, "graphiql-offline.png"), fullPage: true });

    expect(offOrigin).toEqual([]);
    expect(pageErrors, pageErrors.join("\n")).toEqual([]); // a CSP violation or a failed load would show here
    // Monaco's editor, GraphQL and JSON workers came from the bundle, not a CDN.
    expect(requested.filter((u) => /\/graphql\/assets\/[^/]*worker[^/]*\.js$/.test(u)).length).toBeGreaterThanOrEqual(2);
  });

  it("keeps the key across a reload and sends it on the subscription's graphql-ws connection", async () => {
    await page.reload();
    await page.locator(".graphiql-query-editor .monaco-editor").first().waitFor();
    expect(await page.getByTestId("api-key-missing").count()).toBe(0);

    const sent: string[] = [];
    const received: string[] = [];
    page.on("websocket", (ws) => {
      ws.on("framesent", (f) => sent.push(String(f.payload)));
      ws.on("framereceived", (f) => received.push(String(f.payload)));
    });
    await setQuery(page, `subscription { systemHealthChanged(systemId: "${systemId}") { __typename } }`);
    await page.locator(".graphiql-execute-button").click();
    await expect.poll(() => received.some((r) => r.includes('"connection_ack"')), { timeout: 30_000 }).toBe(true);
    const init = JSON.parse(sent.find((s) => s.includes('"connection_init"'))!);
    expect(init.payload).toEqual({ Authorization: `Bearer ${adminKey}` });
    expect(sent.some((s) => s.includes('"subscribe"'))).toBe(true);
    await page.locator(".graphiql-execute-button").click(); // stops the subscription

    expect(offOrigin).toEqual([]);
    expect(pageErrors, pageErrors.join("\n")).toEqual([]);
  });

  it("forgets the key on request", async () => {
    await page.getByTestId("api-key-forget").click();
    await page.getByTestId("api-key-missing").waitFor();
    expect(await page.evaluate(() => localStorage.getItem("tandem:api-key"))).toBeNull();
    await page.close();
  });
});
