// Benjamini–Hochberg adjusted p-values (docs/drift.md), as
// `scipy.stats.false_discovery_control(ps, method="bh")` (SciPy ≥ 1.11) and statsmodels'
// `multipletests(ps, method="fdr_bh")`:
//
//   with p_(1) ≤ … ≤ p_(m) the sorted p-values,
//   adjusted_(i) = min(1, min_{j ≥ i} p_(j) · m / j)
//
// returned in the original order. Null entries (tests that could not run) are ignored: they stay
// null and are not counted in m. Tied p-values receive the same adjusted value.

const WHERE = "analytics/benjamini-hochberg";

export function benjaminiHochberg(args: { pValues: ReadonlyArray<number | null> }): Array<number | null> {
  const { pValues } = args;
  const present: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (p === null) continue;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new Error(`${WHERE}: pValues[${i}] must be a number in [0, 1] or null, got ${String(p)}`);
    }
    present.push(i);
  }
  const out: Array<number | null> = pValues.map(() => null);
  const m = present.length;
  if (m === 0) return out;
  const order = present.slice().sort((a, b) => pValues[a]! - pValues[b]! || a - b);
  let running = Infinity;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1]!;
    running = Math.min(running, pValues[index]! * (m / rank));
    out[index] = Math.min(1, running);
  }
  return out;
}
