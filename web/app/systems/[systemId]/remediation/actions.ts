"use server";
// Approve / reject a remediation proposal. Runs on the server with the dashboard's API key (ADMIN);
// the browser only posts the form, so it works without client JS; the redirect shows the new state.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { GraphQLRequestError } from "@/lib/graphql";
import { decideRemediation } from "@/lib/remediation-queries";

const ID = /^[A-Za-z0-9-]{1,64}$/;

export async function decideRemediationAction(form: FormData): Promise<void> {
  const decision = form.get("decision");
  const actionId = form.get("actionId");
  const systemId = form.get("systemId");
  const back = form.get("back");
  const target = typeof back === "string" && back.startsWith("/systems/") ? back : `/systems/${String(systemId)}/remediation`;
  const sep = target.includes("?") ? "&" : "?";
  if ((decision !== "approve" && decision !== "reject") || typeof actionId !== "string" || !ID.test(actionId) || typeof systemId !== "string" || !ID.test(systemId)) {
    redirect(`${target}${sep}remediationError=${encodeURIComponent("The form did not name a valid proposal; reload the page and try again.")}`);
  }
  let error: string | null = null;
  try {
    await decideRemediation(actionId as string, decision as "approve" | "reject", null);
  } catch (e) {
    error = e instanceof GraphQLRequestError && e.errors.length > 0 ? e.errors.map((x) => x.message).join("; ") : e instanceof Error ? e.message : String(e);
  }
  revalidatePath(`/systems/${systemId}`, "layout");
  redirect(error ? `${target}${sep}remediationError=${encodeURIComponent(error)}` : `${target}${sep}decided=${decision}`);
}
