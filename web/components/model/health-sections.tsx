// The model's anomalies in the selected window, its recent alerts and its blast radius.
import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import type { Alert, ImpactedModel } from "@/lib/model-queries";
import type { WindowHealth } from "@/lib/model-window-queries";
import { formatInstant, formatRisk, formatStat, formatWindow } from "./format";
import styles from "./model.module.css";
import { DataTable, ModelCell } from "@/components/data-table";
import { trailingComparison } from "@/lib/alert-rule";

export function AnomaliesSection({ health, modelId }: { health: WindowHealth; modelId?: string }) {
  const detectors = health.signals.filter((s) => s.kind === "anomaly");
  const windowLabel = formatWindow(health.windowStart, health.windowEnd);
  return (
    <section className={`card ${styles.section}`} aria-labelledby="anomalies-title" data-testid="anomalies-section">
      <header className="section-heading">
        <h2 id="anomalies-title">Anomalies</h2>
        <p className={styles.sectionSummary}>{windowLabel}</p>
      </header>
      <dl className={styles.scores}>
        <div>
          <dt>Anomaly score</dt>
          <dd data-testid="anomaly-score">
            <Meter value={health.anomalyScore} />
          </dd>
        </div>
        <div>
          <dt title="Adds what the model inherits from anomalous upstream models">Propagated score</dt>
          <dd data-testid="propagated-score">
            <Meter value={health.propagatedScore} />
          </dd>
        </div>
      </dl>
      {detectors.length > 0 ? (
        <ul className={styles.detectors}>
          {detectors.map((d) => (
            <li key={d.name} className={d.breached ? styles.bad : undefined}>
              <span aria-hidden="true">{d.breached ? "▲" : "●"}</span> <code>{d.name}</code>: {pctText(d.value)} of predictions flagged
              {d.threshold != null ? ` (threshold ${pctText(d.threshold)})` : ""}
              {d.breached ? " — breached" : ""}
            </li>
          ))}
        </ul>
      ) : null}
      {health.anomalies.length === 0 ? (
        <div className={styles.empty} data-testid="anomalies-empty">
          <p className={styles.emptyTitle}>No anomalous predictions stored for this window</p>
          <p className="muted">
            {health.status === "UNKNOWN"
              ? "The window has no predictions."
              : "The detectors flagged nothing here, or the window has not been evaluated yet (flagged predictions are stored by the evaluation)."}
          </p>
        </div>
      ) : (
        <AnomaliesTable anomalies={health.anomalies} windowLabel={windowLabel} modelId={modelId} />
      )}
    </section>
  );
}

function AnomaliesTable({ anomalies, windowLabel, modelId }: { anomalies: WindowHealth["anomalies"]; windowLabel: string; modelId?: string }) {
  return (
    <DataTable
      className={styles.table}
      testId="anomalies-table"
      caption={<>Most anomalous predictions of {windowLabel}</>}
      columns={[
        { label: "Prediction" },
        { label: "Detector" },
        { label: "Score", className: styles.num },
        { label: "Most responsible features" },
      ]}
    >
      {anomalies.map((a) => (
        <tr key={`${a.detector}-${a.predictionId}`} data-testid="anomaly-row">
          <th scope="row">
            {modelId ? (
              <Link href={`/models/${modelId}/predictions/${encodeURIComponent(a.predictionId)}`} data-testid="anomaly-prediction-link" title="Explain this prediction">
                <code>{a.predictionId}</code>
              </Link>
            ) : (
              <code>{a.predictionId}</code>
            )}
          </th>
          <td>{a.detector}</td>
          <td className={styles.num}>{formatStat(a.score)}</td>
          <td>
            <ul className={styles.shares}>
              {a.topFeatures.slice(0, 3).map((f) => (
                <li key={f.feature}>
                  <code>{f.feature}</code> {pctText(f.contribution)}
                </li>
              ))}
            </ul>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Meter({ value }: { value: number }) {
  const tone = value >= 0.5 ? styles.bad : value >= 0.1 ? styles.warn : styles.good;
  return (
    <span className={styles.meter}>
      <span className={styles.meterTrack} aria-hidden="true">
        <span className={styles.meterFill} style={{ width: `${Math.max(0, Math.min(1, value)) * 100}%` }} data-tone={value >= 0.5 ? "bad" : value >= 0.1 ? "warn" : "good"} />
      </span>
      <strong className={tone}>{formatStat(value)}</strong>
    </span>
  );
}

function pctText(share: number): string {
  const p = share * 100;
  return p === 0 ? "0%" : p < 1 ? `${p.toFixed(1)}%` : `${Number(p.toPrecision(3))}%`;
}

const MAX_ALERTS = 12;

/** "… = 0.72 (threshold 0.1)" → 0.1; rules such as "ctr < 0.1" → 0.1. */
function alertThreshold(alert: Alert): { operator: string; value: string } | null {
  const rule = trailingComparison(alert.rule);
  if (rule) return rule;
  const m = /\(threshold (-?[\d.]+(?:e[-+]?\d+)?)\)/i.exec(alert.message);
  return m ? { operator: "", value: m[1] } : null;
}

export function AlertsSection({ alerts, systemId }: { alerts: Alert[]; systemId: string }) {
  const shown = alerts.slice(0, MAX_ALERTS);
  return (
    <section className={`card ${styles.section}`} aria-labelledby="alerts-title" data-testid="alerts-section">
      <header className="section-heading">
        <h2 id="alerts-title">Recent alerts</h2>
        <p className={styles.sectionSummary}>
          {alerts.length > MAX_ALERTS ? `latest ${MAX_ALERTS} of ${alerts.length} · ` : ""}
          <Link href={`/systems/${systemId}/incidents`}>incidents of the system</Link>
        </p>
      </header>
      {shown.length === 0 ? (
        <div className={styles.empty} data-testid="alerts-empty">
          <p className={styles.emptyTitle}>
            <span aria-hidden="true" className={styles.good}>
              ●
            </span>{" "}
            No alerts for this model
          </p>
          <p className="muted">Alerts fire when the model turns degraded or failing, or when one of its alert rules holds in a window.</p>
        </div>
      ) : (
        <DataTable
          className={styles.table}
          testId="alerts-table"
          columns={[
            { label: "Fired" },
            { label: "Severity" },
            { label: "Signal" },
            { label: "Value", className: styles.num },
            { label: "Threshold", className: styles.num },
            { label: "Incident" },
          ]}
        >
          {shown.map((a) => {
            const t = alertThreshold(a);
            return (
              <tr key={a.id} data-testid="alert-row" data-severity={a.severity}>
                <td className="nowrap">{formatInstant(a.firedAt)}</td>
                <td>
                  <Severity severity={a.severity} />
                </td>
                <td title={a.message}>
                  <code>{a.rule}</code>
                </td>
                <td className={styles.num}>{formatStat(a.value)}</td>
                <td className={styles.num}>{t ? `${t.operator ? `${t.operator} ` : ""}${t.value}` : "—"}</td>
                <td className={styles.muted}>{a.incidentStatus.toLowerCase()}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </section>
  );
}

function Severity({ severity }: { severity: string }) {
  const critical = severity === "critical";
  return (
    <span className={critical ? styles.sevCritical : styles.sevWarning}>
      <span aria-hidden="true">{critical ? "■" : "▲"}</span> {critical ? "Critical" : severity === "warning" ? "Warning" : severity}
    </span>
  );
}

export function BlastRadiusSection({ impacted, modelKey }: { impacted: ImpactedModel[]; modelKey: string }) {
  const sorted = [...impacted].sort((a, b) => b.risk - a.risk || a.hops - b.hops);
  return (
    <section className={`card ${styles.section}`} aria-labelledby="blast-title" data-testid="blast-radius">
      <header className="section-heading">
        <h2 id="blast-title">Blast radius</h2>
        <p className={styles.sectionSummary}>models downstream of {modelKey} that its trouble can reach</p>
      </header>
      {sorted.length === 0 ? (
        <div className={styles.empty} data-testid="blast-empty">
          <p className={styles.emptyTitle}>Nothing downstream</p>
          <p className="muted">No model consumes {modelKey}&apos;s output: its trouble stays contained.</p>
        </div>
      ) : (
        <DataTable
          className={styles.table}
          testId="blast-table"
          columns={[
            { label: "Model" },
            { label: "Hops", className: styles.num },
            { label: "Risk" },
            { label: "Status now" },
          ]}
        >
          {sorted.map((m) => (
            <tr key={m.model.id} data-testid="blast-row" data-model={m.model.key}>
              <ModelCell model={m.model}>
                {m.model.name !== m.model.key ? <span className={styles.kind}>{m.model.name}</span> : null}
              </ModelCell>
              <td className={styles.num}>{m.hops}</td>
              <td className={styles.wide}>
                <span className={styles.meter}>
                  <span className={styles.meterTrack} aria-hidden="true">
                    <span className={styles.meterFill} style={{ width: `${m.risk * 100}%` }} data-tone="risk" />
                  </span>
                  <strong>{formatRisk(m.risk)}</strong>
                </span>
              </td>
              <td>
                <StatusBadge status={m.model.health.status} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
