// LISTEN tandem_events on a connection of its own (PostgreSQL only: the embedded database serves one
// process, whose own commits are relayed directly). Reconnects after a lost connection and then
// reports `null` (a notification may have been missed: read every system again).
import pg from "pg";
import { EVENT_CHANNEL } from "./repositories/system-event-repository.js";

export interface EventListener {
  close(): Promise<void>;
}

export function listenForEvents(url: string, onSystem: (systemId: string | null) => void, log: (message: string, error?: unknown) => void): EventListener {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async (reconnecting: boolean) => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", (n) => onSystem(n.payload ?? null));
    c.on("error", (error) => {
      if (closed) return;
      log("events: listening connection lost; reconnecting", error);
      void c.end().catch(() => undefined);
      schedule();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${EVENT_CHANNEL}`);
      if (closed) return void (await c.end());
      client = c;
      if (reconnecting) onSystem(null);
    } catch (error) {
      void c.end().catch(() => undefined);
      if (!closed) {
        log("events: cannot listen; retrying", error);
        schedule();
      }
    }
  };
  const schedule = () => {
    client = null;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      void connect(true);
    }, 1_000);
    retry.unref();
  };
  const ready = connect(false);
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      await ready;
      await client?.end().catch(() => undefined);
    },
  };
}
