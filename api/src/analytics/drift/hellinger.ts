// Hellinger distance between two discrete distributions (bin proportions):
//
//   H(p, q) = sqrt(1 − Σ_i sqrt(p_i · q_i))          (1 − Bhattacharyya coefficient)
//           = sqrt(½ · Σ_i (sqrt(p_i) − sqrt(q_i))²)  (the same, since Σp = Σq = 1)
//
// Inputs are counts or proportions and are divided by their sums first. We evaluate the second
// form: it has no cancellation, so identical distributions give exactly 0 and nearly identical
// ones keep full relative precision (the first form loses half the digits to `1 − (1 − ε)`).
// Range [0, 1]; 1 for disjoint supports. It is the form Evidently's `hellinger_distance.py` uses.
// SciPy has no Hellinger function; the test fixtures compute this formula in NumPy and check
// that it agrees with the first form.

import { checkedProportions } from "./bins.js";

const WHERE = "analytics/hellinger";

export function hellinger(args: { reference: ArrayLike<number>; current: ArrayLike<number> }): number {
  const { reference, current } = args;
  if (reference.length !== current.length) {
    throw new Error(`${WHERE}: reference and current have different bin counts (${reference.length} vs ${current.length})`);
  }
  const p = checkedProportions({ where: WHERE, name: "reference", values: reference });
  const q = checkedProportions({ where: WHERE, name: "current", values: current });
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const d = Math.sqrt(p[i]!) - Math.sqrt(q[i]!);
    sum += d * d;
  }
  return Math.min(1, Math.sqrt(sum / 2));
}
