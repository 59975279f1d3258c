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
import { BadInputError } from "../errors.js";

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
/** An event that cannot be read this many times in a row is skipped. */
const MAX_FAILURES = 3;

export class EventBus {
  /** Per watched system: the last event handed to local subscribers. */
  private readonly cursors = new Map<string, string>();
  /** Per watched system: how many subscribers of this process listen to it. */
  private readonly watchers = new Map<string, number>();
  /** Per system: consecutive failures to relay its next event (one that keeps failing is skipped). */
  private readonly failures = new Map<string, number>();
  /** Per system: the pump under way (pumps of one system run one after another). */
  private readonly pumps = new Map<string, Promise<void>>();
  /** Reads a stored verdict for its event (set by the health service, which depends on the bus). */
  private healthOf: ((systemId: string, windowStart: Date) => Promise<unknown>) | null = null;

  constructor(private readonly deps: EventBusDeps) {}

  readHealthWith(read: (systemId: string, windowStart: Date) => Promise<unknown>): void {
    this.healthOf = read;
  }

  /**
   * At the start of a store step: one store step of a system at a time (its incidents are read and
   * written by one step at a time, and its events take ids in the order the steps commit).
   */
  lockSystem(q: Queryable, systemId: string): Promise<void> {
    return this.deps.events.lockSystem(q, systemId);
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

  /**
   * An incident changed outside an evaluation (acknowledged, resolved): `change` runs on the
   * transaction's connection and returns the changed row, whose event commits with it (null: nothing
   * changed, no event).
   */
  async changeIncident(systemId: string, change: (q: Queryable) => Promise<IncidentRow | null>): Promise<IncidentRow | null> {
    const tx = await this.deps.transactions.begin();
    let row: IncidentRow | null;
    try {
      // The system's writer lock first, as a store step takes it: the two never wait for each other's rows.
      await this.deps.events.lockSystem(tx.q, systemId);
      row = await change(tx.q);
      if (row) await this.deps.events.append(tx.q, systemId, [{ topic: "INCIDENT_CHANGED", payload: incidentPayload(row) }]);
    } catch (error) {
      await tx.abort(error);
      throw error;
    }
    await tx.commit();
    if (row) this.committed(systemId);
    return row;
  }

  /** After a commit that appended events of the system (or a NOTIFY; null: maybe missed, every system). */
  committed(systemId: string | null): void {
    for (const id of systemId === null ? [...this.cursors.keys()] : [systemId]) if (this.cursors.has(id)) void this.pump(id);
  }

  /**
   * A subscriber of the system is about to listen: from now on its events are relayed here, until
   * `unwatch` of its last subscriber. A notification that came while the cursor was being read is
   * not lost: the system is read once more right after.
   */
  async watch(systemId: string): Promise<void> {
    this.watchers.set(systemId, (this.watchers.get(systemId) ?? 0) + 1);
    if (this.cursors.has(systemId)) return;
    const last = await this.deps.events.lastId(systemId);
    if (this.cursors.has(systemId) || !this.watchers.has(systemId)) return;
    this.cursors.set(systemId, last);
    void this.pump(systemId);
  }

  /** A subscriber of the system left; with the last one, its events are no longer relayed here. */
  unwatch(systemId: string): void {
    const n = (this.watchers.get(systemId) ?? 0) - 1;
    if (n > 0) return void this.watchers.set(systemId, n);
    this.watchers.delete(systemId);
    this.cursors.delete(systemId);
  }

  /**
   * The system's events of `topic` after `afterEvent` (a reconnecting subscriber's), resolved, oldest
   * first. More than MAX_REPLAY missed is refused (BAD_USER_INPUT naming afterEvent: read the current
   * state instead), never cut short silently.
   */
  async replay(systemId: string, topic: EventTopic, afterEvent: string): Promise<EventMessage[]> {
    const rows: SystemEventRow[] = [];
    let after = afterEvent;
    for (;;) {
      const page = await this.deps.events.after(systemId, after, PAGE);
      rows.push(...page.filter((r) => r.topic === topic));
      if (rows.length > MAX_REPLAY) throw new BadInputError(`afterEvent: more than ${MAX_REPLAY} events were missed since event ${afterEvent}; read the current state and subscribe without afterEvent`);
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.id;
    }
    const out: EventMessage[] = [];
    for (const row of rows) out.push(await this.resolve(row));
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
      const cursor = this.cursors.get(systemId);
      if (cursor === undefined) return; // unwatched meanwhile
      const rows = await this.deps.events.after(systemId, cursor, PAGE);
      for (const row of rows) {
        const message = await this.resolveOrSkip(row);
        if (!this.cursors.has(systemId)) return;
        this.cursors.set(systemId, row.id);
        if (message !== null && message.payload !== null) this.deps.deliver(row.topic, systemId, message);
      }
      if (rows.length < PAGE) return;
    }
  }

  /** The event resolved; an event that failed MAX_FAILURES times in a row is skipped (logged) rather than blocking the system's later ones. */
  private async resolveOrSkip(row: SystemEventRow): Promise<EventMessage | null> {
    try {
      const message = await this.resolve(row);
      this.failures.delete(row.systemId);
      return message;
    } catch (error) {
      const n = (this.failures.get(row.systemId) ?? 0) + 1;
      if (n < MAX_FAILURES) {
        this.failures.set(row.systemId, n);
        throw error;
      }
      this.failures.delete(row.systemId);
      this.deps.log?.("error", `events: event ${row.id} of system ${row.systemId} could not be read ${n} times; skipped`, error);
      return null;
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
