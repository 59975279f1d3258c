// LISTEN tandem_events on a connection of its own (PostgreSQL only: the embedded database serves one
// process, whose own commits are relayed directly). Reconnects after a lost connection and then
// reports `null` (a notification may have been missed: read every system again) — also once
// LISTEN first takes effect, and every 30 s as a safety sweep.
import pg from "pg";
import { EVENT_CHANNEL } from "./repositories/system-event-repository.js";

/** Every process reads its watched systems' events this often even without a notification. */
const SWEEP_MS = 30_000;

export interface EventListener {
  close(): Promise<void>;
}

export function listenForEvents(url: string, onSystem: (systemId: string | null) => void, log: (message: string, error?: unknown) => void): EventListener {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    const c = new pg.Client({ connectionString: url, keepAlive: true });
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
      // What committed before LISTEN took effect (at start, or while disconnected) is read now.
      onSystem(null);
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
      void connect();
    }, 1_000);
    retry.unref();
  };
  const ready = connect();
  // A safety sweep: a notification lost on a half-open connection delays an event at most this long.
  const sweep = setInterval(() => onSystem(null), SWEEP_MS);
  sweep.unref();
  return {
    async close() {
      closed = true;
      clearInterval(sweep);
      if (retry) clearTimeout(retry);
      await ready;
      await client?.end().catch(() => undefined);
    },
  };
}
