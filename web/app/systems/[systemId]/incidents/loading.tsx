import { LoadingSkeleton } from "@/components/loading-skeleton";

/** Shown while the incidents list waits for the Tandem API. */
export default function Loading() {
  return <LoadingSkeleton title="Incidents" message="Loading incidents from the Tandem API…" testId="incidents-loading" cards={[{ lines: ["short"], rows: 5 }]} />;
}
