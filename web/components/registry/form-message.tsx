"use client";
// What a registry form says after it was posted: done (what changed) or refused (the API's message,
// which names the field, with its codes), right below the form; and the submit button's pending state.
import { useFormStatus } from "react-dom";
import type { RegistryFormState } from "@/lib/registry-form-state";
import styles from "./registry.module.css";

export function FormMessage({ state, testId }: { state: RegistryFormState; testId: string }) {
  if (state.error) {
    return (
      <p className={styles.error} role="alert" data-testid={`${testId}-error`} data-field={state.field ?? undefined} data-codes={state.codes.join(" ") || undefined}>
        <ErrorText message={state.error} field={state.field} />
        {state.codes.length > 0 ? <span className={styles.codes}> ({state.codes.join(", ")})</span> : null}
      </p>
    );
  }
  if (state.ok) {
    return (
      <p className={styles.ok} role="status" data-testid={`${testId}-ok`}>
        {state.ok}
      </p>
    );
  }
  return null;
}

/** The message with the field it starts with in bold ("weight: expected …"). */
function ErrorText({ message, field }: { message: string; field: string | null }) {
  const at = field ? message.indexOf(": ") : -1;
  if (!field || !message.startsWith(field) || at < 0) return <>{message}</>;
  return (
    <>
      <strong className={styles.errorField}>{message.slice(0, at)}</strong>
      {message.slice(at)}
    </>
  );
}

/** Marks the input the refusal names. */
export function invalid(state: RegistryFormState, field: string): { "aria-invalid"?: true } {
  return state.field === field ? { "aria-invalid": true } : {};
}

export function SubmitButton({ label, pendingLabel, testId, danger = false, name, value }: { label: string; pendingLabel: string; testId: string; danger?: boolean; name?: string; value?: string }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" name={name} value={value} disabled={pending} aria-busy={pending || undefined} className={`${styles.button} ${danger ? styles.danger : ""}`} data-testid={testId}>
      {pending ? pendingLabel : label}
    </button>
  );
}
