import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { apiUrl } from "@/lib/graphql";
import { featureLabel, formatDuration, plural, taskLabel } from "@/lib/format";
import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { LiveRefresh } from "@/components/live-refresh";
import { fetchSystemOverview, fetchSystems, type Model, type ModelRef, type System, type SystemOverview } from "@/lib/queries";
import { statusRank } from "@/lib/status";
import { ApiErrorState } from "@/components/api-error-state";
import { DataTable, ModelCell } from "@/components/data-table";

export const metadata: Metadata = {
  title: "Systems · Tandem",
};

/** Seconds before the error state reloads the page by itself. */

export default async function SystemsPage() {
  // Always render at request time: the page must show the current state.
  await connection();

  let systems: System[];
  try {
    systems = await fetchSystems();
  } catch (error) {
    console.error("[tandem-web] failed to load systems:", error);
    return (
      <PageFrame>
        <ApiErrorState title="Could not load systems" error={error} testId="systems-error" />
      </PageFrame>
    );
  }

  // Each system's last closed window and open incidents; one failing system does not hide the rest.
  const overviews = await Promise.all(
    systems.map((s) => fetchSystemOverview(s).catch((error: unknown) => error as Error)),
  );
  const fetchedAt = new Date();
  const modelCount = systems.reduce((n, s) => n + s.models.length, 0);

  return (
    <PageFrame
      meta={
        systems.length > 0 ? (
          <>
            {plural(systems.length, "system")} · {plural(modelCount, "model")} · as of{" "}
            <time dateTime={fetchedAt.toISOString()}>{formatTime(fetchedAt)}</time>{" "}
            <LiveRefresh />
          </>
        ) : null
      }
    >
      {systems.length === 0 ? (
        <EmptyState />
      ) : (
        systems.map((system, i) => <SystemSection key={system.id} system={system} overview={overviews[i]!} />)
      )}
    </PageFrame>
  );
}

function PageFrame({ meta, children }: { meta?: ReactNode; children: ReactNode }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Systems</h1>
        {meta ? <p className="page-header__meta">{meta}</p> : null}
      </div>
      {children}
    </div>
  );
}

function SystemSection({ system, overview }: { system: System; overview: SystemOverview | Error }) {
  const titleId = `system-${system.id}-title`;
  const health = overview instanceof Error ? null : overview.health;
  const statusOf = new Map(health?.models.map((m) => [m.model.id, m]) ?? []);
  const models = [...system.models].sort(
    (a, b) => statusRank(statusOf.get(a.id)?.status) - statusRank(statusOf.get(b.id)?.status) || a.key.localeCompare(b.key),
  );
  return (
    <section className="card system" data-testid={`system-${system.id}`} aria-labelledby={titleId}>
      <header className="system__header">
        <div className="system__title">
          <h2 id={titleId}>
            <Link href={`/systems/${system.id}`} data-testid={`open-system-${system.id}`}>{system.name}</Link>
          </h2>
          {health ? <StatusBadge status={health.status} testId={`system-status-${system.id}`} /> : null}
          <Link className="system__map-link" href={`/systems/${system.id}`}>System map →</Link>
        </div>
        {system.description ? (
          <p className="system__description">{system.description}</p>
        ) : (
          <p className="system__description muted">No description.</p>
        )}
        <SystemFacts system={system} overview={overview} />
        {overview instanceof Error ? (
          <p className="state__message" role="alert">Health unavailable: {overview.message}</p>
        ) : (
          <SystemVerdict system={system} overview={overview} />
        )}
      </header>

      {system.models.length === 0 ? (
        <p className="muted system__empty">
          This system has no models yet. Add them through the GraphQL API.
        </p>
      ) : (
        <DataTable
          className="models"
          caption={<>Models of {system.name}</>}
          columns={[
            { label: "Key" },
            { label: "Status" },
            { label: "Name" },
            { label: "Task" },
            { label: "Version" },
            { label: "Features" },
            { label: "Fed by" },
            { label: "Feeds" },
          ]}
        >
          {models.map((model) => (
            <ModelRow key={model.id} model={model} health={statusOf.get(model.id)} />
          ))}
        </DataTable>
      )}
    </section>
  );
}

function SystemFacts({ system, overview }: { system: System; overview: SystemOverview | Error }) {
  const health = overview instanceof Error ? null : overview.health;
  return (
    <dl className="facts">
      <div>
        <dt>Window</dt>
        <dd>{formatDuration(system.windowSeconds)}</dd>
      </div>
      <div>
        <dt>Models</dt>
        <dd>{system.models.length}</dd>
      </div>
      <div>
        <dt>Dependencies</dt>
        <dd>{system.dependencies.length}</dd>
      </div>
      {health ? (
        <div>
          <dt>Score</dt>
          {/* No model with data in the window: no score to show (1.00 would read as "all healthy"). */}
          <dd data-testid={`system-score-${system.id}`} title={health.status === "UNKNOWN" ? "no data in this window" : "1 − the largest anomaly score of its models (1 = all healthy)"}>
            {health.status === "UNKNOWN" ? "—" : health.score.toFixed(2)}
          </dd>
        </div>
      ) : null}
      {overview instanceof Error ? null : (
        <div>
          <dt>Open incidents</dt>
          <dd data-testid={`system-open-incidents-${system.id}`}>
            <Link href={`/systems/${system.id}/incidents?status=OPEN`}>{overview.open.length}</Link>
            {overview.acknowledgedCount > 0 ? <span className="muted"> (+{overview.acknowledgedCount} acknowledged)</span> : null}
          </dd>
        </div>
      )}
    </dl>
  );
}

function SystemVerdict({ system, overview }: { system: System; overview: SystemOverview }) {
  const { health, open } = overview;
  const window = `${formatTime(new Date(health.windowStart))}–${formatTime(new Date(health.windowEnd))}`;
  const incident = open[0];
  return (
    <div className="system__verdict" data-testid={`system-verdict-${system.id}`}>
      <p className="muted">
        Last closed window {window}
        {health.stored ? "" : " (not evaluated yet: computed live)"}.
      </p>
      {incident ? (
        <p>
          <strong>Open incident:</strong> {incident.summary}{" "}
          <Link href={`/systems/${system.id}/incidents/${incident.id}`}>Details →</Link>
        </p>
      ) : health.status === "HEALTHY" ? (
        <p>Every model is healthy.</p>
      ) : null}
    </div>
  );
}

function ModelRow({ model, health }: { model: Model; health?: SystemOverview["health"]["models"][number] }) {
  return (
    <tr data-testid={`model-${model.key}`}>
      <ModelCell model={model} />
      <td className="nowrap">
        <StatusBadge status={health?.status} />
        {health && health.anomalyScore > 0 ? <span className="muted"> {health.anomalyScore.toFixed(2)}</span> : null}
      </td>
      <td>{model.name}</td>
      <td className="nowrap">{taskLabel(model.task)}</td>
      <td>
        <code>{model.version}</code>
      </td>
      <td>
        {model.features.length > 0 ? (
          <ul className="tags">
            {model.features.map((f) => (
              <li key={f.name}>{featureLabel(f)}</li>
            ))}
          </ul>
        ) : (
          <None />
        )}
      </td>
      <td>
        <ModelKeys models={model.upstream} />
      </td>
      <td>
        <ModelKeys models={model.downstream} />
      </td>
    </tr>
  );
}

function ModelKeys({ models }: { models: ModelRef[] }) {
  if (models.length === 0) return <None />;
  return (
    <ul className="keys">
      {models.map((m) => (
        <li key={m.id}>
          <code>{m.key}</code>
        </li>
      ))}
    </ul>
  );
}

function None() {
  return (
    <span className="muted" title="none">
      —<span className="visually-hidden">none</span>
    </span>
  );
}

function EmptyState() {
  const url = apiUrl();
  const curl = [
    `curl -X POST ${url} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "Authorization: Bearer $TANDEM_API_KEY" \\`,
    `  -d '{"query": "mutation { createSystem(name: \\"shop\\") { id } }"}'`,
  ].join("\n");

  return (
    <section className="card state" data-testid="systems-empty">
      <h2>No systems yet</h2>
      <p>
        A <em>system</em> is a group of ML models that feed each other. Tandem monitors the health
        of each system as a whole. Create your first one with the GraphQL API:
      </p>
      <pre className="code-block">
        <code>{curl}</code>
      </pre>
      <p>
        Then add its models and their dependencies with the API, and reload this page to see them
        here.
      </p>
    </section>
  );
}

function formatTime(date: Date): string {
  // Rendered on the server: state the time zone explicitly.
  return `${date.toISOString().slice(11, 19)} UTC`;
}
