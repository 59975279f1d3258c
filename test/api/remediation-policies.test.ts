// Issue #17, the policy API: bad input names the field and stores nothing; a policy turned off
// starts nothing; a RETRAIN step claims a prioritized batch and hands its id to the runner (the
// batch is leased in the retraining queue, never handed out twice); a runner reporting failure
// fails the action and the chain moves on at the next window.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { createStack, Generator, HOUR, INCIDENT, POLICY, runHour, settle, startRunner, T0, type TestRunner } from "./remediation-support.js";
// @ts-expect-error: a plain .mjs script without types
import { reportResult } from "../../docs/examples/remediation-runner.mjs";

/** Many windows evaluated one by one: generous on a loaded machine (no time is asserted). */
const LONG = 600_000;

const SECRET = "policy-secret-0123456789abcdef";
let app: TestApp;
const runners: TestRunner[] = [];
beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 40 * HOUR), remediationPollMs: 50 });
});
afterAll(async () => {
  await app?.close();
  for (const r of runners) await r.close();
});

describe("remediation policies", () => {
  it.each([
    ["an unknown fallback model", { steps: [{ kind: "FALLBACK", fallbackModelKey: "ghost" }] }, /steps\[0\]\.fallbackModelKey: no model 'ghost' in this system/],
    ["K of 0", { steps: [{ kind: "WEBHOOK" }], verifyWindows: 0 }, /verifyWindows: expected an integer from 1 to 100, got 0/],
    ["a runner that is not a URL", { steps: [{ kind: "WEBHOOK" }], runnerUrl: "runner" }, /runnerUrl: not a URL/],
    ["a short secret", { steps: [{ kind: "WEBHOOK" }], secret: "short" }, /secret: expected 16 to 200 characters/],
    ["no steps", { steps: [] }, /steps: expected 1 to 10 steps, got 0/],
  ])("refuses %s (BAD_USER_INPUT naming the field), storing nothing", async (_name, patch, message) => {
    const { systemId } = await createStack(app, `bad ${Math.random()}`);
    const r = await app.gql(POLICY, { i: { systemId, name: "p", mode: "AUTO", runnerUrl: "http://127.0.0.1:9/x", ...patch } });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(await count(app, `SELECT count(*) FROM remediation_policies WHERE system_id = $1`, [systemId])).toBe(0);
  }, LONG);

  it("returns a generated secret once; a second policy of the same name is refused; an unknown system is NOT_FOUND", async () => {
    const { systemId } = await createStack(app, "names");
    const created = await gqlData(app, POLICY, { i: { systemId, name: "p", mode: "AUTO", runnerUrl: "http://127.0.0.1:9/x", steps: [{ kind: "NOTIFY" }] } });
    expect(created.createRemediationPolicy.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const again = await app.gql(POLICY, { i: { systemId, name: "p", mode: "AUTO", runnerUrl: "http://127.0.0.1:9/x", steps: [{ kind: "NOTIFY" }] } });
    expect(again.errors?.[0]?.message).toMatch(/^name: the system already has a policy named "p"/);
    const missing = await app.gql(POLICY, { i: { systemId: "00000000-0000-4000-8000-000000000000", name: "p", mode: "AUTO", runnerUrl: "http://127.0.0.1:9/x", steps: [{ kind: "NOTIFY" }] } });
    expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  }, LONG);

  it("a policy turned off starts nothing", async () => {
    const stack = await createStack(app, "disabled");
    const runner = await startRunner(SECRET, () => ({ status: "accepted" }));
    runners.push(runner);
    const { createRemediationPolicy: p } = await gqlData(app, POLICY, { i: { systemId: stack.systemId, name: "off", mode: "AUTO", runnerUrl: runner.url, secret: SECRET, steps: [{ kind: "WEBHOOK" }] } });
    expect((await gqlData(app, `mutation($id: ID!) { setRemediationPolicyEnabled(id: $id, enabled: false) { enabled } }`, { id: p.policy.id })).setRemediationPolicyEnabled.enabled).toBe(false);
    const gen = new Generator(1, 31);
    for (let h = 0; h <= 3; h += 1) await runHour(app, stack, gen, h);
    const [incident] = (await gqlData(app, INCIDENT, { s: stack.systemId })).incidents;
    expect(incident.rootCause.key).toBe("camera");
    expect(incident.remediationActions).toEqual([]);
    expect(runner.received).toEqual([]);
  }, LONG);

  it("RETRAIN hands a claimed, leased batch to the runner; a reported failure moves the chain on", async () => {
    const stack = await createStack(app, "retrain");
    const gen = new Generator(2, 41);
    const runner = await startRunner(SECRET, () => ({ status: "accepted" }));
    runners.push(runner);
    await gqlData(app, POLICY, { i: { systemId: stack.systemId, name: "retrain", mode: "AUTO", runnerUrl: runner.url, secret: SECRET, steps: [{ kind: "RETRAIN", strategy: "UNCERTAINTY", size: 50 }, { kind: "NOTIFY" }], verifyWindows: 5 } });
    for (let h = 0; h <= 2; h += 1) await runHour(app, stack, gen, h);
    expect(runner.received.map((r) => r.kind)).toEqual(["RETRAIN"]);
    const batchId = runner.received[0]!.params.batchId as string;
    expect(runner.received[0]!.params).toMatchObject({ strategy: "UNCERTAINTY", size: 50 });
    expect(await count(app, `SELECT count(*) FROM retraining_batches WHERE id = $1 AND model_id = $2`, [batchId, stack.ids.camera])).toBe(1);
    const action = runner.received[0]!.actionId;
    // The job calls back through the example runner's helper.
    expect(await reportResult({ apiUrl: app.url, apiKey: app.adminKey, actionId: action, succeeded: false, message: "trainer crashed" })).toBe("FAILED");
    const failed = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s) { id status outcome } }`, { s: stack.systemId })).remediationActions.find((a: { id: string }) => a.id === action);
    expect(failed).toEqual({ id: action, status: "FAILED", outcome: "the runner reported failure: trainer crashed" });
    await runHour(app, stack, gen, 3);
    await settle(app, stack.systemId);
    const [incident] = (await gqlData(app, INCIDENT, { s: stack.systemId })).incidents;
    expect(incident.remediationActions.map((a: { kind: string; status: string }) => [a.kind, a.status])).toEqual([["RETRAIN", "FAILED"], ["NOTIFY", "DONE"]]);
    expect(runner.received.map((r) => r.kind)).toEqual(["RETRAIN", "NOTIFY"]);
    const again = await app.gql(`mutation($a: ID!) { reportRemediationResult(actionId: $a, succeeded: false) { status } }`, { a: action });
    expect(again.errors?.[0]?.message).toMatch(/^actionId: action .* is FAILED: only a pending or accepted action can fail/);
  }, LONG);
});

describe("remediation authorization", () => {
  it("a READ key sees but cannot decide (FORBIDDEN); a key of another system gets NOT_FOUND; nothing changes", async () => {
    const mine = await createStack(app, "authz mine");
    const other = await createStack(app, "authz other");
    await gqlData(app, POLICY, { i: { systemId: mine.systemId, name: "p", mode: "PROPOSE", runnerUrl: "http://127.0.0.1:9/x", secret: SECRET, steps: [{ kind: "WEBHOOK" }] } });
    const gen = new Generator(2, 61);
    for (let h = 0; h <= 2; h += 1) await runHour(app, mine, gen, h);
    const [proposal] = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s, status: PROPOSED) { id } }`, { s: mine.systemId })).remediationActions;
    const key = async (scopes: string[], systemId: string) =>
      (await gqlData(app, `mutation($sc: [ApiScope!]!, $s: ID) { createApiKey(scopes: $sc, systemId: $s) { key } }`, { sc: scopes, s: systemId })).createApiKey.key as string;
    const reader = await key(["READ"], mine.systemId);
    const stranger = await key(["ADMIN"], other.systemId);
    const seen = await app.gql(`query($s: ID!) { remediationActions(systemId: $s) { id } remediationPolicies(systemId: $s) { name } }`, { s: mine.systemId }, reader);
    expect(seen.errors).toBeUndefined();
    expect(seen.data.remediationActions).toEqual([{ id: proposal.id }]);
    const approve = `mutation($a: ID!) { approveRemediation(actionId: $a) { status } }`;
    expect((await app.gql(approve, { a: proposal.id }, reader)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await app.gql(approve, { a: proposal.id }, stranger)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await app.gql(`query($s: ID!) { remediationAudit(systemId: $s) { id } }`, { s: mine.systemId }, stranger)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const policy = await app.gql(POLICY, { i: { systemId: mine.systemId, name: "q", mode: "AUTO", runnerUrl: "http://127.0.0.1:9/x", steps: [{ kind: "NOTIFY" }] } }, reader);
    expect(policy.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const after = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s) { status } remediationPolicies(systemId: $s) { name } }`, { s: mine.systemId }));
    expect(after.remediationActions).toEqual([{ status: "PROPOSED" }]);
    expect(after.remediationPolicies).toEqual([{ name: "p" }]);
  }, LONG);

  it("a malformed action or policy id is BAD_USER_INPUT naming the argument", async () => {
    const a = await app.gql(`mutation { approveRemediation(actionId: "not-an-id") { status } }`);
    expect(a.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(a.errors?.[0]?.message).toMatch(/^actionId: not an action id/);
    const p = await app.gql(`mutation { setRemediationPolicyEnabled(id: "x", enabled: false) { id } }`);
    expect(p.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(p.errors?.[0]?.message).toMatch(/^id: not a policy id/);
  });

  it("the escalation lookup of every window reads remediation_audit by an index on incident_id", async () => {
    const rows = await app.db.dataSource.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'remediation_audit_incident'`);
    expect(rows.map((r: { indexdef: string }) => r.indexdef.replace(/^.* USING btree /, ""))).toEqual(["(incident_id, id)"]);
  });
});
