import type { Metadata } from "next";
import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { connection } from "next/server";
import { DriftSection } from "@/components/model/drift-section";
import { FairnessSection } from "@/components/model/fairness-section";
import { formatWindow } from "@/components/model/format";
import { AlertsSection, AnomaliesSection, BlastRadiusSection } from "@/components/model/health-sections";
import { ModelHeader } from "@/components/model/model-header";
import { PerformanceSection } from "@/components/model/performance-section";
import { PredictionLookup } from "@/components/prediction/prediction-lookup";
import { WeakSlicesSection } from "@/components/model/weak-slices-section";
import { VersionsSection } from "@/components/remediation/versions-section";
import { ApiErrorState } from "@/components/api-error-state";
import { WindowPicker } from "@/components/model/window-picker";
import styles from "@/components/model/model.module.css";
import ModelNotFound from "./not-found";
import { formatDuration } from "@/lib/format";
import { isMetricName } from "@/lib/metric-name";
import { loadModelPage } from "@/lib/model-page";
import { fetchModel } from "@/lib/model-queries";
import { firstParam, type SearchParams } from "@/lib/search-params";

type Params = { modelId: string };

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { modelId } = await params;
  try {
    const { model } = await fetchModel(modelId);
    return { title: model ? `${model.name} (${model.system.name})` : "Model not found" };
  } catch {
    return { title: "Model" };
  }
}

export default async function ModelPage({ params, searchParams }: { params: Promise<Params>; searchParams: SearchParams }) {
  // Always render at request time: the page shows the model's current state.
  await connection();
  const { modelId } = await params;
  const search = await searchParams;
  const atParam = first(search.at);
  const metricParam = first(search.metric);

  try {
    return await renderModel(modelId, atParam, metricParam && isMetricName(metricParam) ? metricParam : null);
  } catch (error) {
    unstable_rethrow(error);
    console.error(`[tandem-web] failed to load model ${modelId}:`, error);
    return <ErrorState error={error} />;
  }
}

async function renderModel(modelId: string, atParam: string | null, metricParam: string | null) {
  const { model, blastRadius } = await fetchModel(modelId);
  // Rendered in place rather than with notFound(): the page streams behind loading.tsx, and a
  // notFound() thrown after the shell left the Suspense fallback on screen in the dev server.
  if (!model) return <ModelNotFound />;
  const page = await loadModelPage(model, atParam, metricParam);
  const { selected, windows, window: data } = page;
  const status = data.health.status;
  const windowsWithData = windows.filter((w) => w.status !== "UNKNOWN").length;

  return (
    <div className={`page ${styles.page}`} data-testid="model-page" data-model-id={model.id} data-model-key={model.key}>
      <ModelHeader model={model} status={status} windowLabel={formatWindow(selected.from, selected.to)} viewingPast={page.viewingPast} />

      {page.invalidAt ? (
        <p className={`notice-warning ${styles.notice}`} role="status">
          <code>at={atParam}</code> is not a date: showing the latest window with data instead.
        </p>
      ) : null}

      <WindowPicker modelId={model.id} windows={windows} selectedEnd={selected.to} latestWithData={page.latestWithData} metric={metricParam} />

      {windowsWithData === 0 && status === "UNKNOWN" ? (
        <section className={`card ${styles.noData}`} data-testid="model-no-data">
          <h2>No predictions yet</h2>
          <p>
            None of the last {windows.length} windows of <code>{model.key}</code> has predictions, so there is nothing to measure. Send
            predictions with <code>ingestPredictions</code> (or the bulk endpoint <code>POST /v1/models/{model.id}/predictions</code>) and
            this page fills in at the next window.
          </p>
        </section>
      ) : null}

      <DriftSection report={data.drift} error={data.driftError} windowLabel={formatWindow(selected.from, selected.to)} />

      <PerformanceSection
        modelId={model.id}
        metric={page.metric}
        metricsWithData={page.withData}
        metricsTried={page.candidates}
        points={page.points}
        range={page.range}
        selected={selected}
        threshold={page.threshold}
        forecast={page.forecast}
        forecastError={page.forecastError}
        horizonLabel={formatDuration(page.horizonSeconds)}
        windowMs={page.windowMs}
        at={atParam && !page.invalidAt ? selected.to : null}
        task={model.task}
      />

      <VersionsSection modelId={model.id} />

      <WeakSlicesSection modelId={model.id} at={selected.to} />

      <FairnessSection modelId={model.id} at={selected.to} task={model.task} />

      <div className={styles.twoCols}>
        <AnomaliesSection health={data.health} modelId={model.id} />
        <BlastRadiusSection impacted={blastRadius} modelKey={model.key} />
      </div>

      <PredictionLookup modelId={model.id} />

      <AlertsSection alerts={page.alerts} systemId={model.system.id} />
    </div>
  );
}

function ErrorState({ error }: { error: unknown }) {
  return (
    <div className="page">
      <nav className={styles.breadcrumb} aria-label="Breadcrumb">
        <ol>
          <li>
            <Link href="/">Systems</Link>
          </li>
          <li aria-current="page">Model</li>
        </ol>
      </nav>
      <ApiErrorState title="Could not load this model" error={error} testId="model-error" />
    </div>
  );
}

function first(value: string | string[] | undefined): string | null {
  const v = firstParam(value);
  return v && v.trim() ? v.trim() : null;
}
