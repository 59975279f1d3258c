// The incident page's remediation card: every action run for the incident, in order, with its
// outcome (credited, failed after K windows, rejected…), and proposals to approve or reject.
import { Suspense } from "react";
import { fetchRemediation } from "@/lib/remediation-queries";
import { ActionsTable, ProposalsList } from "./remediation-tables";

export function IncidentRemediation({ systemId, incidentId }: { systemId: string; incidentId: string }) {
  return (
    <section className="card" aria-labelledby="incident-remediation-title" data-testid="incident-remediation">
      <header className="section-heading">
        <h2 id="incident-remediation-title">Remediation</h2>
      </header>
      <Suspense fallback={<p className="muted" role="status"><span className="spinner" aria-hidden="true" /> Loading actions…</p>}>
        <Body systemId={systemId} incidentId={incidentId} />
      </Suspense>
    </section>
  );
}

async function Body({ systemId, incidentId }: { systemId: string; incidentId: string }) {
  let actions;
  try {
    actions = (await fetchRemediation(systemId, { actions: 1000, audit: 1 })).remediationActions.filter((a) => a.incidentId === incidentId).sort((a, b) => a.seq - b.seq);
  } catch (error) {
    return <p className="notice-warning" role="status">Could not load remediation: {error instanceof Error ? error.message : String(error)}</p>;
  }
  const credited = actions.find((a) => a.status === "CREDITED");
  return (
    <>
      {credited ? (
        <p data-testid="incident-credited" data-action-id={credited.id}>
          Recovered after <strong>{credited.kind}</strong> (step {credited.step}): {credited.outcome}
        </p>
      ) : null}
      <ActionsTable actions={actions} systemId={systemId} />
      {actions.some((a) => a.status === "PROPOSED") ? <ProposalsList systemId={systemId} actions={actions} back={`/systems/${systemId}/incidents/${incidentId}`} /> : null}
    </>
  );
}
