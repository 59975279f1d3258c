// Issue #17, delivery leases in the database: a due action is claimed by one deliverer at a time;
// while the lease holds nobody else gets it; when the holder dies (its lease runs out) another
// takes it over with a new token and the next attempt number, and the dead holder's late result is
// refused (it no longer holds the lease). No delivery loop runs here: the test is the deliverers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { RemediationActionRepository } from "../../api/src/db/repositories/remediation-action-repository.js";
import { createStack, Generator, HOUR, POLICY, runHour, T0 } from "./remediation-support.js";

/** Many windows evaluated one by one: generous on a loaded machine (no time is asserted). */
const LONG = 600_000;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, now: () => new Date(T0 + 40 * HOUR), remediationPollMs: 0 });
});
afterAll(() => app?.close());

describe("delivery leases", () => {
  it("one holder at a time; an expired lease is taken over and the old holder's result refused", async () => {
    const stack = await createStack(app, "leases");
    await gqlData(app, POLICY, { i: { systemId: stack.systemId, name: "p", mode: "PROPOSE", runnerUrl: "http://127.0.0.1:9/x", secret: "lease-secret-0123456789", steps: [{ kind: "WEBHOOK" }] } });
    const gen = new Generator(2, 51);
    for (let h = 0; h <= 2; h += 1) {
      for (const [key, lines] of Object.entries(gen.hour(h))) await app.post(`/v1/models/${stack.ids[key]}/predictions`, lines);
      await gqlData(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: stack.systemId, at: new Date(T0 + (h + 1) * HOUR).toISOString() });
    }
    const repo = new RemediationActionRepository(app.db.dataSource);
    expect(await repo.claimDue(60_000)).toBeNull(); // a proposal is not due
    const [proposal] = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s, status: PROPOSED) { id } }`, { s: stack.systemId })).remediationActions;
    await gqlData(app, `mutation($a: ID!) { approveRemediation(actionId: $a) { status } }`, { a: proposal.id });

    const first = (await repo.claimDue(3_000))!;
    expect(first.id).toBe(proposal.id);
    expect(first.attempts).toBe(1);
    expect(await repo.claimDue(3_000)).toBeNull(); // leased
    await new Promise((r) => setTimeout(r, 3_500)); // the holder "died": its lease runs out
    const second = (await repo.claimDue(60_000))!;
    expect(second.id).toBe(proposal.id);
    expect(second.attempts).toBe(2);
    expect(second.leaseToken).not.toBe(first.leaseToken);
    expect(await repo.settle(first.id, first.leaseToken, { status: "ACCEPTED", outcome: "late", final: false })).toBe(false);
    expect(await repo.settle(second.id, second.leaseToken, { status: "ACCEPTED", outcome: "ok", final: false })).toBe(true);
    expect((await repo.byId(proposal.id))!).toMatchObject({ status: "ACCEPTED", outcome: "ok", attempts: 2 });
    expect(await repo.claimDue(60_000)).toBeNull();
  }, LONG);

  it("a leased action is neither cancelled nor failed under its deliverer; a proposal of a resolved incident cannot be approved", async () => {
    const repo = new RemediationActionRepository(app.db.dataSource);
    const proposals = [];
    for (const name of ["in flight", "resolved first"]) {
      const stack = await createStack(app, name);
      await gqlData(app, POLICY, { i: { systemId: stack.systemId, name: "p", mode: "PROPOSE", runnerUrl: "http://127.0.0.1:9/x", secret: "lease-secret-0123456789", steps: [{ kind: "WEBHOOK" }] } });
      const gen = new Generator(2, 61);
      for (let h = 0; h <= 2; h += 1) {
        for (const [key, lines] of Object.entries(gen.hour(h))) await app.post(`/v1/models/${stack.ids[key]}/predictions`, lines);
        await gqlData(app, `mutation($s: ID!, $at: DateTime) { evaluate(systemId: $s, at: $at) { status } }`, { s: stack.systemId, at: new Date(T0 + (h + 1) * HOUR).toISOString() });
      }
      const [p] = (await gqlData(app, `query($s: ID!) { remediationActions(systemId: $s, status: PROPOSED) { id incidentId } }`, { s: stack.systemId })).remediationActions;
      proposals.push({ stack, p });
    }
    // 17-4: approved and claimed; while the lease lives the runner's failure report and the
    // resolved incident's cancellation leave it to its deliverer.
    const [a, b] = proposals;
    await gqlData(app, `mutation($a: ID!) { approveRemediation(actionId: $a) { status } }`, { a: a!.p.id });
    const held = (await repo.claimDue(60_000))!;
    expect(held.id).toBe(a!.p.id);
    const report = await app.gql(`mutation($a: ID!) { reportRemediationResult(actionId: $a, succeeded: false, message: "x") { status } }`, { a: a!.p.id });
    expect(report.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(report.errors?.[0]?.message).toMatch(/^actionId: .* is being delivered/);
    await gqlData(app, `mutation($i: ID!) { resolveIncident(id: $i) { status } }`, { i: a!.p.incidentId });
    expect(await repo.cancelResolved(app.db.dataSource, a!.stack.systemId)).toEqual([]);
    expect((await repo.byId(a!.p.id))!.status).toBe("PENDING");
    expect(await repo.settle(held.id, held.leaseToken, { status: "ACCEPTED", outcome: "ok", final: false })).toBe(true);
    // 17-5: the incident resolves before a person approves: refused naming actionId, nothing changes.
    await gqlData(app, `mutation($i: ID!) { resolveIncident(id: $i) { status } }`, { i: b!.p.incidentId });
    const approve = await app.gql(`mutation($a: ID!) { approveRemediation(actionId: $a) { status } }`, { a: b!.p.id });
    expect(approve.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(approve.errors?.[0]?.message).toMatch(/^actionId: .*resolved/);
    expect((await repo.byId(b!.p.id))!.status).toBe("PROPOSED");
    expect(await repo.claimDue(60_000)).toBeNull();
  }, LONG);
});
