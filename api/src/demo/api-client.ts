// The demo talks to Tandem like any user's service: GraphQL over HTTP and the NDJSON bulk
// endpoints, with an admin API key.

export class DemoApiError extends Error {
  override name = "DemoApiError";
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: Array<{ index: number; message: string }>;
}

export type BulkKind = "predictions" | "labels" | "feedback" | "metrics";

export interface DemoClient {
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  bulk(modelId: string, kind: BulkKind, items: readonly unknown[]): Promise<IngestResult>;
}

const TIMEOUT_MS = 120_000;

export function createDemoClient(args: { apiUrl: string; adminKey: string; signal?: AbortSignal }): DemoClient {
  const base = args.apiUrl.replace(/\/+$/, "");
  const signal = () => (args.signal ? AbortSignal.any([args.signal, AbortSignal.timeout(TIMEOUT_MS)]) : AbortSignal.timeout(TIMEOUT_MS));
  return {
    async gql(query, variables = {}) {
      const res = await fetch(`${base}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${args.adminKey}` },
        body: JSON.stringify({ query, variables }),
        signal: signal(),
      });
      const text = await res.text();
      let body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      try {
        body = JSON.parse(text);
      } catch {
        throw new DemoApiError(`GraphQL answered ${res.status}: ${text.slice(0, 200)}`);
      }
      if (body.errors?.length) {
        const e = body.errors[0]!;
        throw new DemoApiError(`GraphQL ${e.extensions?.code ?? "error"}: ${e.message}`);
      }
      if (!res.ok || body.data === undefined) throw new DemoApiError(`GraphQL answered ${res.status}`);
      return body.data;
    },
    async bulk(modelId, kind, items) {
      if (items.length === 0) return { accepted: 0, duplicates: 0, rejected: 0, errors: [] };
      const res = await fetch(`${base}/v1/models/${encodeURIComponent(modelId)}/${kind}`, {
        method: "POST",
        headers: { "content-type": "application/x-ndjson", authorization: `Bearer ${args.adminKey}` },
        body: items.map((i) => JSON.stringify(i)).join("\n") + "\n",
        signal: signal(),
      });
      const text = await res.text();
      if (!res.ok) throw new DemoApiError(`POST /v1/models/${modelId}/${kind} answered ${res.status}: ${text.slice(0, 200)}`);
      return JSON.parse(text) as IngestResult;
    },
  };
}
