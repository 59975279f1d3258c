// nDCG of a window's global feature-importance ranking against the reference's — the statistic
// SageMaker Clarify monitors for feature-attribution drift (a violation when it falls below 0.9).
//
// Definition (all features, k = n; Clarify, "Feature attribution drift violations"):
//   relevance a(f)   = the feature's REFERENCE importance (mean |attribution| in the reference)
//   current order    f'_1 … f'_n = features ranked by CURRENT importance, descending
//                    (ties: by reference importance descending, then by name — deterministic)
//   ideal order      f_1 … f_n  = features ranked by reference importance, descending
//   DCG  = Σ_{i=1..n} a(f'_i) / log2(i + 1)
//   iDCG = Σ_{i=1..n} a(f_i)  / log2(i + 1)
//   nDCG = DCG / iDCG  ∈ (0, 1]; 1 when the current ranking puts the features in the reference's
//   order (equal relevances in any order). null when iDCG = 0 (the reference has no attribution
//   mass: nothing to compare with).
// Features absent from either side count with importance 0 there.

export interface NdcgArgs {
  reference: Readonly<Record<string, number>>;
  current: Readonly<Record<string, number>>;
}

function check(side: string, importances: Readonly<Record<string, number>>): void {
  for (const [name, v] of Object.entries(importances)) {
    if (!Number.isFinite(v) || v < 0) throw new Error(`analytics/ndcg: ${side}.${name}: importance must be a finite number ≥ 0, got ${v}`);
  }
}

/** nDCG of the current ranking with the reference importances as relevance; null if iDCG = 0. */
export function attributionNdcg(args: NdcgArgs): number | null {
  check("reference", args.reference);
  check("current", args.current);
  const names = [...new Set([...Object.keys(args.reference), ...Object.keys(args.current)])];
  const rel = (f: string) => args.reference[f] ?? 0;
  const cur = (f: string) => args.current[f] ?? 0;
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ideal = [...names].sort((a, b) => rel(b) - rel(a) || byName(a, b));
  const observed = [...names].sort((a, b) => cur(b) - cur(a) || rel(b) - rel(a) || byName(a, b));
  let dcg = 0;
  let idcg = 0;
  for (let i = 0; i < names.length; i += 1) {
    const discount = Math.log2(i + 2);
    dcg += rel(observed[i]!) / discount;
    idcg += rel(ideal[i]!) / discount;
  }
  if (!(idcg > 0)) return null;
  return Math.min(1, dcg / idcg);
}
