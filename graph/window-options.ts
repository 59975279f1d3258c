// The options of the window explanation (root-cause ranking, incident groups, cascades), their
// defaults and their checks: one list, read by rankRootCauses, detectCascades and explainWindow.

export interface ExplainWindowOptions {
  /** Probability that an affected model passes the fault to a consumer. */
  transmission?: number;
  /** Rate of anomalies unrelated to any fault (spurious). */
  spuriousRate?: number;
  /** Intensity kept per hop along an edge of weight w: attenuation · w^weightExponent. */
  attenuation?: number;
  weightExponent?: number;
  /** Softness of the detection curve around the anomaly threshold (score units). */
  detectionSpread?: number;
  /** Weight of log(unexplained) — the prior against a cause that an earlier anomalous parent explains. */
  explainedPenalty?: number;
  /** Weight of log(own score). */
  scoreWeight?: number;
  /** Log-likelihood a model gains as origin when it changed at its onset (`changedAtOnset` 1; scaled by it). */
  changeEvidence?: number;
  /** Weight of the signal evidence: log-ratio of the breached/present signal counts under a fault vs noise (0 = ignore). */
  signalWeight?: number;
  /** Share of a model's signals a real fault breaches. */
  faultBreachRate?: number;
  /** Share of a model's signals a spurious anomaly breaches. */
  noiseBreachRate?: number;
  /** Searches stop where the probability of being affected falls below this. */
  minPrior?: number;
  /** How many consecutive healthy models the search may cross (Infinity = no limit). */
  healthyHops?: number;
  /** A healthy model is crossed only when it feeds an orphan, and the search goes on from it to those orphans only (false: every healthy model within healthyHops, on to all its consumers). */
  crossFeedingOnly?: boolean;
  /** Length of a window in ms: lags in windows in the sentences, and the persistence rule. */
  windowMs?: number | null;
  /** Start (epoch ms) of the evaluated window: with windowMs, how long a model has been anomalous. */
  windowStart?: number | null;
  /**
   * Probability that a spurious anomaly goes on one more window (needs windowStart and windowMs): a
   * candidate anomalous for n consecutive windows gains min(n − 1, persistenceCap) · log(1 / this) —
   * a fault persists, a spurious alarm rarely does. 1 = ignore how long.
   */
  spuriousPersistence?: number;
  /** At most this many extra windows count (a model flapping for long is no likelier a root). */
  persistenceCap?: number;
  /** Also rank latent candidates: models without an anomaly (healthy or without data) that feed unexplained anomalous models. */
  latent?: boolean;
  /** An anomalous model is an orphan (its parents become latent candidates) when its anomalous parents explain less than this share. */
  latentOrphanShare?: number;
  /** Log prior of a latent candidate against an anomalous one (it lacks its own anomaly as evidence). */
  latentPrior?: number;
  /** Log bonus of a latent candidate without data (no state, or `hasData: false`): its monitoring may be blind. */
  latentNoDataBonus?: number;
  /** Latent candidates are searched and listed only if an optimistic estimate reaches the anomalous candidate of this rank (Infinity: all). */
  latentMaxRank?: number;
  /** Explaining away: what earlier ranks explain no longer counts as evidence for later ones (false: one ranking by the unconditional scores). */
  explainAway?: boolean;
  /** A model joins the group of the root that explains it best when that root's search gives it at least this posterior. */
  joinPosterior?: number;
  /** A group is an incident at once when its root's evidence (log-likelihood ratio, given the earlier roots) reaches this. */
  incidentMinLlr?: number;
  /** …or when it holds at least this many anomalous models (root included); …or */
  incidentMinModels?: number;
  /** …or when its root has been anomalous for this many consecutive windows (needs windowStart and windowMs). */
  persistWindows?: number;
}

export const WINDOW_DEFAULTS: Required<ExplainWindowOptions> = {
  transmission: 0.6,
  spuriousRate: 0.075,
  attenuation: 0.9,
  weightExponent: 0.5,
  detectionSpread: 0.1,
  explainedPenalty: 1,
  scoreWeight: 2,
  changeEvidence: 2,
  signalWeight: 1,
  faultBreachRate: 0.75,
  noiseBreachRate: 0.1,
  healthyHops: 1,
  crossFeedingOnly: true,
  minPrior: 1e-3,
  windowMs: null,
  windowStart: null,
  spuriousPersistence: 0.3,
  persistenceCap: 3,
  latent: true,
  latentOrphanShare: 0.5,
  latentPrior: -2.6,
  latentNoDataBonus: 1,
  latentMaxRank: 3,
  explainAway: true,
  joinPosterior: 0.5,
  incidentMinLlr: 7,
  incidentMinModels: 3,
  persistWindows: 3,
};

export function checkWindowOptions(prefix: string, given: ExplainWindowOptions | undefined): Required<ExplainWindowOptions> {
  const o = { ...WINDOW_DEFAULTS, ...given };
  const fail = (name: string, rule: string) => {
    throw new Error(`${prefix}: ${name} must be ${rule}, got ${String((o as Record<string, unknown>)[name])}`);
  };
  if (o.windowMs !== null && !(o.windowMs > 0)) fail("windowMs", "> 0");
  if (o.windowStart !== null && !Number.isFinite(o.windowStart)) fail("windowStart", "finite");
  if (!(o.signalWeight >= 0)) fail("signalWeight", "≥ 0");
  for (const name of ["faultBreachRate", "noiseBreachRate", "transmission", "spuriousRate"] as const) {
    if (!(o[name] > 0 && o[name] < 1)) fail(name, "in (0, 1)");
  }
  if (!(o.spuriousPersistence > 0 && o.spuriousPersistence <= 1)) fail("spuriousPersistence", "in (0, 1]");
  if (!(Number.isInteger(o.persistenceCap) && o.persistenceCap >= 0)) fail("persistenceCap", "a non-negative integer");
  if (!(o.minPrior > 0 && o.minPrior <= 1)) fail("minPrior", "in (0, 1]");
  if (!(o.joinPosterior > 0 && o.joinPosterior <= 1)) fail("joinPosterior", "in (0, 1]");
  if (!(o.healthyHops >= 0)) fail("healthyHops", "≥ 0");
  if (!(o.latentOrphanShare > 0 && o.latentOrphanShare <= 1)) fail("latentOrphanShare", "in (0, 1]");
  for (const name of ["latentPrior", "latentNoDataBonus", "incidentMinLlr"] as const) if (!Number.isFinite(o[name])) fail(name, "finite");
  if (!(o.changeEvidence >= 0 && Number.isFinite(o.changeEvidence))) fail("changeEvidence", "finite and ≥ 0");
  if (!(Number.isInteger(o.incidentMinModels) && o.incidentMinModels >= 1)) fail("incidentMinModels", "a positive integer");
  if (!(Number.isInteger(o.persistWindows) && o.persistWindows >= 1)) fail("persistWindows", "a positive integer");
  if (!(o.latentMaxRank === Infinity || (Number.isInteger(o.latentMaxRank) && o.latentMaxRank >= 1))) fail("latentMaxRank", "a positive integer or Infinity");
  return o;
}
