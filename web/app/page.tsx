import type { Metadata } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { apiUrl, GraphQLRequestError } from "@/lib/graphql";
import { featureLabel, formatDuration, plural, taskLabel } from "@/lib/format";
import { fetchSystems } from "@/lib/queries";
import type { Model, ModelRef, System } from "@/lib/types";
import { AutoRetry } from "./auto-retry";

export const metadata: Metadata = {
  title: "Systems · Tandem",
};

/** Seconds before the error state reloads the page by itself. */
const RETRY_AFTER_SECONDS = 15;

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
        <ErrorState error={error} />
      </PageFrame>
    );
  }

  const fetchedAt = new Date();
  const modelCount = systems.reduce((n, s) => n + s.models.length, 0);

  return (
    <PageFrame
      meta={
        systems.length > 0 ? (
          <>
            {plural(systems.length, "system")} · {plural(modelCount, "model")} · as of{" "}
            <time dateTime={fetchedAt.toISOString()}>{formatTime(fetchedAt)}</time>
          </>
        ) : null
      }
    >
      {systems.length === 0 ? (
        <EmptyState />
      ) : (
        systems.map((system) => <SystemSection key={system.id} system={system} />)
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

function SystemSection({ system }: { system: System }) {
  const titleId = `system-${system.id}-title`;
  return (
    <section className="card system" data-testid={`system-${system.id}`} aria-labelledby={titleId}>
      <header className="system__header">
        <h2 id={titleId}>{system.name}</h2>
        {system.description ? (
          <p className="system__description">{system.description}</p>
        ) : (
          <p className="system__description muted">No description.</p>
        )}
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
        </dl>
      </header>

      {system.models.length === 0 ? (
        <p className="muted system__empty">
          This system has no models yet. Add them through the GraphQL API.
        </p>
      ) : (
        <div className="table-scroll">
          <table className="models">
            <caption className="visually-hidden">Models of {system.name}</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Name</th>
                <th scope="col">Task</th>
                <th scope="col">Version</th>
                <th scope="col">Features</th>
                <th scope="col">Fed by</th>
                <th scope="col">Feeds</th>
              </tr>
            </thead>
            <tbody>
              {system.models.map((model) => (
                <ModelRow key={model.id} model={model} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ModelRow({ model }: { model: Model }) {
  return (
    <tr data-testid={`model-${model.key}`}>
      <th scope="row">
        <code>{model.key}</code>
      </th>
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

function ErrorState({ error }: { error: unknown }) {
  const isApiError = error instanceof GraphQLRequestError;
  const message = error instanceof Error ? error.message : String(error);
  const codes = isApiError ? error.codes : [];
  const unauthenticated = codes.some((c) => c === "UNAUTHENTICATED" || c === "FORBIDDEN");

  let hint: ReactNode;
  if (isApiError && error.kind === "network") {
    hint = (
      <>
        Check that the Tandem API is running and reachable at <code>{error.url}</code> (set{" "}
        <code>TANDEM_API_URL</code> to change it).
      </>
    );
  } else if (unauthenticated || (isApiError && (error.status === 401 || error.status === 403))) {
    hint = (
      <>
        Check that <code>TANDEM_API_KEY</code> is set to a valid API key for the dashboard.
      </>
    );
  } else {
    hint = <>The API is reachable but could not answer. Its log should say more.</>;
  }

  return (
    <section className="card state state--error" role="alert" data-testid="systems-error">
      <h2>Could not load systems</h2>
      <p className="state__message">{message}</p>
      {codes.length > 0 ? (
        <p>
          Error {codes.length === 1 ? "code" : "codes"}:{" "}
          {codes.map((c, i) => (
            <span key={c}>
              {i > 0 ? ", " : null}
              <code>{c}</code>
            </span>
          ))}
        </p>
      ) : null}
      <p>{hint}</p>
      <AutoRetry seconds={RETRY_AFTER_SECONDS} />
    </section>
  );
}

function formatTime(date: Date): string {
  // Rendered on the server: state the time zone explicitly.
  return `${date.toISOString().slice(11, 19)} UTC`;
}
