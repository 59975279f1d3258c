// Which processes maintain the time partitions (docs/retention.md): a process with background work
// (role worker or all) runs a maintenance round at start — a missing week ahead is created — and an
// api-only process does not. PostgreSQL (the embedded database serves one process, role all).
import { afterAll, expect, it } from "vitest";
import { freshDatabase, startTestApp, type TestApp } from "../support/test-app.js";
import { partitionName, weekStart } from "../../api/src/analytics/retention/partition-plan.js";

const apps: TestApp[] = [];
let db: Awaited<ReturnType<typeof freshDatabase>>;
afterAll(async () => {
  for (const a of apps) await a.close().catch(() => undefined);
  await db?.drop();
});

it.skipIf(!process.env.DATABASE_URL)("a worker creates a missing week ahead at start; an api process leaves it to the workers", async () => {
  db = await freshDatabase();
  const start = async (role: "api" | "worker") => {
    const app = await startTestApp({ databaseUrl: db!.url, role, multivariateDrift: false, evaluateEverySeconds: 0 });
    apps.push(app);
    return app;
  };
  const first = await start("api"); // migrates
  // The week after next (one of the four created ahead) is taken away.
  const name = partitionName("predictions", new Date(weekStart(new Date()).getTime() + 2 * 7 * 86_400_000));
  const exists = async () => (await first.db.dataSource.query(`SELECT to_regclass($1) IS NOT NULL AS ok`, [name]))[0].ok as boolean;
  expect(await exists()).toBe(true);
  await first.db.dataSource.query(`DROP TABLE ${name}`);
  const api = await start("api");
  await api.services.retention.idle();
  expect(await exists()).toBe(false);
  const worker = await start("worker");
  for (let i = 0; i < 100 && !(await exists()); i += 1) await new Promise((r) => setTimeout(r, 100));
  await worker.services.retention.idle();
  expect(await exists()).toBe(true);
});
