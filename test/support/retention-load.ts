// Clients ingesting predictions over HTTP (bulk NDJSON) until stopped, for the retention test: what
// each was acknowledged, every request's latency and when it ended (to pick those that overlapped
// a maintenance round).
type Post = (path: string, body: string) => Promise<{ status: number; json: any }>;

export interface LoadRequest {
  startedMs: number;
  endedMs: number;
  ok: boolean;
}

export interface LoadResult {
  /** Acknowledged prediction ids per model. */
  acknowledged: Map<string, string[]>;
  requests: LoadRequest[];
  failures: string[];
}

/** `clientsPerModel` clients per model posting batches of `batch` predictions stamped from `t0` on. */
export function ingestLoad(post: Post, modelIds: readonly string[], clientsPerModel: number, batch: number, t0: number): { stop(): Promise<LoadResult> } {
  let running = true;
  const result: LoadResult = { acknowledged: new Map(modelIds.map((m) => [m, []])), requests: [], failures: [] };
  const client = async (modelId: string, c: number) => {
    for (let n = 0; running; n += 1) {
      const ids = Array.from({ length: batch }, (_, i) => `load-${c}-${n}-${i}`);
      const body = ids.map((id, i) => JSON.stringify({ id, timestamp: new Date(t0 + (n * batch + i) * 1000).toISOString(), features: { signal: i % 7, noise: 0 }, score: 0.5 })).join("\n");
      const startedMs = performance.now();
      const res = await post(`/v1/models/${modelId}/predictions`, body);
      const ok = res.status === 200 && res.json.accepted === batch;
      result.requests.push({ startedMs, endedMs: performance.now(), ok });
      if (ok) result.acknowledged.get(modelId)!.push(...ids);
      else result.failures.push(`${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
    }
  };
  const clients = modelIds.flatMap((m, k) => Array.from({ length: clientsPerModel }, (_, c) => client(m, k * clientsPerModel + c)));
  return {
    async stop() {
      running = false;
      await Promise.all(clients);
      return result;
    },
  };
}

/** The q-quantile (nearest rank) of the values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
