// The change history of one system's registry, newest first: what changed, when, from which window
// it applies and which API key made it. Paged back with `?before=<change id>` (registryChanges' own
// paging); the page after the last one says so.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PageErrorState, isNotFound } from "@/components/api-error-state";
import styles from "@/components/registry/registry.module.css";
import { formatInstant } from "@/components/system-map/format";
import { SystemNav } from "@/components/system-nav";
import { fetchChanges, fetchKeyLabels, type ChangesPage, type RegistryChange } from "@/lib/registry-queries";
import { firstParam, type SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Change history" };

export default async function ChangesPageView({ params, searchParams }: { params: Promise<{ systemId: string }>; searchParams: SearchParams }) {
  await connection();
  const { systemId } = await params;
  const rawBefore = firstParam((await searchParams).before);
  const before = rawBefore && /^[0-9]{1,18}$/.test(rawBefore) ? rawBefore : null;
  let page: ChangesPage | null;
  let labels: Map<string, string>;
  try {
    [page, labels] = await Promise.all([fetchChanges(systemId, before), fetchKeyLabels()]);
  } catch (error) {
    if (isNotFound(error)) notFound();
    console.error("[tandem-web] failed to load the change history:", error);
    return <PageErrorState heading="Change history" title="Could not load this system's change history" error={error} testId="changes-error" />;
  }
  if (!page) notFound();
  const { system, changes, olderBefore } = page;
  const keys = new Map(system.models.map((m) => [m.id, m.key]));
  const base = `/systems/${system.id}/changes`;

  return (
    <div className="page" data-testid="changes-page">
      <SystemNav systemId={system.id} systemName={system.name} current="changes" />
      <div className="page-header">
        <h1>Change history</h1>
        <p className="page-header__meta">
          Every change to the models and dependencies of {system.name}, newest first.{" "}
          <Link href={`/systems/${system.id}/registry`}>Edit the registry</Link>
        </p>
      </div>
      <section className="card">
        {rawBefore && !before ? (
          <p className="muted" role="alert">
            <code>before={rawBefore}</code> is not a change id: showing the newest changes.
          </p>
        ) : null}
        {changes.length === 0 ? (
          <p className="muted" data-testid="changes-empty">
            {before ? "No older change." : "No change recorded yet."}
          </p>
        ) : (
          <div className="table-scroll">
            <table className={`data-table ${styles.history}`} data-testid="changes-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Change</th>
                  <th scope="col">Model</th>
                  <th scope="col">Applies from the window</th>
                  <th scope="col">API key</th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <ChangeRow key={c.id} change={c} modelKey={c.modelId ? (keys.get(c.modelId) ?? null) : null} actor={labels.get(c.actorKeyId) ?? null} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav className={styles.pager} aria-label="Pages of the history">
          {before ? (
            <Link href={base} data-testid="changes-newest">
              ← Newest
            </Link>
          ) : null}
          {olderBefore ? (
            <Link href={`${base}?before=${olderBefore}`} data-testid="changes-older">
              Older changes →
            </Link>
          ) : null}
        </nav>
      </section>
    </div>
  );
}

function ChangeRow({ change, modelKey, actor }: { change: RegistryChange; modelKey: string | null; actor: string | null }) {
  return (
    <tr data-testid="change" data-id={change.id} data-kind={change.kind}>
      <td className="nowrap">
        <time dateTime={change.at}>{formatInstant(change.at)}</time>
      </td>
      <th scope="row">
        <span data-testid="change-summary">{change.summary}</span>
        <br />
        <span className={`muted ${styles.kind}`}>{change.kind}</span>
      </th>
      <td>{modelKey ? <code>{modelKey}</code> : <span className="muted">—</span>}</td>
      <td className="nowrap" data-testid="change-effective">
        {change.effectiveFrom ? <time dateTime={change.effectiveFrom}>{formatInstant(change.effectiveFrom)}</time> : <span className="muted">from the beginning</span>}
      </td>
      <td>
        {actor ? <span data-testid="change-actor-label">{actor}</span> : null}
        {actor ? <br /> : null}
        <code className="muted" data-testid="change-actor">{change.actorKeyId}</code>
      </td>
    </tr>
  );
}
