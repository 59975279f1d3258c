"use server";
// Acknowledge / resolve an incident. Runs on the server with the dashboard's API key (it needs
// ADMIN scope); the browser only posts the form. Works without client JS: the form posts, this
// action runs, and the redirect shows the page again with the new status.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { GraphQLRequestError } from "@/lib/graphql";
import { changeIncidentStatus, type IncidentAction } from "@/lib/incident-queries";

export interface IncidentActionState {
  /** Why the API refused, in its own words; null when nothing failed. */
  error: string | null;
  action: IncidentAction | null;
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

export async function changeIncidentStatusAction(_previous: IncidentActionState, form: FormData): Promise<IncidentActionState> {
  const action = form.get("action");
  const incidentId = form.get("incidentId");
  const systemId = form.get("systemId");
  if (action !== "acknowledge" && action !== "resolve") {
    return { error: `action: expected "acknowledge" or "resolve", got ${JSON.stringify(action)}`, action: null };
  }
  if (typeof incidentId !== "string" || !ID.test(incidentId) || typeof systemId !== "string" || !ID.test(systemId)) {
    return { error: "The form did not name a valid incident; reload the page and try again.", action };
  }
  try {
    await changeIncidentStatus(incidentId, action);
  } catch (error) {
    console.error(`[tandem-web] ${action} incident ${incidentId} failed:`, error);
    return { error: describe(error), action };
  }
  revalidatePath(`/systems/${systemId}/incidents`, "layout");
  redirect(`/systems/${systemId}/incidents/${incidentId}?done=${action}`);
}

function describe(error: unknown): string {
  if (error instanceof GraphQLRequestError) {
    if (error.kind === "graphql" && error.errors.length > 0) {
      const codes = error.codes;
      const text = error.errors.map((e) => e.message).join("; ");
      const hint = codes.includes("FORBIDDEN") || codes.includes("UNAUTHENTICATED")
        ? " The dashboard's API key (TANDEM_API_KEY) needs the ADMIN scope to change incidents."
        : "";
      return `The API refused: ${text}${codes.length ? ` (${codes.join(", ")})` : ""}.${hint}`;
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
