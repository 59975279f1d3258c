import { LoadingSkeleton } from "@/components/loading-skeleton";
import styles from "@/components/model/model.module.css";

/** Shown while the model page waits for the Tandem API (streamed before the data). */
export default function Loading() {
  return (
    <LoadingSkeleton
      message="Loading the model from the Tandem API…"
      testId="model-loading"
      cards={[
        { lines: ["title", "text", "short"], className: styles.header },
        { bar: true },
        { heading: "Drift", rows: 4 },
        { heading: "Performance over time", rows: 4 },
      ]}
    />
  );
}
