import { LoadingSkeleton } from "@/components/loading-skeleton";

/** Shown while the retraining queue waits for the Tandem API (it ranks every strategy). */
export default function Loading() {
  return (
    <LoadingSkeleton
      title="Retraining queue"
      message="Ranking recent predictions for retraining…"
      testId="retraining-loading"
      cards={[{ lines: ["title", "text"], rows: 6 }]}
    />
  );
}
