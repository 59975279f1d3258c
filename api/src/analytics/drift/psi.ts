// Population Stability Index (docs/drift.md; Evidently `stattests/psi.py`):
//
//   PSI = Σ_i (cur_i − ref_i) · ln(cur_i / ref_i)
//
// over the bin PROPORTIONS of reference and current (counts are divided by their sum; proportions
// pass through that division unchanged up to rounding). A proportion that is exactly zero is
// replaced by 1e-4 and the vectors are NOT renormalized afterwards. There is no SciPy function for
// PSI; the test fixtures compute this formula in NumPy.

import { checkedProportions } from "./bins.js";

const WHERE = "analytics/psi";

/** Stand-in for an empty bin, as in Evidently. */
export const PSI_EMPTY_BIN = 1e-4;

export function psi(args: { reference: ArrayLike<number>; current: ArrayLike<number> }): number {
  const { reference, current } = args;
  if (reference.length !== current.length) {
    throw new Error(`${WHERE}: reference and current have different bin counts (${reference.length} vs ${current.length})`);
  }
  const ref = checkedProportions({ where: WHERE, name: "reference", values: reference });
  const cur = checkedProportions({ where: WHERE, name: "current", values: current });
  let sum = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i] === 0 ? PSI_EMPTY_BIN : ref[i]!;
    const c = cur[i] === 0 ? PSI_EMPTY_BIN : cur[i]!;
    sum += (c - r) * Math.log(c / r);
  }
  return sum;
}
