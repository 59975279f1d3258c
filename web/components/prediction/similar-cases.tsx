// The case-based view: the k nearest labelled reference predictions and their labels.
import { DataTable } from "@/components/data-table";
import type { Explanation } from "@/lib/prediction-queries";
import styles from "./prediction.module.css";

export function SimilarCasesTable({ similar, predictedLabel, sameLabelCount }: { similar: NonNullable<Explanation["similarCases"]>; predictedLabel: string | null | undefined; sameLabelCount: number | null | undefined }) {
  return (
    <>
      <p data-testid="similar-summary">
        {predictedLabel !== null && predictedLabel !== undefined ? (
          <>
            Of the {similar.k} most similar reference cases, <strong data-testid="same-label-count">{sameLabelCount ?? 0}</strong> had this label (
            <code>{predictedLabel}</code>).
          </>
        ) : (
          <>
            Of the {similar.k} most similar reference cases, the labels were {similar.labelCounts.map((l) => `${l.label} (${l.count})`).join(", ")}.
          </>
        )}
      </p>
      <DataTable testId="similar-cases" caption="Most similar labelled reference predictions" columns={[{ label: "Reference prediction" }, { label: "Distance", className: styles.num }, { label: "Label" }]}>
        {similar.cases.map((c) => (
          <tr key={c.predictionId} data-testid="similar-case" data-prediction-id={c.predictionId}>
            <th scope="row">
              <code>{c.predictionId}</code>
            </th>
            <td className={styles.num}>{c.distance.toFixed(3)}</td>
            <td data-testid="similar-label">{c.label}</td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
