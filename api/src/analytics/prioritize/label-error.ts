// LABEL_ERROR: labels that a confident, calibrated model contradicts — review before training
// (issue 6; docs/retraining.md). Confident learning (Northcutt, Jiang & Chuang, "Confident
// Learning: Estimating Uncertainty in Dataset Labels", JAIR 2021):
//   - every labelled candidate has a probability vector p over the classes: BINARY
//     [1 − q, q] with q the calibrated P(positive) (`calibrate`), MULTICLASS its `probabilities`
//     (a class missing from the table has probability 0);
//   - per-class thresholds t_j = mean of p_j over the reference samples labelled j (`reference`,
//     default the candidates themselves; per task). A class nobody is labelled with has no threshold;
//   - a sample labelled i is FLAGGED when p_i < t_i and some other class j has p_j ≥ t_j; j* is the
//     most probable such class and the margin m = p_j* − p_i (Northcutt's normalised margin);
//     priority = 0.5 + 0.5 · (1 + m) / 2 ∈ (0.5, 1];
//   - a sample that is not flagged but whose label is not the model's favourite (m = max_{j≠i} p_j −
//     p_i > 0) is a weaker suspect: priority = 0.5 · m ∈ (0, 0.5]. Flagged samples always come first.
// Only the `label` is checked (feedback is DISAGREEMENT's business); regression / ranking do not apply.
import {
  binaryOutcome, byPriority, type Candidate, type ClassOptions, DEFAULT_BINARY_CLASSES, fmt, observedClass,
  positiveProbability, type Prioritized, validateCandidates, validateClassOptions,
} from "./candidates.js";

export interface LabelErrorArgs extends ClassOptions {
  candidates: readonly Candidate[];
  /** Labelled samples the thresholds are learned from (default: `candidates`). */
  reference?: readonly Candidate[];
}

interface Labelled {
  id: string;
  task: "BINARY_CLASSIFICATION" | "MULTICLASS_CLASSIFICATION";
  given: string;
  p: Record<string, number>;
}

function labelled(c: Candidate, args: ClassOptions): Labelled | null {
  if (c.label === null || (c.label.value == null && c.label.class == null)) return null;
  const label = { value: c.label.value ?? null, class: c.label.class ?? null };
  if (c.task === "BINARY_CLASSIFICATION") {
    const q = positiveProbability(c, args);
    if (q === null) return null;
    const [negative, positive] = args.binaryClasses ?? DEFAULT_BINARY_CLASSES;
    const given = binaryOutcome(c, label, args) === 1 ? positive : negative;
    return { id: c.id, task: c.task, given, p: { [negative]: 1 - q, [positive]: q } };
  }
  if (c.task === "MULTICLASS_CLASSIFICATION") {
    if (c.probabilities === null) return null;
    return { id: c.id, task: c.task, given: observedClass(label), p: c.probabilities };
  }
  return null;
}

/** Per task, class → t_j (mean p_j over the samples labelled j). */
export function classThresholds(args: LabelErrorArgs): Map<string, Map<string, number>> {
  const ref = args.reference ?? args.candidates;
  const sums = new Map<string, Map<string, [number, number]>>();
  for (const c of ref) {
    const l = labelled(c, args);
    if (l === null) continue;
    const perTask = sums.get(l.task) ?? new Map<string, [number, number]>();
    sums.set(l.task, perTask);
    const acc = perTask.get(l.given) ?? [0, 0];
    acc[0] += l.p[l.given] ?? 0;
    acc[1] += 1;
    perTask.set(l.given, acc);
  }
  const out = new Map<string, Map<string, number>>();
  for (const [task, perTask] of sums) out.set(task, new Map([...perTask].map(([k, [s, n]]) => [k, s / n])));
  return out;
}

export function labelError(args: LabelErrorArgs): Prioritized[] {
  const { candidates } = args;
  validateCandidates(candidates);
  validateClassOptions(args);
  if (args.reference !== undefined) validateCandidates(args.reference);
  const thresholds = classThresholds(args);
  const out: Prioritized[] = [];
  for (const c of candidates) {
    const l = labelled(c, args);
    if (l === null) continue;
    const t = thresholds.get(l.task);
    const pi = l.p[l.given] ?? 0;
    const ti = t?.get(l.given);
    const others = Object.keys(l.p).filter((k) => k !== l.given).sort();
    if (others.length === 0) continue;
    let confident: string | null = null;
    for (const j of others) {
      const tj = t?.get(j);
      if (tj !== undefined && l.p[j]! >= tj && (confident === null || l.p[j]! > l.p[confident]!)) confident = j;
    }
    if (ti !== undefined && pi < ti && confident !== null) {
      const m = l.p[confident]! - pi;
      out.push({
        id: c.id,
        priority: 0.5 + 0.5 * ((1 + m) / 2),
        reasons: [
          `labelled "${l.given}", but the model gives "${confident}" probability ${fmt(l.p[confident]!)} (≥ its class threshold ${fmt(t!.get(confident)!)}) and "${l.given}" only ${fmt(pi)} (< ${fmt(ti)}): likely label error, review before training`,
        ],
      });
      continue;
    }
    let best = others[0]!;
    for (const j of others) if (l.p[j]! > l.p[best]!) best = j;
    const m = l.p[best]! - pi;
    if (m > 0) {
      out.push({
        id: c.id,
        priority: 0.5 * m,
        reasons: [`labelled "${l.given}", the model prefers "${best}" (${fmt(l.p[best]!)} vs ${fmt(pi)}) but not confidently: possible label error, review before training`],
      });
    }
  }
  return byPriority(out);
}
