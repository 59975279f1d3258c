// Deleting a system on time-partitioned telemetry: its rows go in chunks selected by ctid, and a
// ctid is unique within ONE partition only. The rows are laid out so that the deleted system's
// ctids in one week are the kept system's in the other (it wrote first there): the kept system's
// rows must all stay. On PostgreSQL and on the embedded database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOTH_DATABASES, gqlData, startTestAppOn, type TestApp } from "../support/test-app.js";

const WEEK1 = Date.UTC(2026, 0, 5);
const WEEK2 = Date.UTC(2026, 0, 12);

describe.each(BOTH_DATABASES)("deleteSystem on partitioned telemetry ($where)", ({ where, skip }) => {
  let app: TestApp;
  beforeAll(async () => {
    if (!skip) app = await startTestAppOn(where, { multivariateDrift: false, evaluateEverySeconds: 0 });
  });
  afterAll(() => app?.close());

  it.skipIf(skip)("takes only the deleted system's rows, whatever partition their ctids repeat in", async () => {
    const gql = (q: string, v: Record<string, unknown> = {}) => gqlData(app, q, v);
    await app.services.retention.maintain(new Date(WEEK1));
    const models: Record<string, string> = {};
    const systems: Record<string, string> = {};
    for (const name of ["gone", "kept"]) {
      systems[name] = (await gql(`mutation($n: String!) { createSystem(name: $n, windowSeconds: 3600) { id } }`, { n: name })).createSystem.id;
      models[name] = (await gql(`mutation($s: ID!) { registerModel(systemId: $s, key: "m", task: REGRESSION, features: [{ name: "x", kind: NUMERIC }]) { id } }`, { s: systems[name] })).registerModel.id;
    }
    const send = async (name: string, week: number) => {
      const lines = Array.from({ length: 30 }, (_, i) => JSON.stringify({ id: `${name}-${week}-${i}`, timestamp: new Date(week + i * 1000).toISOString(), features: { x: i }, score: i }));
      expect((await app.post(`/v1/models/${models[name]}/predictions`, lines.join("\n"))).json.accepted).toBe(30);
    };
    await send("gone", WEEK1);
    await send("kept", WEEK1);
    await send("kept", WEEK2);
    await send("gone", WEEK2);
    const d = await gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "gone") { deleted { table rows } } }`, { s: systems.gone });
    expect(d.deleteSystem.deleted.find((x: any) => x.table === "predictions").rows).toBe(60);
    const left = await app.db.dataSource.query(`SELECT model_id, tableoid::regclass::text AS part, count(*)::int AS n FROM predictions GROUP BY 1, 2 ORDER BY 2`);
    expect(left).toEqual([
      { model_id: models.kept, part: "predictions_p20260105", n: 30 },
      { model_id: models.kept, part: "predictions_p20260112", n: 30 },
    ]);
  });
});
