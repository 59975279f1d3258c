// The ranked retraining candidates of one model and strategy: rank, priority (bar), prediction
// against label / feedback, the API's reasons, the features (compact) and the time.
import { formatShortUtc, formatUtc } from "@/components/incidents/time";
import type { LabelValue, RetrainingModel, RetrainingSample } from "@/lib/retraining-queries";
import styles from "./retraining.module.css";
import { DataTable } from "@/components/data-table";

const VISIBLE_FEATURES = 4;

export function CandidateTable({ samples, model }: { samples: RetrainingSample[]; model: RetrainingModel }) {
  return (
    <DataTable
      className={styles.table}
      testId="candidates-table"
      caption={<>Retraining candidates of {model.key}, highest priority first</>}
      columns={[
        { label: "#", className: styles.rankCol },
        { label: "Priority" },
        { label: "Prediction vs truth" },
        { label: "Why" },
        { label: "Features" },
        { label: <>Time <span className={styles.unit}>UTC</span></> },
      ]}
    >
      {samples.map((s, i) => (
        <tr key={s.predictionId} data-testid="candidate-row" data-prediction-id={s.predictionId} data-rank={i + 1}>
          <td className={styles.rank}>{i + 1}</td>
          <td>
            <Priority value={s.priority} />
          </td>
          <td className={styles.prediction}>
            <code className={styles.id} title="prediction id">
              {s.predictionId}
            </code>
            <Outcome sample={s} />
          </td>
          <td>
            <Reasons reasons={s.reasons} />
          </td>
          <td>
            <Features features={s.features} order={model.features.map((f) => f.name)} />
          </td>
          <td className="nowrap">
            <time dateTime={s.timestamp} title={formatUtc(s.timestamp)}>
              {formatShortUtc(s.timestamp)}
            </time>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Priority({ value }: { value: number }) {
  const share = Math.max(0, Math.min(1, value));
  return (
    <span className={styles.priority} data-testid="candidate-priority">
      <span className="meter-bar" role="img" aria-label={`priority ${value.toFixed(3)}`}>
        <span className="meter-bar__fill" style={{ width: `${share * 100}%` }} />
      </span>
      <span className={styles.priorityValue}>{value.toFixed(2)}</span>
    </span>
  );
}

function Outcome({ sample }: { sample: RetrainingSample }) {
  const predicted = describePrediction(sample.prediction);
  const feedback = sample.feedback ?? [];
  return (
    <dl className={styles.outcome}>
      <div>
        <dt>predicted</dt>
        <dd>{predicted}</dd>
      </div>
      {sample.label ? (
        <div data-testid="candidate-label">
          <dt>label</dt>
          <dd className={differs(sample.prediction, sample.label) ? styles.mismatch : undefined}>{describeTruth(sample.label)}</dd>
        </div>
      ) : null}
      {feedback.length > 0 ? (
        <div data-testid="candidate-feedback">
          <dt>{feedback.length === 1 ? "feedback" : `feedback ×${feedback.length}`}</dt>
          <dd className={feedback.some((f) => differs(sample.prediction, f)) ? styles.mismatch : undefined}>
            {feedback.slice(0, 3).map(describeTruth).join(", ")}
            {feedback.length > 3 ? ", …" : ""}
          </dd>
        </div>
      ) : null}
      {!sample.label && feedback.length === 0 ? (
        <div>
          <dt>truth</dt>
          <dd className="muted">none yet</dd>
        </div>
      ) : null}
    </dl>
  );
}

function describePrediction(p: RetrainingSample["prediction"]): string {
  const parts: string[] = [];
  if (p.predictedClass !== null && p.predictedClass !== undefined) {
    const prob = p.probabilities?.[p.predictedClass];
    parts.push(typeof prob === "number" ? `${p.predictedClass} (${Math.round(prob * 100)}%)` : p.predictedClass);
  }
  if (typeof p.score === "number") parts.push(num(p.score));
  if (parts.length === 0 && p.probabilities) {
    const top = Object.entries(p.probabilities).sort((a, b) => b[1] - a[1])[0];
    if (top) parts.push(`${top[0]} (${Math.round(top[1] * 100)}%)`);
  }
  return parts.join(" · ") || "—";
}

function describeTruth(t: LabelValue): string {
  if (t.class !== null && t.class !== undefined) return t.class;
  if (typeof t.value === "number") return num(t.value);
  return "—";
}

function differs(p: RetrainingSample["prediction"], t: LabelValue): boolean {
  if (t.class !== null && t.class !== undefined && p.predictedClass) return t.class !== p.predictedClass;
  if (typeof t.value === "number" && typeof p.score === "number") return Math.abs(t.value - p.score) > 0.5 * Math.max(1, Math.abs(t.value));
  return false;
}

/** "DISAGREEMENT #1: user rated 1.0, …" → a strategy tag and the sentence. */
export function Reason({ reason }: { reason: string }) {
  const match = /^([A-Z_]+)(?: #(\d+))?:\s*(.*)$/s.exec(reason);
  if (!match) return <span className={styles.reasonNote}>{reason}</span>;
  const [, strategy, rank, text] = match;
  return (
    <>
      <span className={styles.reasonTag} data-strategy={strategy}>
        {strategy!.replace(/_/g, " ").toLowerCase()}
        {rank ? ` #${rank}` : ""}
      </span>{" "}
      {text}
    </>
  );
}

function Reasons({ reasons }: { reasons: string[] }) {
  if (reasons.length === 0) return <span className="muted">—</span>;
  return (
    <ul className={styles.reasons} data-testid="candidate-reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <Reason reason={r} />
        </li>
      ))}
    </ul>
  );
}

function Features({ features, order }: { features: Record<string, unknown>; order: string[] }) {
  const entries = Object.entries(features ?? {}).sort(([a], [b]) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib) || a.localeCompare(b);
  });
  if (entries.length === 0) return <span className="muted">—</span>;
  const item = ([k, v]: [string, unknown]) => (
    <li key={k}>
      <span className={styles.featureName}>{k}</span> {featureValue(v)}
    </li>
  );
  return (
    <ul className={`inline-list ${styles.features}`}>
      {entries.slice(0, VISIBLE_FEATURES).map(item)}
      {entries.length > VISIBLE_FEATURES ? (
        <li className={styles.more}>
          <details>
            <summary>+{entries.length - VISIBLE_FEATURES} more</summary>
            <ul className={`inline-list ${styles.features}`}>{entries.slice(VISIBLE_FEATURES).map(item)}</ul>
          </details>
        </li>
      ) : null}
    </ul>
  );
}

function featureValue(v: unknown): string {
  if (v === null || v === undefined) return "∅";
  if (typeof v === "number") return num(v);
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > 24 ? `${text.slice(0, 23)}…` : text;
}

function num(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 0.001 || abs >= 1e6)) return v.toExponential(2);
  return String(Number(v.toPrecision(3)));
}
