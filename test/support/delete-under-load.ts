// Shared by the deleteSystem-under-load test and bench: a doomed system filled with predictions
// (by COPY, quickly), four clients ingesting into another system while it is deleted, and the check
// that every row they were acknowledged is still there.
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";

export const LOAD_CLIENTS = 4;
const T0 = Date.UTC(2026, 0, 5);

type Gql = (query: string, variables?: Record<string, unknown>) => Promise<any>;
type Post = (path: string, body: string) => Promise<{ status: number; json: any }>;

export async function setUpSystems(gql: Gql, doomedModels: number): Promise<{ doomed: string; doomedModels: string[]; live: string; liveModel: string }> {
  const doomed = (await gql(`mutation { createSystem(name: "doomed", windowSeconds: 3600) { id } }`)).createSystem.id;
  const live = (await gql(`mutation { createSystem(name: "live", windowSeconds: 3600) { id } }`)).createSystem.id;
  const register = async (s: string, k: string) =>
    (await gql(`mutation($s: ID!, $k: String!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: [{ name: "x", kind: NUMERIC }]) { id } }`, { s, k })).registerModel.id as string;
  const models: string[] = [];
  for (let i = 0; i < doomedModels; i += 1) models.push(await register(doomed, `m${i}`));
  return { doomed, doomedModels: models, live, liveModel: await register(live, "live") };
}

/** `rows` predictions spread over the models, written by COPY (as a fast loader, not through the API). */
export async function fillByCopy(databaseUrl: string, systemId: string, modelIds: string[], rows: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const stream = client.query(copyFrom(`COPY predictions (system_id, model_id, prediction_id, ts, features, score) FROM STDIN`));
    async function* lines() {
      for (let i = 0; i < rows; i += 10_000) {
        let chunk = "";
        for (let j = i; j < Math.min(rows, i + 10_000); j += 1) chunk += `${systemId}\t${modelIds[j % modelIds.length]}\tp${j}\t${new Date(T0 + j * 1000).toISOString()}\t{"x": ${j % 97}}\t${(j % 10) / 10}\n`;
        yield chunk;
      }
    }
    await pipeline(Readable.from(lines()), stream);
  } finally {
    await client.end();
  }
}

export interface LoadResult {
  acknowledged: string[];
  latenciesMs: number[];
  failures: string[];
}

/** Four clients posting batches of `batch` predictions to the live model until `stop()`; what was acknowledged. */
export function ingestLoad(post: Post, liveModel: string, batch: number, prefix = "c"): { stop(): Promise<LoadResult> } {
  let running = true;
  const result: LoadResult = { acknowledged: [], latenciesMs: [], failures: [] };
  const client = async (c: number) => {
    for (let n = 0; running; n += 1) {
      const ids = Array.from({ length: batch }, (_, i) => `${prefix}${c}-${n}-${i}`);
      const body = ids.map((id, i) => JSON.stringify({ id, timestamp: new Date(T0 + i * 1000).toISOString(), features: { x: i }, score: 0.5 })).join("\n");
      const started = performance.now();
      const res = await post(`/v1/models/${liveModel}/predictions`, body);
      result.latenciesMs.push(performance.now() - started);
      if (res.status === 200 && res.json.accepted === batch) result.acknowledged.push(...ids);
      else result.failures.push(`${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
    }
  };
  const clients = Array.from({ length: LOAD_CLIENTS }, (_, c) => client(c));
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      return result;
    },
  };
}

/** How many of `ids` the live model holds. */
export async function countPresent(query: (sql: string, params: unknown[]) => Promise<any[]>, liveModel: string, ids: string[]): Promise<number> {
  const rows = await query(`SELECT count(*)::int AS n FROM predictions WHERE model_id = $1 AND prediction_id = ANY($2::text[])`, [liveModel, ids]);
  return rows[0].n;
}
