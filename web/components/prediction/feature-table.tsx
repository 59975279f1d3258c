// Each feature's value placed in the model's reference window: percentile (numeric), frequency
// (categorical), outside the reference range, in a drifted bin.
import { DataTable } from "@/components/data-table";
import type { Explanation } from "@/lib/prediction-queries";
import styles from "./prediction.module.css";

const pct = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${x.toFixed(1)}`);

export function FeatureTable({ features }: { features: Explanation["features"] }) {
  return (
    <DataTable
      testId="feature-table"
      caption="Feature values against the reference"
      columns={[
        { label: "Feature" },
        { label: "Value" },
        { label: "Percentile in reference", className: styles.num },
        { label: "Share of reference", className: styles.num },
        { label: "Out of reference range" },
        { label: "In a drifted bin" },
      ]}
    >
      {features.map((f) => (
        <tr key={f.feature} data-testid="feature-row" data-feature={f.feature}>
          <th scope="row">
            <code>{f.feature}</code>
          </th>
          <td data-testid="feature-value">{f.value === null || f.value === undefined ? "missing" : String(f.value)}</td>
          <td className={styles.num} data-testid="feature-percentile">
            {pct(f.percentile)}
          </td>
          <td className={styles.num}>{f.referenceFrequency === null || f.referenceFrequency === undefined ? "—" : `${(f.referenceFrequency * 100).toFixed(1)}%`}</td>
          <td data-testid="feature-out-of-range" className={f.outOfReferenceRange ? styles.flag : undefined}>
            {f.outOfReferenceRange ? "yes" : "no"}
          </td>
          <td>{f.inDriftedBin === null || f.inDriftedBin === undefined ? "—" : f.inDriftedBin ? "yes" : "no"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
