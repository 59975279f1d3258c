// The model page's versions: every rollout, and health before and after the latest one (metrics on
// labelled predictions, KS drift of each numeric input and of the output between the versions).
import { Suspense } from "react";
import { DataTable } from "@/components/data-table";
import { fetchModelVersions } from "@/lib/remediation-queries";

const num = (v: number | null) => (v === null ? "—" : String(Number(v.toFixed(4))));

export function VersionsSection({ modelId }: { modelId: string }) {
  return (
    <section className="card" aria-labelledby="versions-title" data-testid="versions-section">
      <header className="section-heading">
        <h2 id="versions-title">Versions</h2>
      </header>
      <Suspense fallback={<p className="muted" role="status"><span className="spinner" aria-hidden="true" /> Comparing versions…</p>}>
        <Body modelId={modelId} />
      </Suspense>
    </section>
  );
}

async function Body({ modelId }: { modelId: string }) {
  let data;
  try {
    data = await fetchModelVersions(modelId);
  } catch (error) {
    return <p className="notice-warning" role="status" data-testid="versions-error">Could not compare versions: {error instanceof Error ? error.message : String(error)}</p>;
  }
  const versions = data.model?.versions ?? [];
  const c = data.compareModelVersions;
  if (versions.length === 0) return <p className="muted" data-testid="versions-none">No version registered (registerModelVersion).</p>;
  return (
    <>
      <p data-testid="versions-list">
        {versions.map((v) => `${v.version} (live ${v.liveAt.slice(0, 16).replace("T", " ")} UTC)`).join(" → ")}
      </p>
      {c ? (
        <>
          <p data-testid="versions-sentence" data-regressed={c.regressed ? "true" : "false"}>
            <strong>{c.sentence}</strong> <span className="muted">({c.before.version}: {c.before.predictions} predictions, {c.before.labeled} labelled; {c.after.version}: {c.after.predictions}, {c.after.labeled})</span>
          </p>
          <DataTable columns={[{ label: "Metric" }, { label: c.before.version }, { label: c.after.version }, { label: "Change" }]}>
            {c.metrics.map((m) => (
              <tr key={m.metric} data-testid="versions-metric" data-metric={m.metric} data-before={m.before ?? ""} data-after={m.after ?? ""} data-worse={m.worse ? "true" : "false"}>
                <td>{m.metric}</td>
                <td>{num(m.before)}</td>
                <td>{num(m.after)}</td>
                <td>{m.delta === null ? "—" : `${m.delta > 0 ? "+" : ""}${num(m.delta)}${m.worse ? " (worse)" : ""}`}</td>
              </tr>
            ))}
          </DataTable>
          <p className="muted" data-testid="versions-shifts">
            Drift between versions (KS): {c.shifts.map((s) => `${s.feature} D=${num(s.statistic)}${s.drifted ? " (drifted)" : ""}`).join(", ") || "not enough predictions"}
          </p>
        </>
      ) : (
        <p className="muted" data-testid="versions-single">Only one version: nothing to compare yet.</p>
      )}
    </>
  );
}
