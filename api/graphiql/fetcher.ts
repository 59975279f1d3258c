// One fetcher per API key: HTTP POSTs to this origin's /graphql and a lazy graphql-ws client for
// subscriptions on the same path, both carrying the key. Nothing here names another origin.
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { parse, type DocumentNode } from "graphql";
import { createClient } from "graphql-ws";
import { authorization } from "./api-key.js";

export interface TandemFetcher {
  fetcher: Fetcher;
  dispose(): void;
}

export function createTandemFetcher(apiKey: string): TandemFetcher {
  const url = new URL("/graphql", window.location.href);
  const wsUrl = new URL(url);
  wsUrl.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  const wsClient = createClient({ url: wsUrl.href, lazy: true, connectionParams: { Authorization: authorization(apiKey) } });
  const toolkit = createGraphiQLFetcher({
    url: url.href,
    headers: { Authorization: authorization(apiKey) },
    wsClient,
    enableIncrementalDelivery: false,
  });
  // The toolkit routes a subscription to the WebSocket by the document GraphiQL passes along, which
  // can lag the editor by a keystroke's debounce (run right after typing): parse what is sent instead.
  const fetcher: Fetcher = (params, options) => {
    const documentAST = parsed(params.query) ?? options?.documentAST;
    return toolkit(params, { ...options, ...(documentAST ? { documentAST } : {}) });
  };
  return { fetcher, dispose: () => void wsClient.dispose() };
}

function parsed(query: string): DocumentNode | undefined {
  try {
    return parse(query);
  } catch {
    return undefined;
  }
}
