// UNCERTAINTY: predictions near the decision boundary (issue 6; docs/retraining.md).
//   - BINARY: p = calibrated P(positive), t = `threshold` (default 0.5);
//     priority = 1 − |p − t| / max(t, 1 − t) (1 on the boundary, 0 at certainty).
//   - MULTICLASS: normalised Shannon entropy H(p) / ln K over the K classes of `probabilities`
//     (renormalised to sum 1); K < 2 carries no uncertainty.
//   - REGRESSION / RANKING: a point prediction says nothing about its uncertainty: not applicable.
// Candidates with priority 0 are not returned.
import {
  byPriority, type Candidate, type ClassOptions, fail, fmt, positiveProbability, type Prioritized,
  validateCandidates, validateClassOptions,
} from "./candidates.js";

export interface UncertaintyArgs extends ClassOptions {
  candidates: readonly Candidate[];
  /** Binary decision threshold on the calibrated probability (default 0.5). */
  threshold?: number;
}

export function uncertainty(args: UncertaintyArgs): Prioritized[] {
  const { candidates } = args;
  validateCandidates(candidates);
  validateClassOptions(args);
  const t = args.threshold ?? 0.5;
  if (typeof t !== "number" || !(t > 0 && t < 1)) fail(`threshold must be in (0, 1), got ${String(args.threshold)}`);
  const out: Prioritized[] = [];
  for (const c of candidates) {
    switch (c.task) {
      case "BINARY_CLASSIFICATION": {
        const p = positiveProbability(c, args);
        if (p === null) break;
        const priority = 1 - Math.abs(p - t) / Math.max(t, 1 - t);
        if (priority > 0) {
          out.push({ id: c.id, priority, reasons: [`probability ${fmt(p)} is ${fmt(Math.abs(p - t))} from the decision boundary ${fmt(t)}`] });
        }
        break;
      }
      case "MULTICLASS_CLASSIFICATION": {
        if (c.probabilities === null) break;
        const ps = Object.values(c.probabilities);
        const total = ps.reduce((a, b) => a + b, 0);
        if (ps.length < 2 || total <= 0) break;
        let h = 0;
        for (const p of ps) if (p > 0) h -= (p / total) * Math.log(p / total);
        const priority = Math.min(1, h / Math.log(ps.length));
        if (priority > 0) {
          const ranked = Object.entries(c.probabilities).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 2);
          const tops = ranked.map(([k, p]) => `"${k}" ${fmt(p)}`).join(", ");
          out.push({
            id: c.id,
            priority,
            reasons: [`entropy ${fmt(h)} nats = ${fmt(priority)} of the maximum for ${ps.length} classes (top: ${tops})`],
          });
        }
        break;
      }
      case "REGRESSION":
      case "RANKING":
        break;
      default: {
        const never: never = c.task;
        fail(`unknown task ${String(never)}`);
      }
    }
  }
  return byPriority(out);
}
