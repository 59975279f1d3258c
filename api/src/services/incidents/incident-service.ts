// Incidents: the window's graph decision (graph/explain-window.ts) says which alerts form an
// incident. Alerts of the models of one cascade form one incident whose root cause is the cascade's
// root; an alert of a lone incident root forms an incident of its own; an alert the decision calls
// standalone (weak evidence, not persisted) is stored without opening an incident, unless an open
// incident already holds its model. An ongoing cascade or condition updates its open incident in
// later windows; an incident whose models stay healthy for the system's `resolveAfterWindows`
// windows resolves by itself (windows where none of them had data do not count). Changes are
// published and sent to the system's webhook (POST JSON, retried with backoff, every attempt
// recorded).
import type { QueryRunner } from "typeorm";
import { groupAlertsIntoIncidents } from "../../../../graph/index.js";
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

export interface IncidentDeps {
  incidents: IncidentRepository;
  systems: SystemRepository;
  models: ModelRepository;
  now: () => Date;
  /** Called after COMMIT for every incident that changed. */
  onChanged?: (incident: IncidentRow) => void;
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
   * Inside the evaluation's transaction: files the window's alerts into incidents and advances
   * automatic resolution. Returns the ids of incidents that changed (to publish after COMMIT).
   */
  async applyWindow(
    q: QueryRunner,
    args: {
      systemId: string;
      windowStart: Date;
      at: Date;
      alerts: StoredAlert[];
      cascades: CascadeValue[];
      /** Models whose alerts are not an incident this window (the graph decision's standalone alerts). */
      standalone: string[];
      unhealthy: ReadonlySet<string>;
      /** Models with data this window (status not UNKNOWN): a window without data is no sign of recovery. */
      observed: ReadonlySet<string>;
      keyOf: (id: string) => string;
    },
  ): Promise<string[]> {
    const open = await this.deps.incidents.open(q, args.systemId);
    // With `standalone` given, the grouping also continues an open incident that already holds a
    // group's root (fusion, still failing after camera recovered, is the same incident going on).
    const groups = groupAlertsIntoIncidents({
      cascades: args.cascades,
      alerts: args.alerts,
      standalone: args.standalone,
      openIncidents: open.map((i) => ({ id: i.id, rootCause: i.rootCauseModelId, affected: i.affected })),
    });
    const changed = new Set<string>();
    const touched = new Set<string>();
    for (const g of groups) {
      // Alerts only: they stay stored (without an incident); no incident opens for them.
      if (g.standalone) continue;
      const existing = g.incidentId ? open.find((i) => i.id === g.incidentId) : undefined;
      const affected = [...new Set([...(existing?.affected ?? []), ...g.affected])];
      const summary = summarize(g.rootCause, affected, args.keyOf);
      let id: string;
      if (existing) {
        id = existing.id;
        await this.deps.incidents.update(q, id, {
          affected, summary, updatedAt: args.at, lastWindowStart: args.windowStart, healthyWindows: 0, status: existing.status, resolvedAt: null,
        });
      } else {
        id = await this.deps.incidents.insert(q, {
          systemId: args.systemId, status: "OPEN", rootCauseModelId: g.rootCause, affected, summary, openedAt: args.at, updatedAt: args.at, lastWindowStart: args.windowStart,
        });
      }
      if (g.alertIds.length > 0) await q.query(`UPDATE alerts SET incident_id = $1 WHERE id = ANY($2::uuid[])`, [id, g.alertIds]);
      touched.add(id);
      changed.add(id);
    }
    const resolveAfter = await this.deps.incidents.resolveAfterWindows(q, args.systemId);
    for (const incident of open) {
      if (touched.has(incident.id)) continue;
      const models = incident.rootCauseModelId === null ? incident.affected : [incident.rootCauseModelId, ...incident.affected];
      const stillUnhealthy = models.some((m) => args.unhealthy.has(m));
      // Healthy windows count only when its models were seen healthy: a window none of them sent
      // data for (the stream fell behind, an outage) leaves the count as it was.
      const seen = models.some((m) => args.observed.has(m));
      const healthyWindows = stillUnhealthy ? 0 : seen ? incident.healthyWindows + 1 : incident.healthyWindows;
      const resolve = healthyWindows >= resolveAfter;
      await this.deps.incidents.update(q, incident.id, {
        affected: incident.affected, summary: incident.summary, updatedAt: args.at, lastWindowStart: args.windowStart, healthyWindows,
        status: resolve ? "RESOLVED" : incident.status, resolvedAt: resolve ? args.at : null,
      });
      if (resolve) changed.add(incident.id);
    }
    return [...changed];
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

  async setStatus(principal: Principal, id: string, status: "ACKNOWLEDGED" | "RESOLVED"): Promise<IncidentRow> {
    const incident = isId(id) ? await this.deps.incidents.byId(id) : null;
    if (!incident) throw new NotFoundError(`incident '${id}' not found`);
    assertSystemVisible(principal, incident.systemId, `incident '${id}' not found`);
    requireScope(principal, "ADMIN", status === "ACKNOWLEDGED" ? "acknowledgeIncident" : "resolveIncident");
    if (incident.status === "RESOLVED") throw new BadInputError(`id: incident '${id}' is already resolved`);
    if (incident.status === status) return incident;
    const updated = (await this.deps.incidents.setStatus(id, status, this.deps.now()))!;
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

function summarize(rootCause: string | null, affected: string[], keyOf: (id: string) => string): string {
  const others = affected.filter((m) => m !== rootCause).map(keyOf);
  if (rootCause === null) return `${others.length} model(s) unhealthy: ${others.join(", ")}`;
  return others.length === 0 ? `${keyOf(rootCause)} is unhealthy` : `${keyOf(rootCause)} started it; ${others.length} downstream model(s) affected: ${others.join(", ")}`;
}
