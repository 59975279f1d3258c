// Issue #18: deleting a system while four clients ingest into another one. Every row those clients
// were acknowledged is still there, their ingestion never failed, and nothing of the deleted system
// remains. (The time it takes for 1M rows is printed by test/bench/registry/delete-system.bench.ts.)
import { afterAll, beforeAll, expect, it } from "vitest";
import { gqlData, startTestApp, type TestApp } from "../support/test-app.js";
import { countPresent, fillByCopy, ingestLoad, setUpSystems } from "../support/delete-under-load.js";

const ROWS = 60_000;
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ multivariateDrift: false, evaluateEverySeconds: 0 });
});
afterAll(() => app?.close());

it.skipIf(!process.env.DATABASE_URL)("deleteSystem under load: the other system's acknowledged rows intact, nothing of the deleted one left", async () => {
  const gql = (q: string, v: Record<string, unknown> = {}) => gqlData(app, q, v);
  const s = await setUpSystems(gql, 4);
  await fillByCopy(app.databaseUrl!, s.doomed, s.doomedModels, ROWS);
  const load = ingestLoad((path, body) => app.post(path, body), s.liveModel, 200);
  await new Promise((r) => setTimeout(r, 300));
  const d = await gql(`mutation($s: ID!) { deleteSystem(id: $s, confirmName: "doomed") { totalRows deleted { table rows } } }`, { s: s.doomed });
  await new Promise((r) => setTimeout(r, 300));
  const result = await load.stop();
  expect(d.deleteSystem.deleted.find((x: any) => x.table === "predictions").rows).toBe(ROWS);
  expect(result.failures).toEqual([]);
  expect(result.acknowledged.length).toBeGreaterThan(0);
  const query = (sql: string, params: unknown[]) => app.db.dataSource.query(sql, params);
  expect(await countPresent(query, s.liveModel, result.acknowledged)).toBe(result.acknowledged.length);
  const left = await query(`SELECT count(*)::int AS n FROM predictions WHERE system_id = $1`, [s.doomed]);
  expect(left[0].n).toBe(0);
}, 120_000);
