// The registry forms of the dashboard (edit a model, retire it, add / change / remove a dependency):
// reading a posted form into the mutation's variables, and turning the API's refusal into a message
// that names the field. Pure (no I/O): the Server Actions call it, tests can too.
import { GraphQLRequestError } from "./graphql";
import type { FeatureKind } from "./generated/graphql";
import { FEATURE_KINDS, isFeatureKind, type RegistryFormState } from "./registry-form-state";

export type { RegistryFormState } from "./registry-form-state";

/** A refusal found before asking the API. */
export class FormProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

export function id(form: FormData, name: string): string {
  const value = text(form, name);
  if (!ID.test(value)) throw new FormProblem(name, "the form did not carry a valid id; reload the page and try again");
  return value;
}

/** A changed text field: its new value, or undefined when it equals the `was:` value posted beside it. */
export function changed(form: FormData, name: string): string | undefined {
  const value = text(form, name).trim();
  return value === text(form, `was:${name}`).trim() ? undefined : value;
}

/** A weight as the API takes it; "" is undefined (not given). Range checks are the API's. */
export function weight(form: FormData, name = "weight"): number | undefined {
  const raw = text(form, name).trim();
  if (raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new FormProblem(name, `expected a number in (0, 1], got "${raw}"`);
  return value;
}

export interface ModelEdit {
  id: string;
  name?: string;
  description?: string;
  version?: string;
  addFeatures?: { name: string; kind: FeatureKind }[];
  deprecateFeatures?: string[];
}

/** The variables of updateModel from the model form: only what changed. */
export function modelEdit(form: FormData): ModelEdit {
  const edit: ModelEdit = { id: id(form, "id") };
  for (const field of ["name", "description", "version"] as const) {
    const value = changed(form, field);
    if (value !== undefined) edit[field] = value;
  }
  const featureName = text(form, "addFeatureName").trim();
  const kind = text(form, "addFeatureKind");
  if (featureName !== "") {
    if (!isFeatureKind(kind)) throw new FormProblem("addFeatures", `choose the kind of '${featureName}' (${FEATURE_KINDS.join(" or ")})`);
    edit.addFeatures = [{ name: featureName, kind }];
  }
  const deprecate = form.getAll("deprecate").filter((v): v is string => typeof v === "string" && v !== "");
  if (deprecate.length > 0) edit.deprecateFeatures = deprecate;
  if (Object.keys(edit).length === 1) throw new FormProblem("name", "nothing to change: edit a field, add a feature or tick one to deprecate");
  return edit;
}

/** What the model form changed, in words. */
export function describeModelEdit(edit: ModelEdit): string {
  const parts: string[] = [];
  if (edit.name !== undefined) parts.push(`name "${edit.name}"`);
  if (edit.description !== undefined) parts.push(edit.description === "" ? "description cleared" : "description");
  if (edit.version !== undefined) parts.push(edit.version === "" ? "version cleared" : `version ${edit.version}`);
  for (const f of edit.addFeatures ?? []) parts.push(`feature ${f.name} added`);
  for (const f of edit.deprecateFeatures ?? []) parts.push(`feature ${f} deprecated`);
  return `Saved: ${parts.join(", ")}.`;
}

export interface DependencyEdit {
  systemId: string;
  fromKey: string;
  toKey: string;
  weight?: number;
  feature?: string;
  clearFeature?: boolean;
}

/** The variables of updateDependency from a dependency row: only what changed (an emptied feature clears it). */
export function dependencyEdit(form: FormData): DependencyEdit {
  const edit: DependencyEdit = { systemId: id(form, "systemId"), fromKey: text(form, "fromKey"), toKey: text(form, "toKey") };
  const w = weight(form);
  if (w !== undefined && String(w) !== text(form, "was:weight").trim()) edit.weight = w;
  const feature = changed(form, "feature");
  if (feature === "") edit.clearFeature = true;
  else if (feature !== undefined) edit.feature = feature;
  if (edit.weight === undefined && edit.feature === undefined && !edit.clearFeature) throw new FormProblem("weight", "nothing to change: give a new weight or feature");
  return edit;
}

/** The variables of addDependency from the new-dependency form. */
export function dependencyAdd(form: FormData): DependencyEdit {
  const fromKey = text(form, "fromKey");
  const toKey = text(form, "toKey");
  if (fromKey === "") throw new FormProblem("fromKey", "choose the model whose output is the input");
  if (toKey === "") throw new FormProblem("toKey", "choose the model it feeds");
  const add: DependencyEdit = { systemId: id(form, "systemId"), fromKey, toKey };
  const w = weight(form);
  if (w !== undefined) add.weight = w;
  const feature = text(form, "feature").trim();
  if (feature !== "") add.feature = feature;
  return add;
}

/** The field an error message names ("weight: expected …" → "weight", "addFeatures[0].kind: …" → "addFeatures"). */
export function fieldOf(message: string): string | null {
  const match = /^([A-Za-z][A-Za-z0-9_]*)(?:\[[^\]]*\])?(?:\.[A-Za-z0-9_]+)*: /.exec(message);
  return match ? match[1]! : null;
}

/** The form's state after a failure: the API's messages (they start with the field), codes, a hint for FORBIDDEN. */
export function failure(error: unknown): RegistryFormState {
  if (error instanceof FormProblem) return { ok: null, error: error.message, field: error.field, codes: [] };
  if (error instanceof GraphQLRequestError && error.kind === "graphql" && error.errors.length > 0) {
    const codes = error.codes;
    const text = error.errors.map((e) => e.message).join("; ");
    const forbidden = codes.includes("FORBIDDEN") || codes.includes("UNAUTHENTICATED");
    const hint = forbidden ? " The dashboard's API key (TANDEM_WEB_KEY / TANDEM_API_KEY) needs the ADMIN scope to change the registry." : "";
    return { ok: null, error: `${text}${hint}`, field: fieldOf(error.errors[0]!.message), codes };
  }
  return { ok: null, error: error instanceof Error ? error.message : String(error), field: null, codes: [] };
}
