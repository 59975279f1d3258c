// One sensitive feature's groups in the selected window: rows and the task's group metrics
// (classification: selection rate, TPR, FPR, accuracy; regression: mean prediction, mean error,
// MAE). Cells carry the exact value (data-value) for tests; text is rounded.
import { DataTable } from "@/components/data-table";
import type { FairnessGroup } from "@/lib/fairness-queries";
import { formatStat } from "./format";
import styles from "./model.module.css";

type MetricKey = "selectionRate" | "truePositiveRate" | "falsePositiveRate" | "accuracy" | "meanPrediction" | "meanError" | "meanAbsoluteError";

const CLASSIFICATION: ReadonlyArray<[MetricKey, string]> = [
  ["selectionRate", "Selection rate"],
  ["truePositiveRate", "TPR"],
  ["falsePositiveRate", "FPR"],
  ["accuracy", "Accuracy"],
];
const REGRESSION: ReadonlyArray<[MetricKey, string]> = [
  ["meanPrediction", "Mean prediction"],
  ["meanError", "Mean error"],
  ["meanAbsoluteError", "MAE"],
];

export function isRegression(task: string): boolean {
  return task === "REGRESSION" || task === "RANKING";
}

export function FairnessGroupsTable({ feature, groups, task, minGroupSize }: { feature: string; groups: FairnessGroup[]; task: string; minGroupSize: number }) {
  const metrics = isRegression(task) ? REGRESSION : CLASSIFICATION;
  if (groups.length === 0) return <p className="muted">No predictions in this window.</p>;
  return (
    <DataTable
      className={styles.table}
      testId={`fairness-groups-${feature}`}
      caption={`Groups of ${feature}`}
      columns={[{ label: "Group" }, { label: "Predictions", className: styles.num }, { label: "Labelled", className: styles.num }, ...metrics.map(([, label]) => ({ label, className: styles.num }))]}
    >
      {groups.map((g) => (
        <tr key={g.group} data-testid="fairness-group" data-group={g.group} data-small={String(g.count < minGroupSize)}>
          <th scope="row">
            {g.group}
            {g.count < minGroupSize ? <span className={styles.kind}>fewer than {minGroupSize} rows: not counted</span> : null}
          </th>
          <td className={styles.num} data-metric="count" data-value={String(g.count)}>{g.count.toLocaleString("en-US")}</td>
          <td className={styles.num} data-metric="labeled" data-value={String(g.labeled)}>{g.labeled.toLocaleString("en-US")}</td>
          {metrics.map(([key]) => (
            <td key={key} className={styles.num} data-metric={key} data-value={g[key] === null ? "" : String(g[key])}>
              {formatStat(g[key])}
            </td>
          ))}
        </tr>
      ))}
    </DataTable>
  );
}
