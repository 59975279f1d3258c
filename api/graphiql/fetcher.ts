// One fetcher per API key: HTTP POSTs to this origin's /graphql and a lazy graphql-ws client for
// subscriptions on the same path, both carrying the key. Nothing here names another origin.
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
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
  const fetcher = createGraphiQLFetcher({
    url: url.href,
    headers: { Authorization: authorization(apiKey) },
    wsClient,
    enableIncrementalDelivery: false,
  });
  return { fetcher, dispose: () => void wsClient.dispose() };
}
