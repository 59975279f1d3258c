// The system page's remediation card: the system's policies and the proposals waiting for approval
// (Approve / Reject), with a link to every action and the audit trail.
import Link from "next/link";
import { Suspense } from "react";
import { fetchRemediation } from "@/lib/remediation-queries";
import { PoliciesTable, ProposalsList } from "./remediation-tables";

export function RemediationCard({ systemId }: { systemId: string }) {
  return (
    <section className="card" aria-labelledby="remediation-title" data-testid="remediation-card">
      <header className="section-heading">
        <h2 id="remediation-title">Remediation</h2>
        <Link href={`/systems/${systemId}/remediation`} data-testid="remediation-link">
          Actions and audit →
        </Link>
      </header>
      <Suspense fallback={<p className="muted" role="status"><span className="spinner" aria-hidden="true" /> Loading policies…</p>}>
        <RemediationBody systemId={systemId} />
      </Suspense>
    </section>
  );
}

async function RemediationBody({ systemId }: { systemId: string }) {
  let data;
  try {
    data = await fetchRemediation(systemId, { actions: 50, audit: 1 });
  } catch (error) {
    return <p className="notice-warning" role="status" data-testid="remediation-error">Could not load remediation: {error instanceof Error ? error.message : String(error)}</p>;
  }
  return (
    <>
      <PoliciesTable policies={data.remediationPolicies} />
      <h3>Proposals</h3>
      <ProposalsList systemId={systemId} actions={data.remediationActions} back={`/systems/${systemId}`} />
    </>
  );
}
