"use client";
// Acknowledge / Resolve buttons: a plain <form> posting to a Server Action (works without JS);
// with JS, the pressed button shows a pending state and the API's refusal is shown inline.
import { useActionState } from "react";
import { useFormStatus } from "react-dom";
import type { IncidentActionState } from "@/app/systems/[systemId]/incidents/[incidentId]/actions";
import styles from "./incidents.module.css";

type Action = (state: IncidentActionState, form: FormData) => Promise<IncidentActionState>;

export function IncidentActions({
  action,
  systemId,
  incidentId,
  status,
}: {
  action: Action;
  systemId: string;
  incidentId: string;
  status: string;
}) {
  const [state, formAction] = useActionState(action, { error: null, action: null });
  if (status === "RESOLVED") return null;
  return (
    <form action={formAction} className={`${styles.actions} no-print`} data-testid="incident-actions">
      <input type="hidden" name="systemId" value={systemId} />
      <input type="hidden" name="incidentId" value={incidentId} />
      {status === "OPEN" ? <ActionButton value="acknowledge" label="Acknowledge" pendingLabel="Acknowledging…" /> : null}
      <ActionButton value="resolve" label="Resolve" pendingLabel="Resolving…" secondary={status === "OPEN"} />
      {state.error ? (
        <p className={styles.actionError} role="alert" data-testid="incident-action-error">
          Could not {state.action ?? "change"} this incident. {state.error}
        </p>
      ) : null}
    </form>
  );
}

function ActionButton({ value, label, pendingLabel, secondary = false }: { value: string; label: string; pendingLabel: string; secondary?: boolean }) {
  const { pending, data } = useFormStatus();
  const mine = pending && data?.get("action") === value;
  return (
    <button
      type="submit"
      name="action"
      value={value}
      disabled={pending}
      aria-busy={mine || undefined}
      className={`${styles.action} ${secondary ? styles.actionSecondary : ""}`}
      data-testid={`incident-${value}`}
    >
      {mine ? <span className={styles.actionSpinner} aria-hidden="true" /> : null}
      {mine ? pendingLabel : label}
    </button>
  );
}
