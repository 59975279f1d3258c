// A rollout as root-cause evidence (pure): a model whose version changed at (or just before) the
// onset of its trouble is a strong suspect. For each model, the latest rollout at most
// `lookbackWindows` windows before the window its trouble started in (or inside it) is named, with
// a weight of 1 in the onset's window decaying by half per window before it. The system graph can
// add `weight` to a root candidate's evidence (see docs/remediation.md, "Rollouts as evidence").

export interface Rollout {
  modelId: string;
  version: string;
  previousVersion: string | null;
  liveAt: Date;
}

export interface RolloutEvidence {
  modelId: string;
  version: string;
  previousVersion: string | null;
  liveAt: Date;
  /** Whole windows between the rollout's window and the onset's (0: the same window). */
  windowsBeforeOnset: number;
  /** 1 in the onset's window, halved per window before it. */
  weight: number;
  sentence: string;
}

export const ROLLOUT_LOOKBACK_WINDOWS = 2;

/**
 * When a model's current trouble started: the first window of the run of non-HEALTHY windows that
 * reaches the newest one (`history` newest first); null when the newest is HEALTHY or absent.
 */
export function troubleOnset(history: ReadonlyArray<{ windowStart: Date; status: string }>): Date | null {
  if (history.length === 0 || history[0]!.status === "HEALTHY") return null;
  let onset = history[0]!.windowStart;
  for (const h of history) {
    if (h.status === "HEALTHY") break;
    onset = h.windowStart;
  }
  return onset;
}

export function rolloutEvidence(args: { rollouts: readonly Rollout[]; onsets: ReadonlyMap<string, Date>; windowSeconds: number; keyOf?: (id: string) => string; lookbackWindows?: number }): RolloutEvidence[] {
  if (!(args.windowSeconds > 0)) throw new Error(`analytics/remediation/rollout-evidence: windowSeconds must be positive, got ${args.windowSeconds}`);
  const lookback = args.lookbackWindows ?? ROLLOUT_LOOKBACK_WINDOWS;
  const ms = args.windowSeconds * 1000;
  const found = new Map<string, RolloutEvidence>();
  for (const r of args.rollouts) {
    const onset = args.onsets.get(r.modelId);
    if (!onset) continue;
    const onsetWindow = Math.floor(onset.getTime() / ms);
    const liveWindow = Math.floor(r.liveAt.getTime() / ms);
    const before = onsetWindow - liveWindow;
    if (before < 0 || before > lookback) continue;
    const known = found.get(r.modelId);
    if (known && known.liveAt.getTime() >= r.liveAt.getTime()) continue;
    const key = args.keyOf?.(r.modelId) ?? r.modelId;
    const when = before === 0 ? "in the window its trouble started" : `${before} window(s) before its trouble started`;
    found.set(r.modelId, {
      modelId: r.modelId, version: r.version, previousVersion: r.previousVersion, liveAt: r.liveAt, windowsBeforeOnset: before, weight: 0.5 ** before,
      sentence: `${key} ${r.previousVersion ? `went from ${r.previousVersion} to ${r.version}` : `rolled out ${r.version}`} ${when}`,
    });
  }
  return [...found.values()].sort((a, b) => b.weight - a.weight || a.modelId.localeCompare(b.modelId));
}

/** The rollouts of a system's version history (each model's versions by liveAt): every version after a model's first, with the one before it. */
export function rolloutsOfHistory(rows: ReadonlyArray<{ modelId: string; version: string; liveAt: Date }>): Rollout[] {
  const byModel = new Map<string, Array<{ modelId: string; version: string; liveAt: Date }>>();
  for (const r of rows) (byModel.get(r.modelId) ?? byModel.set(r.modelId, []).get(r.modelId)!).push(r);
  const out: Rollout[] = [];
  for (const list of byModel.values()) {
    list.sort((a, b) => a.liveAt.getTime() - b.liveAt.getTime());
    list.forEach((r, i) => {
      if (i > 0) out.push({ modelId: r.modelId, version: r.version, previousVersion: list[i - 1]!.version, liveAt: r.liveAt });
    });
  }
  return out;
}
