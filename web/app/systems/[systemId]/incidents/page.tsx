import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { PageErrorState, isNotFound } from "@/components/api-error-state";
import { SystemNotFoundState } from "@/components/incidents/not-found-state";
import { IncidentStatusBadge, Severity, incidentStatusLabel } from "@/components/incidents/incident-status";
import styles from "@/components/incidents/incidents.module.css";
import { Time, formatSpan } from "@/components/incidents/time";
import { LiveRefresh } from "@/components/live-refresh";
import { SystemNav } from "@/components/system-nav";
import { plural } from "@/lib/format";
import {
  INCIDENT_STATUSES,
  fetchIncidentList,
  incidentSeverity,
  parseIncidentStatus,
  type IncidentListData,
  type IncidentListItem,
  type IncidentStatus,
} from "@/lib/incident-queries";
import { DataTable, ModelKeyLink } from "@/components/data-table";
import { firstParam, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Incidents" };

type Params = Promise<{ systemId: string }>;

export default async function IncidentsPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection();
  const { systemId } = await params;
  const query = await searchParams;
  const rawStatus = firstParam(query.status);
  const status = parseIncidentStatus(rawStatus);
  const self = `/systems/${systemId}/incidents${status ? `?status=${status}` : ""}`;

  let data: IncidentListData;
  try {
    data = await fetchIncidentList(systemId, status);
  } catch (error) {
    if (isNotFound(error)) return <SystemNotFoundState heading="Incidents" />;
    console.error("[tandem-web] failed to load incidents:", error);
    return <PageErrorState heading="Incidents" title="Could not load incidents" error={error} retryHref={self} testId="incidents-error" />;
  }
  if (!data.system) return <SystemNotFoundState heading="Incidents" />;
  const system = data.system;
  const now = Date.now();
  const counts = countByStatus(data.every);
  const unresolved = counts.OPEN + counts.ACKNOWLEDGED;

  return (
    <div className="page">
      <SystemNav systemId={system.id} systemName={system.name} current="incidents" />
      <div className="page-header">
        <h1>Incidents</h1>
        <p className="page-header__meta">
          <span data-testid="incidents-summary">
            {plural(data.every.length, "incident")} · {counts.OPEN} open · {counts.ACKNOWLEDGED} acknowledged · as of{" "}
            <time dateTime={new Date(now).toISOString()}>{new Date(now).toISOString().slice(11, 19)} UTC</time>
          </span>
          <LiveRefresh systemId={system.id} />
        </p>
      </div>

      <nav className={`${styles.filters} no-print`} aria-label="Filter incidents by status">
        <FilterLink systemId={system.id} status={null} current={status} count={data.every.length} />
        {INCIDENT_STATUSES.map((s) => (
          <FilterLink key={s} systemId={system.id} status={s} current={status} count={counts[s]} />
        ))}
      </nav>
      {rawStatus && !status ? (
        <p className="notice-warning" role="status">
          Unknown status <code>{String(rawStatus)}</code>: showing every incident. Use OPEN, ACKNOWLEDGED or RESOLVED.
        </p>
      ) : null}

      {data.incidents.length > 0 && unresolved === 0 && status !== "RESOLVED" ? <AllClear every={data.every} /> : null}
      {data.incidents.length === 0 ? (
        <EmptyState status={status} unresolved={unresolved} every={data.every} systemId={system.id} />
      ) : (
        <IncidentTable incidents={data.incidents} status={status} systemId={system.id} systemName={system.name} now={now} />
      )}
    </div>
  );
}

function IncidentTable({ incidents, status, systemId, systemName, now }: { incidents: IncidentListItem[]; status: IncidentStatus | null; systemId: string; systemName: string; now: number }) {
  return (
    <section className={styles.tableCard} aria-label={status ? `${incidentStatusLabel(status)} incidents` : "All incidents"}>
      <DataTable
        className={styles.table}
        testId="incidents-table"
        caption={<>Incidents of {systemName}, newest first</>}
        columns={[
          { label: "Status" },
          { label: "Incident" },
          { label: "Severity" },
          { label: "Root cause" },
          { label: "Affected" },
          { label: <>Opened <span className={styles.unit}>UTC</span></> },
          { label: <>Last update <span className={styles.unit}>UTC</span></> },
          { label: <>Resolved <span className={styles.unit}>UTC</span></> },
          { label: "Duration" },
        ]}
      >
        {incidents.map((incident) => (
          <IncidentRow key={incident.id} incident={incident} systemId={systemId} now={now} />
        ))}
      </DataTable>
    </section>
  );
}

function countByStatus(list: ReadonlyArray<{ status: IncidentStatus }>): Record<IncidentStatus, number> {
  const counts: Record<IncidentStatus, number> = { OPEN: 0, ACKNOWLEDGED: 0, RESOLVED: 0 };
  for (const i of list) counts[i.status] = (counts[i.status] ?? 0) + 1;
  return counts;
}

function FilterLink({ systemId, status, current, count }: { systemId: string; status: IncidentStatus | null; current: IncidentStatus | null; count: number }) {
  const href = `/systems/${systemId}/incidents${status ? `?status=${status}` : ""}`;
  return (
    <Link
      href={href}
      className={styles.filter}
      aria-current={status === current ? "page" : undefined}
      data-testid={`incident-filter-${status ?? "ALL"}`}
    >
      {status ? incidentStatusLabel(status) : "All"} <span className={styles.count}>{count}</span>
    </Link>
  );
}

function IncidentRow({ incident, systemId, now }: { incident: IncidentListItem; systemId: string; now: number }) {
  const href = `/systems/${systemId}/incidents/${incident.id}`;
  const end = incident.resolvedAt ? Date.parse(incident.resolvedAt) : now;
  return (
    <tr data-testid={`incident-row-${incident.id}`} data-status={incident.status} data-root-cause={incident.rootCause?.key ?? ""}>
      <td>
        <IncidentStatusBadge status={incident.status} testId="incident-status" />
      </td>
      <th scope="row" className={styles.summaryCell}>
        <Link href={href} data-testid="incident-link">
          {incident.summary}
        </Link>
        <span className={styles.sub}>
          {plural(incident.alerts.length, "alert")} · <code>{incident.id.slice(0, 8)}</code>
        </span>
      </th>
      <td className="nowrap">
        <Severity severity={incidentSeverity(incident.alerts)} />
      </td>
      <td data-testid="incident-root-cause">
        {incident.rootCause ? (
          <ModelKeyLink model={incident.rootCause} />
        ) : (
          <span className="muted">unknown</span>
        )}
      </td>
      <td data-testid="incident-affected-count">
        <span className={styles.number}>{incident.affected.length}</span>
        {incident.affected.length > 0 ? (
          <span className={styles.sub} title={incident.affected.map((m) => m.key).join(", ")}>
            {shortList(incident.affected.map((m) => m.key), 3)}
          </span>
        ) : null}
      </td>
      <td className="nowrap">
        <Time iso={incident.openedAt} nowMs={now} short />
      </td>
      <td className="nowrap">
        <Time iso={incident.updatedAt} nowMs={now} short />
      </td>
      <td className="nowrap">
        <Time iso={incident.resolvedAt} nowMs={now} short />
      </td>
      <td className="nowrap">
        {formatSpan(incident.openedAt, end)}
        {incident.resolvedAt ? null : <span className={styles.sub}>ongoing</span>}
      </td>
    </tr>
  );
}

function shortList(items: string[], max: number): string {
  return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} +${items.length - max}`;
}

function EmptyState({
  status,
  unresolved,
  every,
  systemId,
}: {
  status: IncidentStatus | null;
  unresolved: number;
  every: IncidentListData["every"];
  systemId: string;
}) {
  if (unresolved === 0 && status !== "RESOLVED") {
    const lastResolved = lastResolvedAt(every);
    return (
      <section className={`card state ${styles.healthy}`} data-testid="incidents-empty">
        <h2>
          <span aria-hidden="true">✓ </span>
          {status === null ? "No incidents" : `No ${incidentStatusLabel(status).toLowerCase()} incidents`} — every model
          healthy since {lastResolved ? <Time iso={lastResolved} /> : "monitoring began"}
        </h2>
        <p>
          Tandem opens an incident when a model of this system turns degraded or failing, groups the alerts of one
          cascade under its root cause, and resolves it after healthy windows. Nothing needs attention right now.
          {every.length > 0 ? (
            <>
              {" "}
              <Link href={`/systems/${systemId}/incidents?status=RESOLVED`}>See the {plural(every.length, "past incident")}</Link>.
            </>
          ) : null}
        </p>
      </section>
    );
  }
  if (status === "RESOLVED") {
    return (
      <section className="card state" data-testid="incidents-empty">
        <h2>No resolved incidents yet</h2>
        <p>Incidents appear here once they are resolved, by hand or by themselves after healthy windows.</p>
      </section>
    );
  }
  return (
    <section className="card state" data-testid="incidents-empty">
      <h2>No {incidentStatusLabel(status ?? "OPEN").toLowerCase()} incidents</h2>
      <p>
        {plural(unresolved, "incident")} still {unresolved === 1 ? "needs" : "need"} attention:{" "}
        <Link href={`/systems/${systemId}/incidents`}>see all incidents</Link>.
      </p>
    </section>
  );
}

function lastResolvedAt(every: IncidentListData["every"]): string | undefined {
  return every
    .map((i) => i.resolvedAt)
    .filter((t): t is string => Boolean(t))
    .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
}

/** Above a list of resolved incidents: nothing is going on now. */
function AllClear({ every }: { every: IncidentListData["every"] }) {
  const since = lastResolvedAt(every);
  return (
    <p className={styles.allClear} role="status" data-testid="incidents-all-clear">
      <span aria-hidden="true">✓</span> No open incidents — every model healthy since {since ? <Time iso={since} /> : "monitoring began"}.
    </p>
  );
}
