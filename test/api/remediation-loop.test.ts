// Issue #17, end to end with a real HTTP runner (the example runner of docs/examples, which checks
// the HMAC and the timestamp): a driving-stack fault whose runner's ROLLBACK restores the data
// generator recovers within K windows, the action is credited and the incident resolves; a runner
// that answers but does not fix fails the step after K windows and the chain's next step runs; a
// PROPOSE policy waits for approval, and a rejected proposal runs nothing. Windows are closed with
// evaluate(at:), deliveries made by the app's own delivery loop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { createStack, Generator, HOUR, INCIDENT, POLICY, runHour, settle, startRunner, T0, type TestRunner } from "./remediation-support.js";

/** Many windows evaluated one by one: generous on a loaded machine (no time is asserted). */
const LONG = 600_000;

const SECRET = "test-secret-0123456789abcdef";
let app: TestApp;
const runners: TestRunner[] = [];

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 40 * HOUR), remediationPollMs: 50 });
});
afterAll(async () => {
  await app?.close();
  for (const r of runners) await r.close();
});

async function policy(systemId: string, url: string, mode: "AUTO" | "PROPOSE", steps: Array<Record<string, unknown>>) {
  return gqlData(app, POLICY, { i: { systemId, name: `${mode.toLowerCase()} chain`, mode, runnerUrl: url, secret: SECRET, steps, verifyWindows: 2, cooldownSeconds: 0 } });
}

describe("remediation closes the loop", () => {
  it("ROLLBACK that restores the generator: recovered within K windows, credited, the incident resolves", async () => {
    const stack = await createStack(app, "rollback fixes");
    const gen = new Generator(2, 1);
    const runner = await startRunner(SECRET, (p) => {
      if (p.kind === "ROLLBACK") gen.fixed = true;
      return { status: "accepted", message: "rolled back" };
    });
    runners.push(runner);
    await policy(stack.systemId, runner.url, "AUTO", [{ kind: "ROLLBACK" }, { kind: "WEBHOOK" }]);
    for (let h = 0; h <= 6; h += 1) await runHour(app, stack, gen, h);
    const incidents = (await gqlData(app, INCIDENT, { s: stack.systemId })).incidents;
    expect(incidents).toHaveLength(1);
    const [incident] = incidents;
    expect(incident.rootCause.key).toBe("camera");
    expect(incident.remediationActions).toHaveLength(1);
    const [action] = incident.remediationActions;
    expect(action).toMatchObject({ kind: "ROLLBACK", step: 1, status: "CREDITED", model: { key: "camera" }, params: { fromVersion: "1.1", toVersion: "1.0" } });
    expect(action.cascade.map((m: { key: string }) => m.key).sort()).toEqual(["fusion", "planning"]);
    expect(action.windowsObserved).toBeLessThanOrEqual(2);
    expect(action.attempts).toEqual([{ attempt: 1, statusCode: 200 }]);
    expect(incident.creditedAction.id).toBe(action.id);
    expect(incident.status).toBe("RESOLVED");
    expect(runner.received.map((r) => r.kind)).toEqual(["ROLLBACK"]);
    expect(runner.refused).toEqual([]);
    const audit = (await gqlData(app, `query($s: ID!) { remediationAudit(systemId: $s) { event actor actionId } }`, { s: stack.systemId })).remediationAudit;
    const events = audit.filter((e: { actionId: string | null }) => e.actionId === action.id).map((e: { event: string }) => e.event).reverse();
    expect(events).toEqual(["PLANNED", "ATTEMPT", "ACCEPTED", "VERSION_CHANGED", "CREDITED"]);
    // The accepted ROLLBACK made 1.0 live again (now, by the app's clock): the camera's current version.
    const versions = (await gqlData(app, `query($m: ID!) { model(id: $m) { version versions { version liveAt notes } } }`, { m: stack.ids.camera })).model;
    expect(versions.version).toBe("1.0");
    expect(versions.versions.map((v: { version: string }) => v.version)).toEqual(["1.0", "1.1", "1.0"]);
    expect(Date.parse(versions.versions[2].liveAt)).toBe(T0 + 40 * HOUR);
    expect(versions.versions[2].notes).toBe(`rolled back from 1.1 by remediation action ${action.id}`);
  }, LONG);

  it("a runner that answers but does not fix: the step fails after K windows and the next step runs", async () => {
    const stack = await createStack(app, "rollback does not fix");
    const gen = new Generator(2, 2);
    const runner = await startRunner(SECRET, (p) => {
      if (p.kind === "FALLBACK") gen.fixed = true; // ROLLBACK is accepted and changes nothing
      return { status: "accepted" };
    });
    runners.push(runner);
    await policy(stack.systemId, runner.url, "AUTO", [{ kind: "ROLLBACK" }, { kind: "FALLBACK", fallbackModelKey: "backup" }]);
    for (let h = 0; h <= 7; h += 1) await runHour(app, stack, gen, h);
    const [incident] = (await gqlData(app, INCIDENT, { s: stack.systemId })).incidents;
    const actions = incident.remediationActions;
    expect(actions.map((a: { kind: string; status: string }) => [a.kind, a.status])).toEqual([["ROLLBACK", "FAILED"], ["FALLBACK", "CREDITED"]]);
    expect(actions[0].windowsObserved).toBe(2);
    expect(actions[0].outcome).toMatch(/not recovered within 2 window/);
    expect(actions[1].params).toEqual({ fallbackModelKey: "backup" });
    expect(incident.creditedAction.kind).toBe("FALLBACK");
    expect(incident.status).toBe("RESOLVED");
    expect(runner.received.map((r) => r.kind)).toEqual(["ROLLBACK", "FALLBACK"]);
  }, LONG);

  it("PROPOSE waits for approval; once approved it runs and is verified", async () => {
    const stack = await createStack(app, "propose approved");
    const gen = new Generator(2, 3);
    const runner = await startRunner(SECRET, (p) => {
      if (p.kind === "ROLLBACK") gen.fixed = true;
      return { status: "accepted" };
    });
    runners.push(runner);
    await policy(stack.systemId, runner.url, "PROPOSE", [{ kind: "ROLLBACK" }]);
    for (let h = 0; h <= 3; h += 1) await runHour(app, stack, gen, h);
    const proposed = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s, status: PROPOSED) { id kind } }`, { s: stack.systemId })).remediationActions;
    expect(proposed).toHaveLength(1);
    expect(runner.received).toHaveLength(0); // two windows later, still waiting
    const approved = await gqlData(app, `mutation($a: ID!) { approveRemediation(actionId: $a, comment: "go") { status } }`, { a: proposed[0].id });
    expect(approved.approveRemediation.status).toBe("PENDING");
    await settle(app, stack.systemId);
    expect(runner.received.map((r) => r.kind)).toEqual(["ROLLBACK"]);
    for (let h = 4; h <= 9; h += 1) await runHour(app, stack, gen, h);
    const [incident] = (await gqlData(app, INCIDENT, { s: stack.systemId })).incidents;
    expect(incident.remediationActions.map((a: { status: string }) => a.status)).toEqual(["CREDITED"]);
    expect(incident.status).toBe("RESOLVED");
    const audit = (await gqlData(app, `query($s: ID!) { remediationAudit(systemId: $s) { event actor } }`, { s: stack.systemId })).remediationAudit;
    expect(audit.find((e: { event: string }) => e.event === "APPROVED").actor).not.toBe("policy"); // the approving key
  }, LONG);

  it("a rejected proposal runs nothing", async () => {
    const stack = await createStack(app, "propose rejected");
    const gen = new Generator(2, 4);
    const runner = await startRunner(SECRET, () => ({ status: "accepted" }));
    runners.push(runner);
    await policy(stack.systemId, runner.url, "PROPOSE", [{ kind: "ROLLBACK" }, { kind: "WEBHOOK" }]);
    for (let h = 0; h <= 2; h += 1) await runHour(app, stack, gen, h);
    const [proposal] = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s, status: PROPOSED) { id } }`, { s: stack.systemId })).remediationActions;
    const rejected = await gqlData(app, `mutation($a: ID!) { rejectRemediation(actionId: $a, comment: "not now") { status outcome } }`, { a: proposal.id });
    expect(rejected.rejectRemediation).toEqual({ status: "REJECTED", outcome: "rejected: not now" });
    for (let h = 3; h <= 6; h += 1) await runHour(app, stack, gen, h);
    const [incident] = (await gqlData(app, INCIDENT, { s: stack.systemId })).incidents;
    expect(incident.status).not.toBe("RESOLVED");
    expect(incident.remediationActions.map((a: { status: string }) => a.status)).toEqual(["REJECTED"]);
    expect(runner.received).toHaveLength(0);
    const again = await app.gql(`mutation($a: ID!) { approveRemediation(actionId: $a) { status } }`, { a: proposal.id });
    expect(again.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(again.errors?.[0]?.message).toMatch(/actionId: .* is REJECTED, not PROPOSED/);
  }, LONG);
});
