// The registry of one system: its models (edit name, description, version, features; retire) and its
// dependencies (add, change weight or feature, remove), for a dashboard key with the ADMIN scope.
// Changes apply from the first window not judged yet; the history lists them (…/changes).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { PageErrorState, isNotFound } from "@/components/api-error-state";
import { AddDependencyForm, DependencyRow } from "@/components/registry/dependency-editor";
import { ModelEditor } from "@/components/registry/model-editor";
import styles from "@/components/registry/registry.module.css";
import { formatInstant } from "@/components/system-map/format";
import { SystemNav } from "@/components/system-nav";
import { plural } from "@/lib/format";
import { fetchRegistrySystem, probeAdmin, type RegistryModel, type RegistrySystem } from "@/lib/registry-queries";
import { addDependencyAction, removeDependencyAction, retireModelAction, updateDependencyAction, updateModelAction } from "./actions";

export const metadata: Metadata = { title: "Registry" };

export default async function RegistryPage({ params }: { params: Promise<{ systemId: string }> }) {
  await connection();
  const { systemId } = await params;
  let system: RegistrySystem | null;
  let admin: Awaited<ReturnType<typeof probeAdmin>>;
  try {
    [system, admin] = await Promise.all([fetchRegistrySystem(systemId), probeAdmin()]);
  } catch (error) {
    if (isNotFound(error)) notFound();
    console.error("[tandem-web] failed to load the registry:", error);
    return <PageErrorState heading="Registry" title="Could not load this system's registry" error={error} testId="registry-error" />;
  }
  if (!system) notFound();
  const editable = admin !== "not-admin";
  const inService = system.models.filter((m) => m.retiredAt === null);
  const retired = system.models.filter((m) => m.retiredAt !== null);

  return (
    <div className="page" data-testid="registry-page" data-admin={admin}>
      <SystemNav systemId={system.id} systemName={system.name} current="registry" />
      <div className="page-header">
        <h1>Registry</h1>
        <p className="page-header__meta">
          {plural(inService.length, "model")} in service · {plural(system.dependencies.length, "dependency", "dependencies")} ·{" "}
          <Link href={`/systems/${system.id}/changes`} data-testid="registry-changes-link">
            change history
          </Link>
        </p>
      </div>
      <p className={styles.notice} data-testid="registry-notice">
        {admin === "not-admin"
          ? "The dashboard's API key does not have the ADMIN scope: the registry is read-only here. Give the dashboard an ADMIN key (TANDEM_WEB_KEY) to edit it."
          : "Changes apply from the first window not judged yet: windows already evaluated keep the wiring they had (move the map's time slider back to see it)."}
        {admin === "unknown" ? " Whether the dashboard's key may change the registry could not be checked: the API will say so if it refuses." : ""}
      </p>

      <section className={`card ${styles.section}`} aria-labelledby="models-title">
        <h2 id="models-title">Models</h2>
        {inService.length === 0 ? <p className="muted">No model in service.</p> : null}
        <ul className={styles.models}>
          {inService.map((m) => (
            <li key={m.id} className={styles.model} data-testid={`model-${m.key}`}>
              <ModelSummary model={m} />
              {editable ? <ModelEditor systemId={system.id} model={m} update={updateModelAction} retire={retireModelAction} /> : null}
            </li>
          ))}
        </ul>
      </section>

      <DependenciesSection system={system} inService={inService} editable={editable} />

      {retired.length > 0 ? (
        <section className={`card ${styles.section}`} aria-labelledby="retired-title" data-testid="retired-models">
          <h2 id="retired-title">Retired models</h2>
          <ul className={styles.models}>
            {retired.map((m) => (
              <li key={m.id} className={`${styles.model} ${styles.retired}`} data-testid={`retired-${m.key}`}>
                <ModelSummary model={m} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** The current wiring: one row per edge (editable for an ADMIN key) and the form adding one. */
function DependenciesSection({ system, inService, editable }: { system: RegistrySystem; inService: RegistryModel[]; editable: boolean }) {
  return (
  <section className={`card ${styles.section}`} aria-labelledby="deps-title">
    <h2 id="deps-title">Dependencies</h2>
    <p className="muted">The current wiring: an edge&apos;s weight in (0, 1] is how strongly trouble propagates along it.</p>
    <ul className={styles.dependencies} data-testid="dependencies">
      {system.dependencies.map((d) =>
        editable ? (
          <DependencyRow key={`${d.from.id}-${d.to.id}`} systemId={system.id} dependency={d} update={updateDependencyAction} remove={removeDependencyAction} />
        ) : (
          <li key={d.id} className={styles.dependency} data-testid={`dep-${d.from.key}-${d.to.key}`} data-weight={d.weight}>
            <code>{d.from.key}</code> → <code>{d.to.key}</code> · weight {d.weight}
            {d.feature ? ` · feature ${d.feature}` : ""}
          </li>
        ),
      )}
    </ul>
    {system.dependencies.length === 0 ? <p className="muted">No dependency.</p> : null}
    {editable && inService.length >= 2 ? (
      <>
        <h3>Add a dependency</h3>
        <AddDependencyForm systemId={system.id} models={inService} add={addDependencyAction} />
      </>
    ) : null}
  </section>
  );
}

function ModelSummary({ model }: { model: RegistryModel }) {
  return (
    <>
      <div className={styles.modelHead}>
        <h3>
          <Link href={`/models/${model.id}`}>{model.name}</Link> <code className="muted">{model.key}</code>
        </h3>
        <span className="muted">
          {model.task.toLowerCase().replaceAll("_", " ")}
          {model.version ? ` · version ${model.version}` : ""}
          {model.retiredAt ? ` · retired ${formatInstant(new Date(model.retiredAt))}` : ""}
          {model.retiredFrom ? ` (from the window starting ${formatInstant(new Date(model.retiredFrom))})` : ""}
        </span>
      </div>
      {model.description ? <p data-testid={`model-${model.key}-description-text`}>{model.description}</p> : null}
      <ul className={styles.features} aria-label="Features" data-testid={`model-${model.key}-features`}>
        {model.features.map((f) => (
          <li key={f.name} data-deprecated={f.deprecated ? "true" : "false"} data-testid={`feature-${model.key}-${f.name}`} title={f.deprecated ? "deprecated" : f.kind.toLowerCase()}>
            {f.name}
            {f.deprecated ? " (deprecated)" : ""}
          </li>
        ))}
      </ul>
    </>
  );
}
