// Side panels of the system map (also used by the report): legend, root causes with their
// explanation, cascades, incidents going on in the shown window.
import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import { STATUSES_BEST_FIRST, statusLook } from "@/lib/status";
import type { MapIncident, MapSystem } from "@/lib/system-queries";
import { formatTime } from "./format";
import { formatScore } from "./model";
import styles from "./panels.module.css";

export function MapLegend({ compact, hasFeedback }: { compact: boolean; hasFeedback: boolean }) {
  return (
    <section className={styles.legend} aria-label="Legend" data-testid="map-legend">
      <h3 className={styles.legendTitle}>Legend</h3>
      <ul className={styles.legendList}>
        {STATUSES_BEST_FIRST.map((s) => {
          const look = statusLook(s);
          return (
            <li key={s}>
              <span className={styles.swatch} style={{ background: look.background, borderColor: look.color, color: look.color }} aria-hidden="true">
                {look.symbol}
              </span>
              {look.label}
            </li>
          );
        })}
        <li>
          <svg width="44" height="14" aria-hidden="true" className={styles.legendSvg}>
            <line x1="2" y1="7" x2="42" y2="7" stroke="#8b93a1" strokeWidth="1.5" />
          </svg>
          <svg width="44" height="14" aria-hidden="true" className={styles.legendSvg}>
            <line x1="2" y1="7" x2="42" y2="7" stroke="#8b93a1" strokeWidth="4.5" strokeLinecap="round" />
          </svg>
          dependency (thicker = higher weight)
        </li>
        <li>
          <svg width="44" height="14" aria-hidden="true" className={styles.legendSvg}>
            <line x1="2" y1="7" x2="42" y2="7" stroke="var(--status-failing-bg)" strokeWidth="9" strokeLinecap="round" />
            <line x1="2" y1="7" x2="42" y2="7" stroke="var(--status-failing)" strokeWidth="3" strokeDasharray="8 5" />
          </svg>
          along an active cascade (moving dashes)
        </li>
        {hasFeedback ? (
          <li>
            <svg width="44" height="14" aria-hidden="true" className={styles.legendSvg}>
              <path d="M2,3 C2,13 42,13 42,3" fill="none" stroke="#8b93a1" strokeWidth="1.5" strokeDasharray="5 4" />
            </svg>
            feedback loop (points back)
          </li>
        ) : null}
        <li>
          <span className={styles.badgeSample} aria-hidden="true">
            ★ Root cause
          </span>
          most likely origin{compact ? " (★1, ★2… = rank)" : " (#2, #3: next ranks)"}
        </li>
        {!compact ? (
          <li>
            <span className={styles.badgeSampleOutline} aria-hidden="true">
              ★ Incident root
            </span>
            root cause of an incident going on
          </li>
        ) : null}
        {!compact ? (
          <li>
            <span className={styles.barSample} aria-hidden="true">
              <span />
            </span>
            bar = anomaly score · “prop.” = score after propagation
          </li>
        ) : null}
      </ul>
    </section>
  );
}

export function RootCausesPanel({ system, limit = 5 }: { system: MapSystem; limit?: number }) {
  const causes = system.health.rootCauses.slice(0, limit);
  const statusOf = new Map(system.health.models.map((m) => [m.model.id, m.status]));
  return (
    <section className={styles.panel} aria-labelledby="root-causes-title" data-testid="root-causes-panel">
      <h2 id="root-causes-title" className={styles.panelTitle}>
        Root causes
      </h2>
      {causes.length === 0 ? (
        <p className="muted" data-testid="root-causes-empty">
          No root cause in this window: no model turned anomalous.
        </p>
      ) : (
        <ol className={styles.causes}>
          {causes.map((rc) => (
            <li key={rc.model.id} data-testid={`root-cause-${rc.rank}`} data-model-key={rc.model.key}>
              <div className={styles.causeHead}>
                <span className={`${styles.rank} ${rc.rank === 1 ? styles.rankFirst : ""}`}>#{rc.rank}</span>
                <Link href={`/models/${rc.model.id}`} className={styles.causeModel}>
                  {rc.model.key}
                </Link>
                <StatusBadge status={statusOf.get(rc.model.id)} />
                {rc.latent ? (
                  <span className="muted" data-testid="root-cause-latent" title="It shows no anomaly itself but would explain anomalous models downstream: check its monitoring">
                    (silent suspect)
                  </span>
                ) : null}
                <span className={styles.causeScore} title="Root-cause score">
                  score {formatScore(rc.score)}
                </span>
              </div>
              <p className={styles.explanation}>{rc.explanation}</p>
            </li>
          ))}
        </ol>
      )}
      {system.health.rootCauses.length > causes.length ? (
        <p className="muted">… and {system.health.rootCauses.length - causes.length} more ranked with lower scores.</p>
      ) : null}
    </section>
  );
}

export function CascadesPanel({ system, incidents, live }: { system: MapSystem; incidents: MapIncident[]; live: boolean }) {
  const cascades = system.health.cascades;
  return (
    <section className={styles.panel} aria-labelledby="cascades-title" data-testid="cascades-panel">
      <h2 id="cascades-title" className={styles.panelTitle}>
        Cascades
      </h2>
      {cascades.length === 0 ? (
        <p className="muted">No cascade in this window: trouble did not spread downstream.</p>
      ) : (
        <ul className={styles.cascades}>
          {cascades.map((c) => (
            <li key={c.root.id} data-testid={`cascade-${c.root.key}`}>
              <Link href={`/models/${c.root.id}`}>
                <strong>{c.root.key}</strong>
              </Link>{" "}
              →{" "}
              {c.affected.map((a, i) => (
                <span key={a.id}>
                  {i > 0 ? ", " : null}
                  <Link href={`/models/${a.id}`}>{a.key}</Link>
                </span>
              ))}
              <span className="muted"> · since {formatTime(c.startedAt)} UTC</span>
            </li>
          ))}
        </ul>
      )}
      <h3 className={styles.subTitle}>{live ? "Open incidents" : "Incidents going on in this window"}</h3>
      {incidents.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className={styles.incidents}>
          {incidents.map((i) => (
            <li key={i.id}>
              <Link href={`/systems/${system.id}/incidents`}>{i.summary}</Link>
              <span className="muted">
                {" "}
                · {i.status.toLowerCase()} · opened {formatTime(i.openedAt)} UTC
                {i.rootCause ? <> · root cause {i.rootCause.key}</> : null}
              </span>
              {i.remediationActions.length > 0 ? (
                <span className="muted" data-testid="map-incident-remediation">
                  {" "}
                  · remediation: {i.remediationActions.map((a) => `${a.kind} ${a.status.toLowerCase()}`).join(", ")}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
