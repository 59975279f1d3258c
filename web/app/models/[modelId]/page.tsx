import type { Metadata } from "next";
import Link from "next/link";
import { unstable_rethrow } from "next/navigation";
import { connection } from "next/server";
import { LiveRefresh } from "@/components/live-refresh";
import { StatusBadge } from "@/components/status-badge";
import { DriftSection } from "@/components/model/drift-section";
import { formatWindow } from "@/components/model/format";
import { AlertsSection, AnomaliesSection, BlastRadiusSection } from "@/components/model/health-sections";
import { PerformanceSection, type ThresholdChoice } from "@/components/model/performance-section";
import { ApiErrorState } from "@/components/api-error-state";
import { WindowPicker } from "@/components/model/window-picker";
import styles from "@/components/model/model.module.css";
import ModelNotFound from "./not-found";
import { formatDuration, taskLabel } from "@/lib/format";
import { BASELINE_POINTS, DEFAULT_THRESHOLD_MARGIN, FORECAST_WINDOWS, TASK_METRICS, TIMELINE_WINDOWS, lowerIsBetter } from "@/lib/model-metrics";
import { alertRulesFromAlerts, fetchModel, fetchTimeline, type ModelLink } from "@/lib/model-queries";
import { fetchForecast, fetchWindow, type Forecast, type PerformancePoint } from "@/lib/model-window-queries";

type Params = { modelId: string };
type Search = Record<string, string | string[] | undefined>;

const METRIC_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$/;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const { modelId } = await params;
  try {
    const { model } = await fetchModel(modelId);
    return { title: model ? `${model.name} (${model.system.name})` : "Model not found" };
  } catch {
    return { title: "Model" };
  }
}

export default async function ModelPage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<Search> }) {
  // Always render at request time: the page shows the model's current state.
  await connection();
  const { modelId } = await params;
  const search = await searchParams;
  const atParam = first(search.at);
  const metricParam = first(search.metric);

  try {
    return await renderModel(modelId, atParam, metricParam && METRIC_NAME.test(metricParam) ? metricParam : null);
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

  const windowMs = model.system.windowSeconds * 1000;
  const nowEnd = Date.parse(model.health.windowEnd);
  const atMs = atParam ? Date.parse(atParam) : NaN;
  const invalidAt = atParam != null && !Number.isFinite(atMs);
  // The window containing the instant just before `at` (windows are aligned on multiples of their size).
  const requestedEnd = Number.isFinite(atMs) ? Math.min(nowEnd, Math.ceil(atMs / windowMs) * windowMs) : null;
  const timelineEnd =
    requestedEnd != null && requestedEnd <= nowEnd - (TIMELINE_WINDOWS - 1) * windowMs ? requestedEnd + 8 * windowMs : nowEnd;

  const { windows, alerts } = await fetchTimeline(model, new Date(Math.min(nowEnd, timelineEnd)));
  const latestWithData = [...windows].reverse().find((w) => w.status !== "UNKNOWN")?.windowEnd ?? null;
  const selectedEnd = requestedEnd != null ? new Date(requestedEnd).toISOString() : (latestWithData ?? model.health.windowEnd);
  const selected = { from: new Date(Date.parse(selectedEnd) - windowMs).toISOString(), to: new Date(Date.parse(selectedEnd)).toISOString() };
  const range = {
    from: windows[0]?.windowStart ?? new Date(Date.parse(selectedEnd) - TIMELINE_WINDOWS * windowMs).toISOString(),
    to: windows[windows.length - 1]?.windowEnd ?? selectedEnd,
  };

  // Candidate metrics: the one asked for, those of the model's alert rules, then the task's.
  const rules = alertRulesFromAlerts(alerts);
  const candidates = unique([...(metricParam ? [metricParam] : []), ...rules.map((r) => r.metric), ...TASK_METRICS[model.task]]).slice(0, 8);
  const data = await fetchWindow(model.id, selected, candidates, range);
  const withData = candidates.filter((m) => (data.performance[m]?.length ?? 0) > 0);
  const metric = metricParam ?? withData[0] ?? rules[0]?.metric ?? TASK_METRICS[model.task][0];
  const points = data.performance[metric] ?? [];

  const threshold = chooseThreshold(metric, rules, points);
  const horizonSeconds = FORECAST_WINDOWS * model.system.windowSeconds;
  let forecast: Forecast | null = null;
  let forecastError: string | null = null;
  if (threshold && points.length > 0) {
    try {
      forecast = await fetchForecast(model.id, metric, threshold.value, horizonSeconds);
    } catch (error) {
      forecastError = error instanceof Error ? error.message : String(error);
    }
  }

  const viewingPast = requestedEnd != null && selectedEnd !== latestWithData && requestedEnd < nowEnd;
  const status = data.health.status;
  const windowsWithData = windows.filter((w) => w.status !== "UNKNOWN").length;

  return (
    <div className={`page ${styles.page}`} data-testid="model-page" data-model-id={model.id} data-model-key={model.key}>
      <nav className={styles.breadcrumb} aria-label="Breadcrumb" data-testid="breadcrumb">
        <ol>
          <li>
            <Link href="/">Systems</Link>
          </li>
          <li>
            <Link href={`/systems/${model.system.id}`} data-testid="breadcrumb-system">
              {model.system.name}
            </Link>
          </li>
          <li aria-current="page">{model.key}</li>
        </ol>
      </nav>

      <header className={`card ${styles.header}`} data-testid="model-header">
        <div className={styles.headerTop}>
          <div>
            <h1 className={styles.title}>
              {model.name}
              {model.name !== model.key ? <code className={styles.key}>{model.key}</code> : null}
            </h1>
            <p className={styles.headerMeta}>
              {taskLabel(model.task)} · version <code>{model.version ?? "—"}</code> · system{" "}
              <Link href={`/systems/${model.system.id}`} data-testid="system-link">
                {model.system.name}
              </Link>{" "}
              · {formatDuration(model.system.windowSeconds)} windows
            </p>
          </div>
          <div className={styles.headerStatus}>
            <StatusBadge status={status} testId="model-status" />
            <span className={styles.headerWindow}>{formatWindow(selected.from, selected.to)}</span>
            <LiveRefresh systemId={model.system.id} paused={viewingPast} />
          </div>
        </div>
        <dl className={styles.links}>
          <div>
            <dt>Fed by</dt>
            <dd data-testid="upstream">
              <ModelLinks models={model.upstream} none="no upstream model (a source)" />
            </dd>
          </div>
          <div>
            <dt>Feeds</dt>
            <dd data-testid="downstream">
              <ModelLinks models={model.downstream} none="no downstream model (a sink)" />
            </dd>
          </div>
          <div>
            <dt>Features</dt>
            <dd>
              {model.features.length === 0 ? (
                <span className="muted">none declared</span>
              ) : (
                model.features.map((f, i) => (
                  <span key={f.name}>
                    {i > 0 ? ", " : null}
                    <code>{f.name}</code>
                  </span>
                ))
              )}
            </dd>
          </div>
        </dl>
      </header>

      {invalidAt ? (
        <p className={styles.notice} role="status">
          <code>at={atParam}</code> is not a date: showing the latest window with data instead.
        </p>
      ) : null}

      <WindowPicker
        modelId={model.id}
        windows={windows}
        selectedEnd={selected.to}
        latestWithData={latestWithData}
        metric={metricParam}
      />

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
        metric={metric}
        metricsWithData={withData}
        metricsTried={candidates}
        points={points}
        range={range}
        selected={selected}
        threshold={threshold}
        forecast={forecast}
        forecastError={forecastError}
        horizonLabel={formatDuration(horizonSeconds)}
        windowMs={windowMs}
        at={atParam && !invalidAt ? selected.to : null}
        task={model.task}
      />

      <div className={styles.twoCols}>
        <AnomaliesSection health={data.health} />
        <BlastRadiusSection impacted={blastRadius} modelKey={model.key} />
      </div>

      <AlertsSection alerts={alerts} systemId={model.system.id} />
    </div>
  );
}

function chooseThreshold(metric: string, rules: ReturnType<typeof alertRulesFromAlerts>, points: PerformancePoint[]): ThresholdChoice | null {
  const lower = lowerIsBetter(metric);
  const rule = rules.find((r) => r.metric === metric);
  if (rule) return { value: rule.threshold, source: "rule", rule, lowerIsBetter: rule.operator.startsWith(">") };
  if (points.length === 0) return null;
  const realized = points.filter((p) => !p.estimated);
  const base = (realized.length > 0 ? realized : points).slice(0, BASELINE_POINTS);
  const baseline = base.reduce((s, p) => s + p.value, 0) / base.length;
  if (!Number.isFinite(baseline)) return null;
  const margin = Math.abs(baseline) * DEFAULT_THRESHOLD_MARGIN || DEFAULT_THRESHOLD_MARGIN;
  return { value: lower ? baseline + margin : baseline - margin, source: "default", baseline, lowerIsBetter: lower };
}

function ModelLinks({ models, none }: { models: ModelLink[]; none: string }) {
  if (models.length === 0) return <span className="muted">{none}</span>;
  return (
    <ul className={styles.inlineList}>
      {models.map((m) => (
        <li key={m.id}>
          <Link href={`/models/${m.id}`}>
            <code>{m.key}</code>
          </Link>
        </li>
      ))}
    </ul>
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
  const v = Array.isArray(value) ? value[0] : value;
  return v && v.trim() ? v.trim() : null;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
