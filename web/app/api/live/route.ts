// Server-sent events for the dashboard's live updates. Relays the API's `systemHealthChanged` and
// `incidentChanged` subscriptions (graphql-ws, with the dashboard's server-side key) to the browser
// as `change` events; the browser then re-renders the page's server components. One system with
// ?systemId=, else every system the key can see (as of the connection).
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { apiUrl, graphqlRequest } from "@/lib/graphql";
import { graphql } from "@/lib/generated";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const HEARTBEAT_MS = 15_000;

const SUBSCRIPTION = graphql(`
  subscription Live($systemId: ID!) {
    health: systemHealthChanged(systemId: $systemId) { windowEnd status }
  }
`);
const INCIDENTS = graphql(`
  subscription LiveIncidents($systemId: ID!) {
    incident: incidentChanged(systemId: $systemId) { id status }
  }
`);
const SYSTEMS = graphql(`
  query LiveSystems { systems { id } }
`);

type Send = (event: string, data: unknown) => void;

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const only = url.searchParams.get("systemId");
  if (only !== null && !/^[0-9a-f-]{36}$/i.test(only)) {
    return new Response("systemId: expected a system id (UUID)", { status: 400 });
  }
  let systemIds: string[];
  try {
    systemIds = only ? [only] : (await graphqlRequest(SYSTEMS, {})).systems.map((s) => s.id);
  } catch (error) {
    return new Response(`live updates unavailable: ${(error as Error).message}`, { status: 503 });
  }

  const encoder = new TextEncoder();
  let client: Client | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const disposers: Array<() => void> = [];
  const close = () => {
    if (heartbeat) clearInterval(heartbeat);
    for (const dispose of disposers.splice(0)) dispose();
    void client?.dispose();
    client = undefined;
  };

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          close(); // the browser went away
        }
      };
      client = apiClient(send, systemIds.length);
      disposers.push(...subscribeAll(client, systemIds, send));
      controller.enqueue(encoder.encode(`retry: 3000\n\n`));
      heartbeat = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(`: keep-alive\n\n`));
        } catch {
          close();
        }
      }, HEARTBEAT_MS);
      request.signal.addEventListener("abort", () => {
        close();
        try {
          controller.close();
        } catch {
          // already closed
        }
      });
    },
    cancel() {
      close();
    },
  });

  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
}

/** The API's graphql-ws client, reconnecting for ever with the dashboard's key. */
function apiClient(send: Send, systems: number): Client {
  const key = process.env.TANDEM_API_KEY ?? "";
  let connections = 0;
  return createClient({
    url: apiUrl().replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams: key ? { authorization: `Bearer ${key}` } : {},
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connected: () => {
        // After a reconnection to the API the subscriptions start again from now: whatever changed
        // meanwhile is read by refreshing the page once.
        if (connections++ > 0) send("change", { resumed: true });
        send("ready", { systems });
      },
    },
  });
}

/** One subscription per system and event kind, relayed as `change` (or `problem`) events. */
function subscribeAll(client: Client, systemIds: readonly string[], send: Send): Array<() => void> {
  const disposers: Array<() => void> = [];
  for (const systemId of systemIds) {
    for (const document of [SUBSCRIPTION, INCIDENTS]) {
      disposers.push(
        client.subscribe(
          { query: document.toString(), variables: { systemId } },
          {
            next: (value) => send("change", { systemId, ...(value.data ?? {}) }),
            error: (error) => send("problem", { systemId, message: error instanceof Error ? error.message : String(error) }),
            complete: () => undefined,
          },
        ),
      );
    }
  }
  return disposers;
}
