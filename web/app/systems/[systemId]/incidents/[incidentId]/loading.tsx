import { LoadingSkeleton } from "@/components/loading-skeleton";

/** Shown while an incident's detail waits for the Tandem API. */
export default function Loading() {
  const card = { lines: ["title", "text", "short"] } as const;
  return (
    <LoadingSkeleton title="Incident" message="Loading the incident, its root cause and blast radius…" testId="incident-loading" cards={[card, card, card]} />
  );
}
