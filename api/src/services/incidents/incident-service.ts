// Incidents: loading and storing them. The decisions are pure (graph/incident-lifecycle.ts on top
// of graph/incidents.ts): which of the window's alerts form an incident (a cascade's, a lone
// root's; standalone alerts are stored without one unless an incident holds their model or a model up
// to 3 dependencies upstream), which open incident a group continues, grows, re-roots or merges (the
// merged one resolves, pointing at the other, its alerts moved), and when an incident whose models stay healthy
// for the system's `resolveAfterWindows` windows resolves by itself (windows where none of them had
// data do not count). This service runs them inside the evaluation's transaction, and publishes
// changes and sends them to the system's webhook (POST JSON, retried with backoff, every attempt
// recorded).
import type { QueryRunner } from "typeorm";
import { incidentLifecycle, type IncidentStep, type SystemGraph } from "../../../../graph/index.js";
import type { EventBus } from "../events/event-bus.js";
import type { IncidentAlertRow, IncidentRepository, IncidentRow, IncidentStatusValue } from "../../db/repositories/incident-repository.js";
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { SystemRepository } from "../../db/repositories/system-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import { assertSystemVisible, requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";

export interface StoredAlert {
  id: string;
  modelId: string;
}

export interface CascadeValue {
  root: string;
  affected: string[];
  startedAt: number;
}

export interface IncidentView extends IncidentRow {}

export interface ApplyWindowArgs {
  systemId: string;
  windowStart: Date;
  /** The window's end: when its alerts fired and its incidents changed. */
  at: Date;
  alerts: StoredAlert[];
  cascades: CascadeValue[];
  /** Models whose alerts are not an incident this window (the graph decision's standalone alerts). */
  standalone: string[];
  unhealthy: ReadonlySet<string>;
  /** Models with data this window (status not UNKNOWN): a window without data is no sign of recovery. */
  observed: ReadonlySet<string>;
  keyOf: (id: string) => string;
  /** The system graph the decision read: standalone alerts downstream of an open incident join it. */
  graph?: SystemGraph | null;
}

export interface IncidentDeps {
  incidents: IncidentRepository;
  systems: SystemRepository;
  models: ModelRepository;
  now: () => Date;
  /** Called after COMMIT for every incident that changed. */
  onChanged?: (incident: IncidentRow) => void;
  /** Change events of incidents changed outside an evaluation (acknowledged, resolved). */
  events?: Pick<EventBus, "changeIncident">;
  /** Webhook transport (tests inject a fake clock-free sender); default: fetch with backoff. */
  sleep?: (ms: number) => Promise<void>;
  log?: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
}

const WEBHOOK_ATTEMPTS = 4;
const WEBHOOK_BACKOFF_MS = [0, 1_000, 4_000, 16_000];
const WEBHOOK_TIMEOUT_MS = 5_000;
/** `idle()` waits at most this long for deliveries under way (one attempt's timeout, and some). */
const IDLE_TIMEOUT_MS = WEBHOOK_TIMEOUT_MS + 2_000;

export class IncidentService {
  /** Webhook deliveries under way (announce does not wait for them). */
  private readonly deliveries = new Set<Promise<void>>();
  /** Aborted by `idle()`: deliveries waiting to retry give up instead of outliving the database. */
  private readonly closing = new AbortController();

  constructor(private readonly deps: IncidentDeps) {}

  /**
   * Inside the evaluation's transaction: loads the system's open incidents (locked), decides the
   * window's incident steps (graph/incident-lifecycle.ts: open, grow, age, resolve) and stores them.
   * Returns the ids of incidents that changed (to publish after COMMIT).
   */
  async applyWindow(q: QueryRunner, args: ApplyWindowArgs): Promise<string[]> {
    const open = await this.deps.incidents.open(q, args.systemId);
    const resolveAfterWindows = await this.deps.incidents.resolveAfterWindows(q, args.systemId);
    // With `standalone` given, the grouping also continues an open incident that already holds a
    // group's root (fusion, still failing after camera recovered, is the same incident going on).
    const steps = incidentLifecycle({
      openIncidents: open.map((i) => ({ id: i.id, status: i.status, rootCause: i.rootCauseModelId, affected: i.affected, summary: i.summary, healthyWindows: i.healthyWindows })),
      cascades: args.cascades, alerts: args.alerts, standalone: args.standalone, unhealthy: args.unhealthy, observed: args.observed, resolveAfterWindows, keyOf: args.keyOf, graph: args.graph ?? null,
    });
    const changed: string[] = [];
    for (const step of steps) {
      const id = await this.storeStep(q, step, args);
      if (step.kind !== "age" || step.resolved) changed.push(id);
    }
    return changed;
  }

  /** Stores one lifecycle step at the window's end; returns the incident's id. */
  private async storeStep(q: QueryRunner, step: IncidentStep, args: ApplyWindowArgs): Promise<string> {
    const window = { updatedAt: args.at, lastWindowStart: args.windowStart };
    switch (step.kind) {
      case "open": {
        const id = await this.deps.incidents.insert(q, {
          systemId: args.systemId, status: "OPEN", rootCauseModelId: step.rootCause, affected: step.affected, summary: step.summary, openedAt: args.at, ...window,
        });
        await this.deps.incidents.linkAlerts(q, id, step.alertIds);
        return id;
      }
      case "grow":
        await this.deps.incidents.update(q, step.incidentId, { affected: step.affected, summary: step.summary, ...window, healthyWindows: 0, status: step.status, resolvedAt: null, rootCauseModelId: step.rootCause });
        await this.deps.incidents.linkAlerts(q, step.incidentId, step.alertIds);
        return step.incidentId;
      case "age":
        await this.deps.incidents.update(q, step.incidentId, {
          affected: step.affected, summary: step.summary, ...window, healthyWindows: step.healthyWindows, status: step.status, resolvedAt: step.resolved ? args.at : null,
        });
        return step.incidentId;
      case "merge":
        await this.deps.incidents.merge(q, step.incidentId, step.into, { summary: step.summary, at: args.at, lastWindowStart: args.windowStart });
        return step.incidentId;
      default: {
        const never: never = step;
        throw new Error(`services/incidents: unknown step ${JSON.stringify(never)}`);
      }
    }
  }

  /** After COMMIT: publish and deliver the incidents that changed. */
  async announce(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const incident = await this.deps.incidents.byId(id);
      if (!incident) continue;
      this.deps.onChanged?.(incident);
      const delivery = this.deliver(incident).catch((error: unknown) => this.deps.log?.("warn", `webhook: incident ${incident.id} not delivered`, error));
      this.deliveries.add(delivery);
      void delivery.finally(() => this.deliveries.delete(delivery));
    }
  }

  /**
   * For shutdown, before the database closes: waits for the webhook deliveries under way (their
   * attempt and its record), at most `timeoutMs`. Deliveries waiting for a retry give up their
   * remaining attempts, and so do later ones: the service is closing.
   */
  async idle(timeoutMs = IDLE_TIMEOUT_MS): Promise<void> {
    this.closing.abort();
    if (this.deliveries.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.deliveries]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
        timer.unref();
      }),
    ]);
    clearTimeout(timer);
  }

  async list(principal: Principal, systemId: string, status: IncidentStatusValue | null): Promise<IncidentRow[]> {
    requireScope(principal, "READ", "incidents");
    await this.visibleSystem(principal, systemId);
    return this.deps.incidents.list(systemId, status);
  }

  /** The incident an incident was merged into (same system; null when it was not merged). */
  async mergedInto(principal: Principal, incident: Pick<IncidentRow, "mergedIntoId">): Promise<IncidentRow | null> {
    if (incident.mergedIntoId === null) return null;
    requireScope(principal, "READ", "incidents");
    const target = await this.deps.incidents.byId(incident.mergedIntoId);
    if (!target) return null;
    assertSystemVisible(principal, target.systemId, `incident '${incident.mergedIntoId}' not found`);
    return target;
  }

  async setStatus(principal: Principal, id: string, status: "ACKNOWLEDGED" | "RESOLVED"): Promise<IncidentRow> {
    const incident = isId(id) ? await this.deps.incidents.byId(id) : null;
    if (!incident) throw new NotFoundError(`incident '${id}' not found`);
    assertSystemVisible(principal, incident.systemId, `incident '${id}' not found`);
    requireScope(principal, "ADMIN", status === "ACKNOWLEDGED" ? "acknowledgeIncident" : "resolveIncident");
    if (incident.status === "RESOLVED") throw new BadInputError(`id: incident '${id}' is already resolved`);
    if (incident.status === status) return incident;
    // The change and its event commit together; an incident a window resolved meanwhile stays resolved.
    const at = this.deps.now();
    const updated = this.deps.events
      ? await this.deps.events.changeIncident(incident.systemId, (q) => this.deps.incidents.setStatus(id, status, at, q))
      : await this.deps.incidents.setStatus(id, status, at);
    if (!updated) throw new BadInputError(`id: incident '${id}' is already resolved`);
    await this.announce([updated.id]);
    return updated;
  }

  async setWebhook(principal: Principal, args: { systemId: string; url: string | null; resolveAfterWindows: number | null }): Promise<void> {
    requireScope(principal, "ADMIN", "setWebhook");
    await this.visibleSystem(principal, args.systemId);
    if (args.url !== null) {
      let parsed: URL;
      try {
        parsed = new URL(args.url);
      } catch {
        throw new BadInputError(`url: not a URL: "${args.url}"`);
      }
      if (parsed.protocol !== "http:" && parsed.protocol !== "https:") throw new BadInputError(`url: must be http or https, got ${parsed.protocol}`);
    }
    if (args.resolveAfterWindows !== null && (!Number.isInteger(args.resolveAfterWindows) || args.resolveAfterWindows < 1 || args.resolveAfterWindows > 1000)) {
      throw new BadInputError(`resolveAfterWindows: expected an integer from 1 to 1000, got ${args.resolveAfterWindows}`);
    }
    await this.deps.incidents.setWebhook(args.systemId, args.url, args.resolveAfterWindows);
  }

  alertsOf(ids: readonly string[]): Promise<IncidentAlertRow[]> {
    return this.deps.incidents.alertsOf(ids);
  }

  modelsByIds(ids: readonly string[]): Promise<ModelEntity[]> {
    return this.deps.models.byIds(ids);
  }

  private async deliver(incident: IncidentRow): Promise<void> {
    const url = await this.deps.incidents.webhookOf(incident.systemId).catch(() => null);
    if (!url) return;
    const sleep = this.deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref()));
    const body = JSON.stringify({ event: "incidentChanged", incident });
    for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt += 1) {
      if (attempt > 1 && !(await this.backoff(sleep, WEBHOOK_BACKOFF_MS[attempt - 1]!))) {
        this.deps.log?.("warn", `webhook ${url}: incident ${incident.id} not delivered (${attempt - 1} attempt(s)); shutting down`);
        return;
      }
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
        statusCode = res.status;
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) error = `HTTP ${res.status}`;
      } catch (e) {
        error = (e as Error).message;
      }
      await this.deps.incidents.recordDelivery({ systemId: incident.systemId, incidentId: incident.id, url, attempt, statusCode, error }).catch(() => undefined);
      if (error === null) return;
    }
    this.deps.log?.("warn", `webhook ${url}: incident ${incident.id} not delivered after ${WEBHOOK_ATTEMPTS} attempts`);
  }

  /** Sleeps before a retry; false when the service is closing (no retry then). */
  private async backoff(sleep: (ms: number) => Promise<void>, ms: number): Promise<boolean> {
    const closing = this.closing.signal;
    if (closing.aborted) return false;
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<false>((resolve) => {
      onAbort = () => resolve(false);
      closing.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([sleep(ms).then(() => !closing.aborted), aborted]);
    } finally {
      closing.removeEventListener("abort", onAbort);
    }
  }

  private async visibleSystem(principal: Principal, systemId: string) {
    const system = isId(systemId) ? await this.deps.systems.byId(systemId) : null;
    if (!system) throw new NotFoundError(`system '${systemId}' not found`);
    assertSystemVisible(principal, system.id, `system '${systemId}' not found`);
    return system;
  }
}
