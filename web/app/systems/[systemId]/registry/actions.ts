"use server";
// The registry changes of the dashboard, run on the server with the dashboard's API key (it needs
// the ADMIN scope); the browser only posts the forms. Each answers the form's new state (what was
// done, or the API's refusal naming the field) and refreshes the system's pages, so they show the
// new state.
import { revalidatePath } from "next/cache";
import { graphqlRequest } from "@/lib/graphql";
import {
  ADD_DEPENDENCY_MUTATION,
  REMOVE_DEPENDENCY_MUTATION,
  RETIRE_MODEL_MUTATION,
  UPDATE_DEPENDENCY_MUTATION,
  UPDATE_MODEL_MUTATION,
} from "@/lib/registry-queries";
import { FormProblem, dependencyAdd, dependencyEdit, describeModelEdit, failure, id, modelEdit, text, type RegistryFormState } from "@/lib/registry-forms";

async function run(form: FormData, change: () => Promise<string>): Promise<RegistryFormState> {
  try {
    const ok = await change();
    const systemId = text(form, "systemId");
    if (/^[A-Za-z0-9_-]{1,64}$/.test(systemId)) revalidatePath(`/systems/${systemId}`, "layout");
    return { ok, error: null, field: null, codes: [] };
  } catch (error) {
    if (!(error instanceof FormProblem)) console.error("[tandem-web] registry change failed:", error);
    return { ...failure(error), values: typed(form) };
  }
}

/** The text fields as posted (not the `was:` copies nor ids), to show them again after a refusal. */
function typed(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === "string" && !name.startsWith("was:") && !name.startsWith("$")) values[name] = value;
  return values;
}

export async function updateModelAction(_previous: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  return run(form, async () => {
    const edit = modelEdit(form);
    await graphqlRequest(UPDATE_MODEL_MUTATION, edit);
    return describeModelEdit(edit);
  });
}

export async function retireModelAction(_previous: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  return run(form, async () => {
    const modelId = id(form, "id");
    const key = text(form, "key");
    if (text(form, "confirm").trim() !== key) throw new FormProblem("confirm", `type the model's key (${key}) to retire it`);
    const { retireModel } = await graphqlRequest(RETIRE_MODEL_MUTATION, { id: modelId });
    return `Retired ${retireModel.key}${retireModel.retiredFrom ? ` from the window starting ${retireModel.retiredFrom}` : ""}.`;
  });
}

export async function addDependencyAction(_previous: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  return run(form, async () => {
    const add = dependencyAdd(form);
    await graphqlRequest(ADD_DEPENDENCY_MUTATION, add);
    return `Added ${add.fromKey} → ${add.toKey}.`;
  });
}

export async function updateDependencyAction(_previous: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  return run(form, async () => {
    const edit = dependencyEdit(form);
    const { updateDependency } = await graphqlRequest(UPDATE_DEPENDENCY_MUTATION, edit);
    return `Saved ${edit.fromKey} → ${edit.toKey}: weight ${updateDependency.weight}${updateDependency.feature ? `, feature ${updateDependency.feature}` : ""}.`;
  });
}

export async function removeDependencyAction(_previous: RegistryFormState, form: FormData): Promise<RegistryFormState> {
  return run(form, async () => {
    const systemId = id(form, "systemId");
    const fromKey = text(form, "fromKey");
    const toKey = text(form, "toKey");
    await graphqlRequest(REMOVE_DEPENDENCY_MUTATION, { systemId, fromKey, toKey });
    return `Removed ${fromKey} → ${toKey}.`;
  });
}
