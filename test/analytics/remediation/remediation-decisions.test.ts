// The pure decisions of remediation, as tables of hand-derived cases: a policy's validation and
// selector, the chain's next step, the guards, verification over K windows, and how a delivery
// attempt's answer is read.
import { describe, expect, it } from "vitest";
import { matchPolicy, policyErrors, type PolicyDefinition } from "../../../api/src/analytics/remediation/remediation-policy.js";
import { nextStep } from "../../../api/src/analytics/remediation/next-step.js";
import { checkGuards, type GuardArgs } from "../../../api/src/analytics/remediation/remediation-guards.js";
import { verifyWindow } from "../../../api/src/analytics/remediation/verify-action.js";
import { attemptOutcome, backoffMs, DELIVERY } from "../../../api/src/analytics/remediation/delivery-schedule.js";
import { actionParams, rollbackTarget } from "../../../api/src/analytics/remediation/action-params.js";

const base: PolicyDefinition = { name: "p", mode: "AUTO", runnerUrl: "https://runner.example/x", steps: [{ kind: "ROLLBACK" }], selector: { modelKeys: [], tasks: [], minStatus: "DEGRADED" }, cooldownSeconds: 0, maxActionsPerHour: 5, verifyWindows: 3 };
const keys = new Set(["camera", "backup"]);

describe("policyErrors", () => {
  it.each<[string, Partial<PolicyDefinition>, RegExp | null]>([
    ["a valid policy", {}, null],
    ["FALLBACK without its model", { steps: [{ kind: "FALLBACK" }] }, /^steps\[0\]\.fallbackModelKey: required for FALLBACK$/],
    ["FALLBACK to an unknown model", { steps: [{ kind: "FALLBACK", fallbackModelKey: "ghost" }] }, /steps\[0\]\.fallbackModelKey: no model 'ghost'/],
    ["RETRAIN with an unknown strategy", { steps: [{ kind: "RETRAIN", strategy: "LUCK" }] }, /steps\[0\]\.strategy: expected one of COMBINED/],
    ["RETRAIN batch too large", { steps: [{ kind: "RETRAIN", size: 20_000 }] }, /steps\[0\]\.size: expected an integer from 1 to 10000/],
    ["no steps", { steps: [] }, /^steps: expected 1 to 10 steps, got 0$/],
    ["a runner that is not http", { runnerUrl: "ftp://x" }, /^runnerUrl: must be http or https, got ftp:$/],
    ["a selector naming an unknown model", { selector: { modelKeys: ["lidar"], tasks: [], minStatus: "DEGRADED" } }, /selector\.modelKeys: no model 'lidar'/],
    ["K of zero", { verifyWindows: 0 }, /^verifyWindows: expected an integer from 1 to 100, got 0$/],
    ["a negative cooldown", { cooldownSeconds: -1 }, /^cooldownSeconds: expected an integer/],
  ])("%s", (_name, patch, error) => {
    const errors = policyErrors({ policy: { ...base, ...patch }, modelKeys: keys });
    if (error === null) expect(errors).toEqual([]);
    else expect(errors.some((e) => error.test(e))).toBe(true);
  });

  it("matchPolicy takes the first enabled policy whose selector holds", () => {
    const policies = [
      { id: 1, enabled: false, selector: { modelKeys: [], tasks: [], minStatus: "DEGRADED" } },
      { id: 2, enabled: true, selector: { modelKeys: ["lidar"], tasks: [], minStatus: "DEGRADED" } },
      { id: 3, enabled: true, selector: { modelKeys: [], tasks: ["REGRESSION"], minStatus: "FAILING" } },
      { id: 4, enabled: true, selector: { modelKeys: [], tasks: [], minStatus: "DEGRADED" } },
    ];
    expect(matchPolicy({ policies, root: { key: "camera", task: "REGRESSION", status: "FAILING" } })?.id).toBe(3);
    expect(matchPolicy({ policies, root: { key: "camera", task: "REGRESSION", status: "DEGRADED" } })?.id).toBe(4);
    expect(matchPolicy({ policies, root: { key: "lidar", task: "REGRESSION", status: "DEGRADED" } })?.id).toBe(2);
    expect(matchPolicy({ policies, root: { key: "camera", task: "REGRESSION", status: "HEALTHY" } })).toBeNull();
  });
});

describe("nextStep", () => {
  it.each([
    ["nothing yet, incident opened", null, true, { kind: "run", seq: 0, stepIndex: 0, continuation: false }],
    ["nothing yet, incident only aged", null, false, { kind: "none" }],
    ["step 1 in flight", { seq: 0, stepIndex: 0, status: "ACCEPTED" }, true, { kind: "none" }],
    ["step 1 proposed", { seq: 0, stepIndex: 0, status: "PROPOSED" }, true, { kind: "none" }],
    ["step 1 failed: step 2, whatever the window did", { seq: 0, stepIndex: 0, status: "FAILED" }, false, { kind: "run", seq: 1, stepIndex: 1, continuation: true }],
    ["the last step failed: escalate", { seq: 4, stepIndex: 2, status: "FAILED" }, false, { kind: "escalate", seq: 4 }],
    ["a rejected proposal stops the chain", { seq: 0, stepIndex: 0, status: "REJECTED" }, true, { kind: "none" }],
    ["credited, the incident grows again: a new episode from step 1", { seq: 1, stepIndex: 1, status: "CREDITED" }, true, { kind: "run", seq: 2, stepIndex: 0, continuation: false }],
    ["credited, nothing new", { seq: 1, stepIndex: 1, status: "CREDITED" }, false, { kind: "none" }],
    ["a NOTIFY done: the chain goes on", { seq: 0, stepIndex: 0, status: "DONE" }, false, { kind: "run", seq: 1, stepIndex: 1, continuation: true }],
  ] as const)("%s", (_name, last, triggered, expected) => {
    expect(nextStep({ last, triggered, chainLength: 3, escalated: false })).toMatchObject(expected);
  });

  it("an escalated chain does not escalate twice", () => {
    expect(nextStep({ last: { seq: 2, stepIndex: 2, status: "FAILED" }, triggered: true, chainLength: 3, escalated: true })).toMatchObject({ kind: "none" });
  });
});

describe("checkGuards", () => {
  const at = new Date("2026-01-05T10:00:00Z");
  const ok: GuardArgs = { at, modelId: "m", observed: true, inFlight: false, lastPlannedAt: null, plannedInLastHour: 0, cooldownSeconds: 3600, maxActionsPerHour: 2, continuation: false };
  it.each<[string, Partial<GuardArgs>, string | null]>([
    ["all clear", {}, null],
    ["no data for the model", { observed: false }, "MISSING_DATA"],
    ["another action in flight", { inFlight: true }, "IN_FLIGHT"],
    ["within the cooldown (59 min)", { lastPlannedAt: new Date(at.getTime() - 59 * 60_000) }, "COOLDOWN"],
    ["the cooldown just over (60 min)", { lastPlannedAt: new Date(at.getTime() - 60 * 60_000) }, null],
    ["the chain moving on ignores the cooldown", { lastPlannedAt: new Date(at.getTime() - 60_000), continuation: true }, null],
    ["the hourly limit reached", { plannedInLastHour: 2 }, "RATE_LIMIT"],
    ["missing data beats everything", { observed: false, inFlight: true, plannedInLastHour: 9 }, "MISSING_DATA"],
  ])("%s", (_name, patch, guard) => {
    const v = checkGuards({ ...ok, ...patch });
    expect(v.allowed ? null : v.guard).toBe(guard);
  });
});

describe("verifyWindow", () => {
  const keyOf = (id: string) => id.toUpperCase();
  const statuses = (s: Record<string, string>) => new Map(Object.entries(s));
  it("credits when root and cascade are all healthy", () => {
    expect(verifyWindow({ windowsBefore: 0, verifyWindows: 3, statuses: statuses({ a: "HEALTHY", b: "HEALTHY" }), models: ["a", "b"], keyOf })).toEqual({ outcome: "CREDITED", windows: 1, message: "recovered 1 window(s) after the action: A, B healthy" });
  });
  it("waits while windows remain; a model without data is not a recovery", () => {
    expect(verifyWindow({ windowsBefore: 1, verifyWindows: 3, statuses: statuses({ a: "HEALTHY", b: "UNKNOWN" }), models: ["a", "b"], keyOf })).toEqual({ outcome: "WAITING", windows: 2 });
  });
  it("fails at the K-th window without recovery, naming who is still unwell", () => {
    expect(verifyWindow({ windowsBefore: 2, verifyWindows: 3, statuses: statuses({ a: "HEALTHY", b: "FAILING" }), models: ["a", "b"], keyOf })).toEqual({ outcome: "FAILED", windows: 3, message: "not recovered within 3 window(s): B failing" });
  });
});

describe("attemptOutcome", () => {
  it.each([
    ["2xx accepted", 1, 200, '{"status":"accepted","message":"ok"}', null, "accepted"],
    ["2xx without JSON", 1, 204, "", null, "accepted"],
    ["2xx saying failed", 1, 200, '{"status":"failed","message":"no disk"}', null, "refused"],
    ["401 (signature refused)", 1, 401, "", null, "refused"],
    ["429 is retried", 1, 429, "", null, "retry"],
    ["503 is retried", 2, 503, "", null, "retry"],
    ["a network error is retried", 1, null, "", "ECONNREFUSED", "retry"],
    ["the last attempt gives up", DELIVERY.maxAttempts, 503, "", null, "gave-up"],
  ] as const)("%s", (_name, attempt, statusCode, body, error, kind) => {
    expect(attemptOutcome({ attempt, statusCode, body, error }).kind).toBe(kind);
  });
  it("backs off exponentially up to a ceiling", () => {
    expect([1, 2, 3, 4, 10].map(backoffMs)).toEqual([1_000, 2_000, 4_000, 8_000, 60_000]);
  });
});

describe("actionParams", () => {
  it.each([
    [["1.0", "1.1"], "1.0"],
    [["1.0", "1.1", "1.0"], null], // after rolling 1.1 back: 1.1 was bad, nothing precedes 1.0
    [["1.0", "1.1", "1.0", "1.2"], "1.0"], // never back to 1.1
    [["1.0", "1.1", "1.2", "1.1"], "1.0"], // 1.2 was rolled back from; the current 1.1 is not a target
    [["0.9", "1.0", "1.1", "1.0"], "0.9"],
    [["1.0"], null],
    [[], null],
  ])("ROLLBACK from history %j returns to %s (skipping versions rolled back from)", (versions, target) => {
    expect(rollbackTarget(versions)).toBe(target);
  });

  it("a second ROLLBACK after an accepted one does not re-deploy the version rolled back from", () => {
    expect(actionParams({ step: { kind: "ROLLBACK" }, modelKey: "camera", versions: ["1.0", "1.1", "1.0"] })).toEqual({ ok: false, reason: "ROLLBACK: camera has no previous version to roll back to" });
  });

  it("ROLLBACK goes back to the version before the current one; without one it cannot run", () => {
    expect(actionParams({ step: { kind: "ROLLBACK" }, modelKey: "camera", versions: ["1.0", "1.1", "1.2"] })).toEqual({ ok: true, params: { fromVersion: "1.2", toVersion: "1.1" } });
    expect(actionParams({ step: { kind: "ROLLBACK" }, modelKey: "camera", versions: ["1.0"] })).toEqual({ ok: false, reason: "ROLLBACK: camera has no previous version to roll back to" });
  });
  it("RETRAIN carries its defaults and no batch yet", () => {
    expect(actionParams({ step: { kind: "RETRAIN" }, modelKey: "camera", versions: [] })).toEqual({ ok: true, params: { strategy: "COMBINED", size: 500, batchId: null } });
  });
});
