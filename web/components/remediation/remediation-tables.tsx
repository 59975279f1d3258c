// Remediation tables: a system's policies, its actions (with their outcome and delivery attempts),
// and the proposals waiting for a person, each with Approve / Reject (a form posting to a Server
// Action: works without client JS).
import Link from "next/link";
import { DataTable } from "@/components/data-table";
import { decideRemediationAction } from "@/app/systems/[systemId]/remediation/actions";
import { describeAction, type RemediationActionView, type RemediationPolicyView } from "@/lib/remediation-queries";

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

export function PoliciesTable({ policies }: { policies: RemediationPolicyView[] }) {
  if (policies.length === 0) return <p className="muted" data-testid="remediation-no-policies">No remediation policy: incidents end in alerts and webhooks.</p>;
  return (
    <DataTable columns={[{ label: "Policy" }, { label: "Mode" }, { label: "Acts on" }, { label: "Steps" }, { label: "Guards" }]}>
      {policies.map((p) => (
        <tr key={p.id} data-testid="remediation-policy" data-policy-id={p.id} data-mode={p.mode} data-enabled={p.enabled ? "true" : "false"}>
          <td>
            <strong>{p.name}</strong>
            {p.enabled ? null : <span className="muted"> (off)</span>}
          </td>
          <td>{p.mode}</td>
          <td>
            {p.selector.modelKeys.length ? p.selector.modelKeys.join(", ") : "any root"} · {p.selector.minStatus.toLowerCase()} or worse
            {p.selector.tasks.length ? ` · ${p.selector.tasks.join(", ")}` : ""}
          </td>
          <td data-testid="remediation-policy-steps">{p.steps.map((s) => s.kind + (s.fallbackModelKey ? ` (${s.fallbackModelKey})` : "")).join(" → ")}</td>
          <td className="muted">
            cooldown {p.cooldownSeconds}s · ≤{p.maxActionsPerHour}/h · K={p.verifyWindows}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

export function ProposalsList({ systemId, actions, back }: { systemId: string; actions: RemediationActionView[]; back: string }) {
  const proposals = actions.filter((a) => a.status === "PROPOSED");
  if (proposals.length === 0) return <p className="muted" data-testid="remediation-no-proposals">No proposal waits for approval.</p>;
  return (
    <ul className="plain-list" data-testid="remediation-proposals">
      {proposals.map((a) => (
        <li key={a.id} data-testid="remediation-proposal" data-action-id={a.id}>
          <form action={decideRemediationAction}>
            <input type="hidden" name="systemId" value={systemId} />
            <input type="hidden" name="actionId" value={a.id} />
            <input type="hidden" name="back" value={back} />
            <strong>{describeAction(a)}</strong> on <code>{a.model.key}</code> for{" "}
            <Link href={`/systems/${systemId}/incidents/${a.incidentId}`}>the incident</Link> (step {a.step} of {a.policy?.name ?? "its policy"}, proposed {when(a.plannedAt)}){" "}
            <button type="submit" name="decision" value="approve" data-testid="remediation-approve">
              Approve
            </button>{" "}
            <button type="submit" name="decision" value="reject" data-testid="remediation-reject">
              Reject
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}

export function ActionsTable({ actions, systemId }: { actions: RemediationActionView[]; systemId: string }) {
  if (actions.length === 0) return <p className="muted" data-testid="remediation-no-actions">No action was run.</p>;
  return (
    <DataTable columns={[{ label: "Planned" }, { label: "Action" }, { label: "Model" }, { label: "Status" }, { label: "Outcome" }, { label: "Attempts" }]}>
      {actions.map((a) => (
        <tr key={a.id} data-testid="remediation-action" data-action-id={a.id} data-status={a.status} data-kind={a.kind} data-incident-id={a.incidentId}>
          <td>
            <Link href={`/systems/${systemId}/incidents/${a.incidentId}`}>{when(a.plannedAt)}</Link>
          </td>
          <td>
            {describeAction(a)} <span className="muted">step {a.step}</span>
          </td>
          <td>
            <code>{a.model.key}</code>
            {a.cascade.length ? <span className="muted"> + {a.cascade.map((m) => m.key).join(", ")}</span> : null}
          </td>
          <td data-testid="remediation-action-status">{a.status}</td>
          <td data-testid="remediation-action-outcome">{a.outcome ?? (a.status === "ACCEPTED" ? `verifying (${a.windowsObserved} window(s) so far)` : "—")}</td>
          <td className="muted">{a.attempts.map((t) => (t.statusCode !== null ? `HTTP ${t.statusCode}` : t.error ?? "no answer")).join(", ") || "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
