// Change events across processes (docs/operations.md, "Running at scale"). A stored verdict and the
// incidents it changed are appended as events in the store step's own transaction (an outbox:
// committed together or not at all, whichever process evaluated); NOTIFY tells every API process,
// which reads the system's new events in id order and hands them to its local subscribers — each
// event once, in order. A subscriber that reconnects passes the last event it saw (`afterEvent`)
// and first gets what it missed. The embedded database serves one process: its own commits are
// relayed directly.
import type { Queryable } from "../../db/queryable.js";
import type { IncidentRepository, IncidentRow } from "../../db/repositories/incident-repository.js";
import type { EventTopic, SystemEventRepository, SystemEventRow } from "../../db/repositories/system-event-repository.js";
import type { Transactions } from "../../db/transactions.js";

/** What a subscriber receives: the object and the id of the event that carried it. */
export interface EventMessage<T = unknown> {
  event: string;
  payload: T;
}

export interface EventBusDeps {
  events: SystemEventRepository;
  incidents: IncidentRepository;
  transactions: Transactions;
  /** Hands a message to this process's subscribers of the system and topic. */
  deliver: (topic: EventTopic, systemId: string, message: EventMessage) => void;
  log?: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
}

/** Events are kept this long (a subscriber away longer resumes from what is left). */
export const EVENT_RETENTION_MS = 24 * 3600_000;
/** How many missed events a reconnecting subscriber gets at most. */
export const MAX_REPLAY = 1_000;
const PAGE = 200;

export class EventBus {
  /** Per watched system: the last event handed to local subscribers. */
  private readonly cursors = new Map<string, string>();
  /** Per system: the pump under way (pumps of one system run one after another). */
  private readonly pumps = new Map<string, Promise<void>>();
  /** Reads a stored verdict for its event (set by the health service, which depends on the bus). */
  private healthOf: ((systemId: string, windowStart: Date) => Promise<unknown>) | null = null;

  constructor(private readonly deps: EventBusDeps) {}

  readHealthWith(read: (systemId: string, windowStart: Date) => Promise<unknown>): void {
    this.healthOf = read;
  }

  /** In the store step's transaction: the window's verdict and the incidents it changed (read on `q`, as committed with them). */
  async appendWindow(q: Queryable, systemId: string, windowStart: Date, incidentIds: readonly string[]): Promise<void> {
    const incidents: IncidentRow[] = [];
    for (const id of incidentIds) {
      const row = await this.deps.incidents.byId(id, q);
      if (row) incidents.push(row);
    }
    await this.deps.events.append(q, systemId, [
      { topic: "SYSTEM_HEALTH_CHANGED", payload: { windowStart: windowStart.toISOString() } },
      ...incidents.map((row) => ({ topic: "INCIDENT_CHANGED" as const, payload: incidentPayload(row) })),
    ]);
  }

  /** An incident changed outside an evaluation (acknowledged, resolved): its event in a transaction of its own. */
  async appendIncident(row: IncidentRow): Promise<void> {
    const tx = await this.deps.transactions.begin();
    try {
      await this.deps.events.append(tx.q, row.systemId, [{ topic: "INCIDENT_CHANGED", payload: incidentPayload(row) }]);
    } catch (error) {
      await tx.abort(error);
      throw error;
    }
    await tx.commit();
    this.committed(row.systemId);
  }

  /** After a commit that appended events of the system (or a NOTIFY; null: maybe missed, every system). */
  committed(systemId: string | null): void {
    for (const id of systemId === null ? [...this.cursors.keys()] : [systemId]) if (this.cursors.has(id)) void this.pump(id);
  }

  /** A subscriber of the system is about to listen: from now on its events are relayed here. */
  async watch(systemId: string): Promise<void> {
    if (this.cursors.has(systemId)) return;
    const last = await this.deps.events.lastId(systemId);
    if (!this.cursors.has(systemId)) this.cursors.set(systemId, last);
  }

  /** The system's events of `topic` after `afterEvent` (a reconnecting subscriber's), resolved, oldest first, up to the latest relayed. */
  async replay(systemId: string, topic: EventTopic, afterEvent: string): Promise<EventMessage[]> {
    const out: EventMessage[] = [];
    let after = afterEvent;
    while (out.length < MAX_REPLAY) {
      const rows = await this.deps.events.after(systemId, after, PAGE);
      for (const row of rows) if (row.topic === topic && out.length < MAX_REPLAY) out.push(await this.resolve(row));
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.id;
    }
    return out.filter((m) => m.payload !== null);
  }

  /** Deletes events older than EVENT_RETENTION_MS before `now`. */
  prune(now: Date): Promise<number> {
    return this.deps.events.prune(new Date(now.getTime() - EVENT_RETENTION_MS));
  }

  /** Waits for the pumps under way (shutdown). */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.pumps.values()]);
  }

  private pump(systemId: string): Promise<void> {
    const previous = this.pumps.get(systemId) ?? Promise.resolve();
    const next = previous.then(() => this.pumpOnce(systemId)).catch((error: unknown) => this.deps.log?.("warn", `events: relaying events of system ${systemId} failed; the next one retries`, error));
    this.pumps.set(systemId, next);
    void next.finally(() => {
      if (this.pumps.get(systemId) === next) this.pumps.delete(systemId);
    });
    return next;
  }

  private async pumpOnce(systemId: string): Promise<void> {
    for (;;) {
      const rows = await this.deps.events.after(systemId, this.cursors.get(systemId)!, PAGE);
      for (const row of rows) {
        const message = await this.resolve(row);
        this.cursors.set(systemId, row.id);
        if (message.payload !== null) this.deps.deliver(row.topic, systemId, message);
      }
      if (rows.length < PAGE) return;
    }
  }

  private async resolve(row: SystemEventRow): Promise<EventMessage> {
    if (row.topic === "INCIDENT_CHANGED") return { event: row.id, payload: reviveIncident(row.payload) };
    const read = this.healthOf;
    const payload = read === null ? null : await read(row.systemId, new Date(String(row.payload.windowStart)));
    return { event: row.id, payload };
  }
}

function incidentPayload(row: IncidentRow): Record<string, unknown> {
  return { ...row };
}

const DATES = ["openedAt", "updatedAt", "lastWindowStart", "resolvedAt"] as const;

function reviveIncident(payload: Record<string, unknown>): IncidentRow {
  const row = { ...payload } as Record<string, unknown>;
  for (const key of DATES) if (typeof row[key] === "string") row[key] = new Date(row[key] as string);
  return row as unknown as IncidentRow;
}
