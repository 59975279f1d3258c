// The retraining page's parts: the model picker, the model's head with the export links, the
// strategy tabs with their counts, and the queue (or what the strategy needs to rank anything).
import Link from "next/link";
import { plural, taskLabel } from "@/lib/format";
import { PAGE_SIZE, STRATEGIES, type PriorityStrategy, type RetrainingModel, type RetrainingQueue } from "@/lib/retraining-queries";
import { CandidateTable, Reason } from "./candidate-table";
import styles from "./retraining.module.css";
import { ModelKeyLink } from "@/components/data-table";

export type QueueHref = (m: RetrainingModel, s: PriorityStrategy) => string;
type Strategy = (typeof STRATEGIES)[number];

/** What each strategy needs before it can rank anything (shown when it ranks nothing). */
const NEEDS: Record<PriorityStrategy, string> = {
  COMBINED: "This model has no recent predictions to rank.",
  DISAGREEMENT: "Disagreement needs feedback or labels on recent predictions that contradict confident ones. Send them with ingestFeedback or ingestLabels.",
  UNCERTAINTY: "Uncertainty ranks predictions near the decision boundary: it needs classification scores or class probabilities.",
  LABEL_ERROR: "Label errors need labels that a confident, well-calibrated model contradicts. None of the recent labels qualifies.",
  DRIFT: "Drift ranks samples in the regions of the inputs that drifted: this model's inputs did not drift recently.",
  BLAME: "Blame ranks samples of models that are root causes of open incidents: this model is not one right now.",
};

export function ModelPicker({ models, model, strategy, href }: { models: RetrainingModel[]; model: RetrainingModel; strategy: PriorityStrategy; href: QueueHref }) {
  return (
    <nav className={`${styles.models} no-print`} aria-label="Model">
      <span className={styles.pickerLabel}>Model</span>
      {models.length <= 16 ? (
        <ul>
          {models.map((m) => (
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
            {models.map((m) => (
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
  );
}

export function QueueSection({ model, strategy, queue, href }: { model: RetrainingModel; strategy: PriorityStrategy; queue: RetrainingQueue; href: QueueHref }) {
  const selected = STRATEGIES.find((s) => s.value === strategy)!;
  return (
    <section className="card" aria-labelledby="queue-title">
      <ModelHead model={model} strategy={strategy} selected={selected} />
      <StrategyTabs model={model} strategy={strategy} queue={queue} href={href} selected={selected} />
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
  );
}

function ModelHead({ model, strategy, selected }: { model: RetrainingModel; strategy: PriorityStrategy; selected: Strategy }) {
  return (
    <div className={styles.modelHead}>
      <div>
        <h2 id="queue-title">
          <ModelKeyLink model={model} />
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
  );
}

function StrategyTabs({ model, strategy, queue, href, selected }: { model: RetrainingModel; strategy: PriorityStrategy; queue: RetrainingQueue; href: QueueHref; selected: Strategy }) {
  return (
    <>
      <nav className={`${styles.tabs} no-print`} aria-label="Priority strategy">
        <ul role="list" className="inline-list">
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
    </>
  );
}
