// /models/[modelId]/predictions?id=… — the target of the model page's "Explain a prediction" form:
// sends the browser to that prediction's page.
import { redirect } from "next/navigation";
import { firstParam, type SearchParams } from "@/lib/search-params";

export default async function PredictionLookup({ params, searchParams }: { params: Promise<{ modelId: string }>; searchParams: SearchParams }) {
  const { modelId } = await params;
  const id = firstParam((await searchParams).id)?.trim();
  redirect(id ? `/models/${modelId}/predictions/${encodeURIComponent(id)}` : `/models/${modelId}`);
}
