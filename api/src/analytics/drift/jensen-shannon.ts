// Jensen–Shannon DISTANCE, base 2 (docs/drift.md), exactly as
// `scipy.spatial.distance.jensenshannon(p, q, base=2)`:
//
//   p = P / ΣP,  q = Q / ΣQ,  m = (p + q) / 2
//   JS = sqrt( (Σ rel_entr(p, m) + Σ rel_entr(q, m)) / ln 2 / 2 )
//
// with rel_entr(x, y) = x·ln(x/y) for x > 0 and 0 for x = 0. The result lies in [0, 1]: 0 for
// identical distributions, 1 for disjoint supports. Rounding can push the divergence a hair
// outside [0, 2] (SciPy would then return NaN or 1 + 1e-16); we clamp to [0, 1].

import { checkedProportions } from "./bins.js";

const WHERE = "analytics/jensen-shannon";

export function jensenShannon(args: { reference: ArrayLike<number>; current: ArrayLike<number> }): number {
  const { reference, current } = args;
  if (reference.length !== current.length) {
    throw new Error(`${WHERE}: reference and current have different bin counts (${reference.length} vs ${current.length})`);
  }
  const p = checkedProportions({ where: WHERE, name: "reference", values: reference });
  const q = checkedProportions({ where: WHERE, name: "current", values: current });
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2;
    if (p[i]! > 0) left += p[i]! * Math.log(p[i]! / m);
    if (q[i]! > 0) right += q[i]! * Math.log(q[i]! / m);
  }
  const js = (left + right) / Math.LN2;
  return Math.min(1, Math.sqrt(Math.max(0, js / 2)));
}
