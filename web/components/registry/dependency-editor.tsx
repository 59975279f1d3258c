"use client";
// The dependencies of the registry page: one row per current edge (change its weight or feature, or
// remove it) and the form adding one. Plain forms posting to Server Actions; the API's refusal,
// naming the field, is shown below the row.
import { useActionState } from "react";
import type { RegistryDependency, RegistryModel } from "@/lib/registry-queries";
import { IDLE, shown, type RegistryFormState } from "@/lib/registry-form-state";
import { FormMessage, SubmitButton, invalid } from "./form-message";
import styles from "./registry.module.css";

type Action = (state: RegistryFormState, form: FormData) => Promise<RegistryFormState>;

export function DependencyRow({ systemId, dependency, update, remove }: { systemId: string; dependency: RegistryDependency; update: Action; remove: Action }) {
  const [state, formAction] = useActionState(update, IDLE);
  const [removed, removeAction] = useActionState(remove, IDLE);
  const { from, to } = dependency;
  const prefix = `dep-${from.key}-${to.key}`;
  return (
    <li className={styles.dependency} data-testid={prefix} data-weight={dependency.weight} data-feature={dependency.feature ?? ""}>
      <form action={formAction} className={styles.depForm}>
        <input type="hidden" name="systemId" value={systemId} />
        <input type="hidden" name="fromKey" value={from.key} />
        <input type="hidden" name="toKey" value={to.key} />
        <span className={styles.edge}>
          <code>{from.key}</code> → <code>{to.key}</code>
        </span>
        <label className={styles.field}>
          <span>Weight</span>
          <input type="hidden" name="was:weight" value={String(dependency.weight)} />
          <input name="weight" defaultValue={shown(state, "weight", String(dependency.weight))} inputMode="decimal" size={6} data-testid={`${prefix}-weight`} {...invalid(state, "weight")} />
        </label>
        <label className={styles.field}>
          <span>Feature of {to.key}</span>
          <input type="hidden" name="was:feature" value={dependency.feature ?? ""} />
          <input name="feature" defaultValue={shown(state, "feature", dependency.feature ?? "")} placeholder="none" size={14} data-testid={`${prefix}-feature`} {...invalid(state, "feature")} />
        </label>
        <SubmitButton label="Save" pendingLabel="Saving…" testId={`${prefix}-save`} />
        <button type="submit" formAction={removeAction} className={`${styles.button} ${styles.danger}`} data-testid={`${prefix}-remove`}>
          Remove
        </button>
      </form>
      <FormMessage state={state} testId={prefix} />
      <FormMessage state={removed} testId={`${prefix}-remove`} />
    </li>
  );
}

export function AddDependencyForm({ systemId, models, add }: { systemId: string; models: RegistryModel[]; add: Action }) {
  const [state, formAction] = useActionState(add, IDLE);
  return (
    <form action={formAction} className={styles.depForm} data-testid="dep-add-form">
      <input type="hidden" name="systemId" value={systemId} />
      <ModelSelect label="From (its output…)" name="fromKey" models={models} state={state} />
      <ModelSelect label="To (…is an input of)" name="toKey" models={models} state={state} />
      <label className={styles.field}>
        <span>Weight</span>
        <input name="weight" defaultValue={shown(state, "weight", "1")} inputMode="decimal" size={6} data-testid="dep-add-weight" {...invalid(state, "weight")} />
      </label>
      <label className={styles.field}>
        <span>Feature (optional)</span>
        <input name="feature" defaultValue={shown(state, "feature", "")} size={14} data-testid="dep-add-feature" {...invalid(state, "feature")} />
      </label>
      <SubmitButton label="Add dependency" pendingLabel="Adding…" testId="dep-add" />
      <FormMessage state={state} testId="dep-add" />
    </form>
  );
}

function ModelSelect({ label, name, models, state }: { label: string; name: string; models: RegistryModel[]; state: RegistryFormState }) {
  return (
    <label className={styles.field}>
      <span>{label}</span>
      {/* Keyed on its value: React's reset after a post goes back to a select's first default, not to a changed defaultValue. */}
      <select key={shown(state, name, "")} name={name} defaultValue={shown(state, name, "")} data-testid={`dep-add-${name}`} {...invalid(state, name)}>
        <option value="">choose…</option>
        {models.map((m) => (
          <option key={m.id} value={m.key}>
            {m.key}
          </option>
        ))}
      </select>
    </label>
  );
}
