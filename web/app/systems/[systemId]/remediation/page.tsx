import type { Metadata } from "next";
import { connection } from "next/server";
import { PageErrorState, isNotFound } from "@/components/api-error-state";
import { SystemNotFoundState } from "@/components/incidents/not-found-state";
import { SystemNav } from "@/components/system-nav";
import { DataTable } from "@/components/data-table";
import { ActionsTable, PoliciesTable, ProposalsList } from "@/components/remediation/remediation-tables";
import { fetchRemediation, type RemediationData } from "@/lib/remediation-queries";
import { fetchSystemName } from "@/lib/remediation-system";
import type { SearchParams } from "@/lib/search-params";

export const metadata: Metadata = { title: "Remediation" };

type Params = Promise<{ systemId: string }>;

/** Policies, proposals, every action with its outcome, and the audit trail (who did what, when). */
export default async function RemediationPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection();
  const { systemId } = await params;
  const query = await searchParams;
  const self = `/systems/${systemId}/remediation`;
  let system: { id: string; name: string } | null;
  let data: RemediationData;
  try {
    system = await fetchSystemName(systemId);
    if (!system) return <SystemNotFoundState heading="Remediation" />;
    data = await fetchRemediation(systemId);
  } catch (error) {
    if (isNotFound(error)) return <SystemNotFoundState heading="Remediation" />;
    return <PageErrorState heading="Remediation" title="Could not load remediation" error={error} retryHref={self} testId="remediation-error" />;
  }
  const failed = typeof query.remediationError === "string" ? query.remediationError : null;
  return (
    <div className="page" data-testid="remediation-page">
      <SystemNav systemId={system.id} systemName={system.name} current="remediation" />
      <h1>Remediation</h1>
      {failed ? <p className="notice-warning" role="alert" data-testid="remediation-decide-error">{failed}</p> : null}
      <section className="card" aria-labelledby="policies-title">
        <h2 id="policies-title">Policies</h2>
        <PoliciesTable policies={data.remediationPolicies} />
      </section>
      <section className="card" aria-labelledby="proposals-title">
        <h2 id="proposals-title">Proposals</h2>
        <ProposalsList systemId={system.id} actions={data.remediationActions} back={self} />
      </section>
      <section className="card" aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        <ActionsTable actions={data.remediationActions} systemId={system.id} />
      </section>
      <section className="card" aria-labelledby="audit-title" data-testid="remediation-audit">
        <h2 id="audit-title">Audit</h2>
        <DataTable columns={[{ label: "When" }, { label: "Event" }, { label: "Who" }, { label: "What" }]}>
          {data.remediationAudit.map((e) => (
            <tr key={e.id} data-testid="remediation-audit-entry" data-event={e.event}>
              <td>{e.at.slice(0, 19).replace("T", " ")} UTC</td>
              <td>{e.event}</td>
              <td>
                <code>{e.actor}</code>
              </td>
              <td>{e.detail}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
