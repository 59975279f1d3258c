import { LoadingSkeleton } from "@/components/loading-skeleton";

/** Shown while the page waits for the Tandem API (streamed before the data). */
export default function Loading() {
  const card = { lines: ["title", "text", "short"], rows: 3 } as const;
  return <LoadingSkeleton title="Systems" message="Loading systems from the Tandem API…" cards={[card, card]} />;
}
