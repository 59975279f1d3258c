import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { ApiErrorState, isNotFound } from "@/components/api-error-state";
import { SystemNotFoundState } from "@/components/incidents/not-found-state";
import { LiveRefresh } from "@/components/live-refresh";
import { CandidateTable, Reason } from "@/components/retraining/candidate-table";
import styles from "@/components/retraining/retraining.module.css";
import { SystemNav } from "@/components/system-nav";
import { plural, taskLabel } from "@/lib/format";
import {
  PAGE_SIZE,
  STRATEGIES,
  defaultModel,
  fetchRetrainingQueue,
  fetchRetrainingSystem,
  parseStrategy,
  type PriorityStrategy,
  type RetrainingModel,
  type RetrainingQueue,
  type RetrainingSystem,
} from "@/lib/retraining-queries";

export const metadata: Metadata = { title: "Retraining queue" };

type Params = Promise<{ systemId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What each strategy needs before it can rank anything (shown when it ranks nothing). */
const NEEDS: Record<PriorityStrategy, string> = {
  COMBINED: "This model has no recent predictions to rank.",
  DISAGREEMENT: "Disagreement needs feedback or labels on recent predictions that contradict confident ones. Send them with ingestFeedback or ingestLabels.",
  UNCERTAINTY: "Uncertainty ranks predictions near the decision boundary: it needs classification scores or class probabilities.",
  LABEL_ERROR: "Label errors need labels that a confident, well-calibrated model contradicts. None of the recent labels qualifies.",
  DRIFT: "Drift ranks samples in the regions of the inputs that drifted: this model's inputs did not drift recently.",
  BLAME: "Blame ranks samples of models that are root causes of open incidents: this model is not one right now.",
};

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function RetrainingPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection();
  const { systemId } = await params;
  const query = await searchParams;
  const rawStrategy = first(query.strategy);
  const strategy = parseStrategy(rawStrategy) ?? "COMBINED";
  const askedModel = first(query.model);
  const self = `/systems/${systemId}/retraining${askedModel ? `?model=${encodeURIComponent(askedModel)}&strategy=${strategy}` : `?strategy=${strategy}`}`;

  let system: RetrainingSystem | null;
  let model: RetrainingModel | null = null;
  let queue: RetrainingQueue | null = null;
  let unknownModel = false;
  try {
    system = await fetchRetrainingSystem(systemId);
    if (system) {
      if (askedModel) {
        model = system.models.find((m) => m.id === askedModel) ?? system.models.find((m) => m.key === askedModel) ?? null;
        unknownModel = model === null;
      }
      model ??= await defaultModel(system.models);
      if (model) queue = await fetchRetrainingQueue(model.id, strategy);
    }
  } catch (error) {
    if (isNotFound(error)) return <SystemNotFoundState heading="Retraining queue" />;
    console.error("[tandem-web] failed to load the retraining queue:", error);
    return (
      <div className="page">
        <div className="page-header">
          <h1>Retraining queue</h1>
        </div>
        <ApiErrorState title="Could not load the retraining queue" error={error} retryHref={self} testId="retraining-error" />
      </div>
    );
  }
  if (!system) return <SystemNotFoundState heading="Retraining queue" />;

  const href = (m: RetrainingModel, s: PriorityStrategy) => `/systems/${system.id}/retraining?model=${encodeURIComponent(m.id)}&strategy=${s}`;
  const selected = STRATEGIES.find((s) => s.value === strategy)!;

  return (
    <div className="page" data-testid="retraining-page" data-model-id={model?.id ?? ""} data-strategy={strategy}>
      <SystemNav systemId={system.id} systemName={system.name} current="retraining" />
      <div className="page-header">
        <h1>Retraining queue</h1>
        <p className="page-header__meta">
          {model ? (
            <span>
              <code>{model.key}</code> · {selected.label} · the {PAGE_SIZE} highest priorities among recent predictions
            </span>
          ) : null}
          <LiveRefresh systemId={system.id} />
        </p>
      </div>

      {system.models.length === 0 || !model || !queue ? (
        <section className="card state" data-testid="retraining-empty">
          <h2>No models yet</h2>
          <p>
            This system has no models, so there is nothing to retrain. Register models and send their predictions,
            labels and feedback through the API: their most useful samples for retraining show up here.
          </p>
        </section>
      ) : (
        <>
          {unknownModel ? (
            <p className={styles.notice} role="status">
              No model <code>{askedModel}</code> in {system.name}: showing <code>{model.key}</code>.
            </p>
          ) : null}
          {rawStrategy && !parseStrategy(rawStrategy) ? (
            <p className={styles.notice} role="status">
              Unknown strategy <code>{rawStrategy}</code>: showing Combined.
            </p>
          ) : null}

          <nav className={`${styles.models} no-print`} aria-label="Model">
            <span className={styles.pickerLabel}>Model</span>
            {system.models.length <= 16 ? (
              <ul>
                {system.models.map((m) => (
                  <li key={m.id}>
                    <Link href={href(m, strategy)} aria-current={m.id === model.id ? "page" : undefined} data-testid={`retraining-model-${m.key}`}>
                      {m.key}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <form method="get" className={styles.modelForm}>
                <input type="hidden" name="strategy" value={strategy} />
                <select name="model" defaultValue={model.id} aria-label="Model" data-testid="retraining-model-select">
                  {system.models.map((m) => (
                    <option key={m.id} value={m.id}>
                      {m.key}
                    </option>
                  ))}
                </select>
                <button type="submit" className="button">
                  Show
                </button>
              </form>
            )}
          </nav>

          <section className="card" aria-labelledby="queue-title">
            <div className={styles.modelHead}>
              <div>
                <h2 id="queue-title">
                  <Link href={`/models/${model.id}`}>
                    <code>{model.key}</code>
                  </Link>
                  {model.name && model.name !== model.key ? <span className="muted"> · {model.name}</span> : null}
                </h2>
                <p className="muted">
                  {taskLabel(model.task)} · {plural(model.features.length, "feature")}
                </p>
              </div>
              <div className={`${styles.export} no-print`} data-testid="retraining-export">
                <a
                  className="button"
                  href={`/api/export/${encodeURIComponent(model.id)}?strategy=${strategy}&format=jsonl`}
                  data-testid="export-jsonl"
                >
                  Download JSONL
                </a>
                <a
                  className={`button ${styles.secondary}`}
                  href={`/api/export/${encodeURIComponent(model.id)}?strategy=${strategy}&format=csv`}
                  data-testid="export-csv"
                >
                  Download CSV
                </a>
                <span className={styles.exportNote}>{selected.label} ranking, up to 10,000 samples</span>
              </div>
            </div>

            <nav className={`${styles.tabs} no-print`} aria-label="Priority strategy">
              <ul role="list">
                {STRATEGIES.map((s) => {
                  const sum = queue.summary[s.value];
                  return (
                    <li key={s.value}>
                      <Link
                        href={href(model, s.value)}
                        aria-current={s.value === strategy ? "page" : undefined}
                        className={styles.tab}
                        data-testid={`strategy-tab-${s.value}`}
                        data-count={sum.count}
                        title={sum.topReason ? `Top reason: ${sum.topReason}` : s.description}
                      >
                        <span>{s.label}</span>
                        <span className={sum.count === 0 ? `${styles.tabCount} ${styles.zero}` : styles.tabCount}>
                          {sum.count >= PAGE_SIZE ? `${PAGE_SIZE}+` : sum.count}
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <div className={styles.strategyInfo} data-testid="strategy-summary">
              <p>
                <strong>{selected.label}:</strong> {selected.description}
              </p>
              {queue.summary[strategy].topReason ? (
                <p className="muted">
                  Top reason:{" "}
                  <span data-testid="strategy-top-reason">
                    <Reason reason={queue.summary[strategy].topReason!} />
                  </span>
                </p>
              ) : null}
            </div>

            {queue.candidates.length === 0 ? (
              <div className={styles.empty} data-testid="retraining-empty-strategy">
                <h3>No candidates for {selected.label.toLowerCase()}</h3>
                <p>{NEEDS[strategy]}</p>
                {strategy !== "COMBINED" && queue.summary.COMBINED.count > 0 ? (
                  <p>
                    <Link href={href(model, "COMBINED")}>See the combined ranking</Link> ({queue.summary.COMBINED.count >= PAGE_SIZE ? `${PAGE_SIZE}+` : queue.summary.COMBINED.count} candidates).
                  </p>
                ) : null}
              </div>
            ) : (
              <CandidateTable samples={queue.candidates} model={model} />
            )}
          </section>
        </>
      )}
    </div>
  );
}
