import { LoadingSkeleton } from "@/components/loading-skeleton";

/** Shown while a system's page waits for the Tandem API (streamed before the data). */
export default function Loading() {
  return (
    <LoadingSkeleton
      title="System"
      message="Loading the system from the Tandem API…"
      testId="system-loading"
      cards={[{ lines: ["title", "short"] }, { lines: ["text"], rows: 4 }]}
    />
  );
}
