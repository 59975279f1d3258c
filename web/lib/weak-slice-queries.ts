// Weak slices of a model (docs/weak-slices.md): where it is wrong, for the model page and the
// report. Server-side only.
import { graphqlRequest } from "./graphql";
import { graphql } from "./generated";
import type { ModelWeakSlicesQuery, WeakSliceConditionFieldsFragment } from "./generated/graphql";

export type WeakSliceReport = ModelWeakSlicesQuery["weakSlices"];
export type WeakSlice = WeakSliceReport["slices"][number];
export type WeakSliceCondition = WeakSliceConditionFieldsFragment;

graphql(`
  fragment WeakSliceConditionFields on SliceCondition {
    feature category range { lower upper }
  }
`);

const WEAK_SLICES_QUERY = graphql(`
  query ModelWeakSlices($id: ID!, $at: DateTime, $max: Int) {
    weakSlices(modelId: $id, at: $at, maxSlices: $max) {
      windowStart windowEnd metric estimated test rows tested reason
      slices { conditions { ...WeakSliceConditionFields } support metric inSlice outside pValue adjustedPValue estimated }
    }
  }
`);

/** The weak slices of the window ending at `at` (null: the last closed window), or the error's message. */
export async function fetchWeakSlices(modelId: string, at: string | null, max: number): Promise<WeakSliceReport | { error: string }> {
  try {
    const data = await graphqlRequest(WEAK_SLICES_QUERY, { id: modelId, at, max }, { timeoutMs: 30_000 });
    return data.weakSlices;
  } catch (error) {
    return { error: error instanceof Error ? error.message.replace(/^The Tandem API at \S+ answered with an error: /, "") : String(error) };
  }
}

function formatBound(v: number): string {
  return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
}

/** "region = east", "age ≥ 68.2", "12 ≤ age < 30". */
export function formatCondition(c: WeakSliceCondition): string {
  if (c.category != null) return `${c.feature} = ${c.category}`;
  const lower = c.range?.lower;
  const upper = c.range?.upper;
  if (lower != null && upper != null) return `${formatBound(lower)} ≤ ${c.feature} < ${formatBound(upper)}`;
  if (lower != null) return `${c.feature} ≥ ${formatBound(lower)}`;
  if (upper != null) return `${c.feature} < ${formatBound(upper)}`;
  return c.feature;
}

/** The slice's conditions joined: "region = east and age ≥ 68.2". */
export function formatSlice(slice: Pick<WeakSlice, "conditions">): string {
  return slice.conditions.map(formatCondition).join(" and ");
}

/** A metric value as the page shows it: a rate in percent, an error with 4 significant digits. */
export function formatSliceMetric(metric: string, value: number): string {
  return metric === "error_rate" ? `${(value * 100).toFixed(1)}%` : Number(value.toPrecision(4)).toString();
}

export function formatPValue(p: number): string {
  return p === 0 ? "< 1e-300" : p < 0.001 ? p.toExponential(1) : p.toFixed(3);
}
