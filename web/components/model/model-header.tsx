// The model page's breadcrumb and header: name and key, task, version, system and window size, the
// status of the window shown, and the models it is fed by and feeds.
import Link from "next/link";
import { LiveRefresh } from "@/components/live-refresh";
import { StatusBadge } from "@/components/status-badge";
import { formatDuration, taskLabel } from "@/lib/format";
import type { HealthStatus, ModelInfo, ModelLink } from "@/lib/model-queries";
import styles from "./model.module.css";
import { ModelKeyLink } from "@/components/data-table";

export function ModelHeader({ model, status, windowLabel, viewingPast }: { model: ModelInfo; status: HealthStatus; windowLabel: string; viewingPast: boolean }) {
  return (
    <>
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
            <span className={styles.headerWindow}>{windowLabel}</span>
            <LiveRefresh systemId={model.system.id} paused={viewingPast} />
          </div>
        </div>
        <ModelFacts model={model} />
      </header>
    </>
  );
}

function ModelFacts({ model }: { model: ModelInfo }) {
  return (
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
  );
}

function ModelLinks({ models, none }: { models: ModelLink[]; none: string }) {
  if (models.length === 0) return <span className="muted">{none}</span>;
  return (
    <ul className={styles.inlineList}>
      {models.map((m) => (
        <li key={m.id}>
          <ModelKeyLink model={m} />
        </li>
      ))}
    </ul>
  );
}
