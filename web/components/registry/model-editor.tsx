"use client";
// One model of the registry page: its edit form (name, description, version, a new feature,
// features to deprecate) and its retirement, which asks to type the model's key first. Plain forms
// posting to Server Actions (they work without JS); the API's refusal is shown below the form.
import { useActionState } from "react";
import type { RegistryModel } from "@/lib/registry-queries";
import { FEATURE_KINDS, IDLE, shown, type RegistryFormState } from "@/lib/registry-form-state";
import { FormMessage, SubmitButton, invalid } from "./form-message";
import styles from "./registry.module.css";

type Action = (state: RegistryFormState, form: FormData) => Promise<RegistryFormState>;

export function ModelEditor({ systemId, model, update, retire }: { systemId: string; model: RegistryModel; update: Action; retire: Action }) {
  const [state, formAction] = useActionState(update, IDLE);
  const prefix = `model-${model.key}`;
  const active = model.features.filter((f) => !f.deprecated);
  return (
    <div className={styles.editor} data-testid={`${prefix}-editor`}>
      <form action={formAction} className={styles.form} data-testid={`${prefix}-form`}>
        <input type="hidden" name="systemId" value={systemId} />
        <input type="hidden" name="id" value={model.id} />
        <TextField label="Name" name="name" value={model.name} state={state} prefix={prefix} />
        <TextField label="Version" name="version" value={model.version ?? ""} state={state} prefix={prefix} hint="empty clears it" />
        <TextField label="Description" name="description" value={model.description ?? ""} state={state} prefix={prefix} hint="empty clears it" wide />
        <fieldset className={styles.fieldset}>
          <legend>Add a feature</legend>
          <label className={styles.field}>
            <span>Name</span>
            <input name="addFeatureName" defaultValue={shown(state, "addFeatureName", "")} autoComplete="off" data-testid={`${prefix}-add-feature-name`} {...invalid(state, "addFeatures")} />
          </label>
          <label className={styles.field}>
            <span>Kind</span>
            <select key={shown(state, "addFeatureKind", "NUMERIC")} name="addFeatureKind" defaultValue={shown(state, "addFeatureKind", "NUMERIC")} data-testid={`${prefix}-add-feature-kind`}>
              {FEATURE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k.toLowerCase()}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
        {active.length > 0 ? (
          <fieldset className={styles.fieldset} {...invalid(state, "deprecateFeatures")}>
            <legend>Deprecate features (kept for history; never retyped or removed)</legend>
            {active.map((f) => (
              <label key={f.name} className={styles.check}>
                <input type="checkbox" name="deprecate" value={f.name} data-testid={`${prefix}-deprecate-${f.name}`} /> {f.name} <span className="muted">({f.kind.toLowerCase()})</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className={styles.actions}>
          <SubmitButton label="Save model" pendingLabel="Saving…" testId={`${prefix}-save`} />
        </div>
        <FormMessage state={state} testId={`${prefix}-form`} />
      </form>
      <RetireForm systemId={systemId} model={model} retire={retire} />
    </div>
  );
}

function TextField({ label, name, value, state, prefix, hint, wide = false }: { label: string; name: string; value: string; state: RegistryFormState; prefix: string; hint?: string; wide?: boolean }) {
  return (
    <label className={`${styles.field} ${wide ? styles.wide : ""}`}>
      <span>
        {label}
        {hint ? <span className="muted"> ({hint})</span> : null}
      </span>
      <input type="hidden" name={`was:${name}`} value={value} />
      {wide ? (
        <textarea name={name} defaultValue={shown(state, name, value)} rows={2} data-testid={`${prefix}-${name}`} {...invalid(state, name)} />
      ) : (
        <input name={name} defaultValue={shown(state, name, value)} autoComplete="off" data-testid={`${prefix}-${name}`} {...invalid(state, name)} />
      )}
    </label>
  );
}

function RetireForm({ systemId, model, retire }: { systemId: string; model: RegistryModel; retire: Action }) {
  const [state, formAction] = useActionState(retire, IDLE);
  const prefix = `model-${model.key}`;
  return (
    <details className={styles.retire} open={state.error ? true : undefined}>
      <summary data-testid={`${prefix}-retire-open`}>Retire this model…</summary>
      <form action={formAction} className={styles.form} data-testid={`${prefix}-retire-form`}>
        <p className="muted">
          From the first window not judged yet, ingestion refuses <code>{model.key}</code> and it leaves the map with its dependencies. Its past
          windows stay. This cannot be undone.
        </p>
        <input type="hidden" name="systemId" value={systemId} />
        <input type="hidden" name="id" value={model.id} />
        <input type="hidden" name="key" value={model.key} />
        <label className={styles.field}>
          <span>
            Type <code>{model.key}</code> to confirm
          </span>
          <input name="confirm" defaultValue={shown(state, "confirm", "")} autoComplete="off" data-testid={`${prefix}-retire-confirm`} {...invalid(state, "confirm")} />
        </label>
        <div className={styles.actions}>
          <SubmitButton label={`Retire ${model.key}`} pendingLabel="Retiring…" testId={`${prefix}-retire`} danger />
        </div>
        <FormMessage state={state} testId={`${prefix}-retire`} />
      </form>
    </details>
  );
}
