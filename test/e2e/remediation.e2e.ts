// Remediation on the dashboard (issue 17), as a user sees it: `npm start` on the embedded database,
// a driving stack whose camera rolled out 1.1 when the fault began, and a PROPOSE policy; its windows are closed with evaluate(at:). The system
// page shows the policy and the proposal; Approve (a real click) delivers the ROLLBACK to a runner
// started here (the example runner: it checks the signature); the incident page shows the action
// with the status GraphQL answers; the model page shows the version comparison GraphQL answers.
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { SCREENSHOTS, gql, launchBrowser, startTandem, type Running } from "./support.js";
// @ts-expect-error: a plain .mjs script without types
import { createRunner } from "../../docs/examples/remediation-runner.mjs";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-e2e-remediation-"));
const adminKey = `e2e_admin_${Date.now()}_key`;
const SECRET = "e2e-runner-secret-0123456789";
const HOUR = 3600_000;
let browser: Browser;
let tandem: Running;
let runner: import("node:http").Server;
const received: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  runner = createRunner({ secret: SECRET, handlers: { ROLLBACK: async (p: { action: { kind: string } }) => (received.push(p.action.kind), { status: "accepted" }) } });
  await new Promise<void>((r) => runner.listen(0, "127.0.0.1", r));
  tandem = await startTandem({ DATABASE_URL: undefined, TANDEM_DATA_DIR: dataDir, TANDEM_ADMIN_KEY: adminKey, TANDEM_DEMO: "0", TANDEM_EVALUATE_EVERY_SECONDS: "0", TANDEM_REMEDIATION_POLL_MS: "200" });
});

afterAll(async () => {
  await tandem?.stop();
  await browser?.close();
  runner?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function gaussian(seed: number) {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  return () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** A driving stack whose camera rolled out 1.1 when the fault began, a PROPOSE ROLLBACK policy, five closed windows. */
async function seedStack(name: string, seed: number) {
  const api = tandem.apiUrl;
  const q = (query: string, variables: Record<string, unknown> = {}) => gql(api, adminKey, query, variables);
  const systemId = (await q(`mutation($n: String!) { createSystem(name: $n, windowSeconds: 3600) { id } }`, { n: name })).createSystem.id;
  const ids: Record<string, string> = {};
  const features: Record<string, string[]> = { camera: ["signal", "noise"], fusion: ["camera_out", "noise"], planning: ["fusion_out", "noise"] };
  for (const [key, f] of Object.entries(features)) {
    ids[key] = (await q(`mutation($s: ID!, $k: String!, $f: [FeatureInput!]!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: $f) { id } }`, { s: systemId, k: key, f: f.map((name) => ({ name, kind: "NUMERIC" })) })).registerModel.id;
  }
  await q(`mutation($s: ID!) { a: addDependency(systemId: $s, fromKey: "camera", toKey: "fusion", feature: "camera_out") { id } b: addDependency(systemId: $s, fromKey: "fusion", toKey: "planning", feature: "fusion_out") { id } }`, { s: systemId });
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  const first = hour - 5 * HOUR;
  await q(`mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "1.0", liveAt: $at) { id } }`, { m: ids.camera, at: new Date(first).toISOString() });
  await q(`mutation($m: ID!, $at: DateTime) { registerModelVersion(modelId: $m, version: "1.1", notes: "new detector", liveAt: $at) { id } }`, { m: ids.camera, at: new Date(hour - 2 * HOUR).toISOString() });
  const policy = await q(`mutation($i: RemediationPolicyInput!) { createRemediationPolicy(input: $i) { policy { id } } }`, {
    i: { systemId, name: "roll back the camera", mode: "PROPOSE", runnerUrl: `http://127.0.0.1:${(runner.address() as AddressInfo).port}/`, secret: SECRET, steps: [{ kind: "ROLLBACK" }], verifyWindows: 2 },
  });
  const gauss = gaussian(seed);
  for (let h = 0; h < 5; h += 1) {
    const start = first + h * HOUR;
    const shift = start >= hour - 2 * HOUR ? 4 : 0;
    const rows: Record<string, unknown[]> = { camera: [], fusion: [], planning: [] };
    const labels: unknown[] = [];
    for (let i = 0; i < 240; i += 1) {
      const timestamp = new Date(start + 1000 + i * 14_000).toISOString();
      const signal = gauss() + shift;
      const camera = signal + 0.3 * gauss();
      const fusion = camera + 0.3 * gauss();
      rows.camera!.push({ id: `c${h}-${i}`, timestamp, features: { signal, noise: gauss() }, score: camera });
      labels.push({ predictionId: `c${h}-${i}`, timestamp, value: signal - shift }); // the truth did not move: the new version is wrong
      rows.fusion!.push({ id: `f${h}-${i}`, timestamp, features: { camera_out: camera, noise: gauss() }, score: fusion });
      rows.planning!.push({ id: `p${h}-${i}`, timestamp, features: { fusion_out: fusion, noise: gauss() }, score: fusion + 0.3 * gauss() });
    }
    for (const key of Object.keys(rows)) await q(`mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted } }`, { m: ids[key], e: rows[key] });
    await q(`mutation($m: ID!, $l: [LabelInput!]!) { ingestLabels(modelId: $m, labels: $l) { accepted } }`, { m: ids.camera, l: labels });
  }
  // Each window closed once its data is in (the background evaluator is off: no window is judged half-ingested).
  for (let h = 0; h < 5; h += 1) await q(`mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: systemId, at: new Date(first + (h + 1) * HOUR).toISOString() });
  const proposal = await until("a proposal", async () => (await q(`query($s: ID!) { remediationActions(systemId: $s, status: PROPOSED) { id incidentId kind } }`, { s: systemId })).remediationActions[0]);
  return { q, systemId, ids, policy, proposal };
}

describe("remediation on the dashboard", () => {
  it("policies and a proposal on the system page, approved by a click; the action on the incident page; versions on the model page", async () => {
    const { q, systemId, ids, policy, proposal } = await seedStack("autopilot-remediation", 4242);
    expect(proposal.kind).toBe("ROLLBACK");
    expect(received).toEqual([]);

    const page = await browser.newPage();
    await page.goto(`${tandem.webUrl}/systems/${systemId}`);
    const card = page.getByTestId("remediation-card");
    await card.getByTestId("remediation-policy").waitFor({ timeout: 120_000 });
    const row = card.getByTestId("remediation-policy");
    expect(await row.getAttribute("data-policy-id")).toBe(policy.createRemediationPolicy.policy.id);
    expect(await row.getAttribute("data-mode")).toBe("PROPOSE");
    expect(await row.getByTestId("remediation-policy-steps").textContent()).toBe("ROLLBACK");
    const shown = card.getByTestId("remediation-proposal");
    expect(await shown.getAttribute("data-action-id")).toBe(proposal.id);
    expect(await shown.getByTestId("remediation-reject").isVisible()).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, "remediation-system.png"), fullPage: true });
    await shown.getByTestId("remediation-approve").click();
    await page.waitForURL(/decided=approve/, { timeout: 60_000 });
    await until("the runner to receive the ROLLBACK", async () => received.length > 0);
    expect(received).toEqual(["ROLLBACK"]);
    const after = await until("the action to be accepted", async () => {
      const a = (await q(`query($s: ID!) { remediationActions(systemId: $s) { id status } remediationAudit(systemId: $s) { event actionId } }`, { s: systemId }));
      return a.remediationActions[0].status === "ACCEPTED" || a.remediationActions[0].status === "CREDITED" || a.remediationActions[0].status === "FAILED" ? a : null;
    });
    expect(after.remediationAudit.some((e: { event: string; actionId: string }) => e.event === "APPROVED" && e.actionId === proposal.id)).toBe(true);

    await page.goto(`${tandem.webUrl}/systems/${systemId}/incidents/${proposal.incidentId}`);
    const action = page.getByTestId("incident-remediation").getByTestId("remediation-action");
    await action.waitFor({ timeout: 120_000 });
    const status = (await q(`query($s: ID!) { remediationActions(systemId: $s) { id status } }`, { s: systemId })).remediationActions[0].status;
    expect(await action.getAttribute("data-action-id")).toBe(proposal.id);
    expect(await action.getAttribute("data-status")).toBe(status);
    expect(await action.getAttribute("data-kind")).toBe("ROLLBACK");
    await page.screenshot({ path: join(SCREENSHOTS, "remediation-incident.png"), fullPage: true });

    await page.goto(`${tandem.webUrl}/models/${ids.camera}`);
    const versions = page.getByTestId("versions-section");
    await versions.getByTestId("versions-sentence").waitFor({ timeout: 120_000 });
    const { compareModelVersions: c } = await q(`query($m: ID!) { compareModelVersions(modelId: $m) { sentence regressed metrics { metric before after } } }`, { m: ids.camera });
    expect(c.regressed).toBe(true);
    expect((await versions.getByTestId("versions-sentence").locator("strong").textContent())).toBe(c.sentence);
    for (const m of c.metrics) {
      const r = versions.locator(`[data-testid="versions-metric"][data-metric="${m.metric}"]`);
      expect(Number(await r.getAttribute("data-before"))).toBe(m.before);
      expect(Number(await r.getAttribute("data-after"))).toBe(m.after);
    }
    await page.screenshot({ path: join(SCREENSHOTS, "remediation-model.png"), fullPage: true });
    await page.close();
  });

  it("Reject by a click: the proposal is rejected, nothing reaches the runner, the audit names it", async () => {
    const before = received.length;
    const { q, systemId, proposal } = await seedStack("autopilot-rejected", 777);
    const page = await browser.newPage();
    await page.goto(`${tandem.webUrl}/systems/${systemId}/remediation`);
    const shown = page.getByTestId("remediation-proposal");
    await shown.waitFor({ timeout: 120_000 });
    expect(await shown.getAttribute("data-action-id")).toBe(proposal.id);
    await shown.getByTestId("remediation-reject").click();
    await page.waitForURL(/decided=reject/, { timeout: 60_000 });
    const { remediationActions, remediationAudit } = await q(`query($s: ID!) { remediationActions(systemId: $s) { id status } remediationAudit(systemId: $s) { event actionId } }`, { s: systemId });
    expect(remediationActions).toEqual([{ id: proposal.id, status: "REJECTED" }]);
    expect(remediationAudit.some((e: { event: string; actionId: string }) => e.event === "REJECTED" && e.actionId === proposal.id)).toBe(true);
    const row = page.locator(`[data-testid="remediation-action"][data-action-id="${proposal.id}"]`);
    expect(await row.getAttribute("data-status")).toBe("REJECTED");
    expect(await page.locator('[data-testid="remediation-audit-entry"][data-event="REJECTED"]').count()).toBe(1);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(received.length).toBe(before);
    await page.close();
  });
});
