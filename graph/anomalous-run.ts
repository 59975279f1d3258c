// A model's onset from its history of anomalous windows: when did the trouble it shows now start?
// Two answers, for two uses. `since`: the start of its current unbroken run of anomalous windows
// (how long it has persisted: the incident rule's persistence). `onset`: the start of its current
// *episode* — runs separated by at most `maxGapWindows` windows that were not anomalous (healthy or
// without data) belong to one episode. A real fault does not breach every window: a root whose
// signals all dip for one window would otherwise restart its run and look as if its consumers had
// turned first (the time order says who can explain whom), and a consumer flapping before a fault
// would look fresh. The onset orders models; it never makes a model anomalous.

export interface AnomalousRunArgs {
  /** Start (epoch ms) of the window being evaluated, in which the model is anomalous. */
  windowStart: number;
  /** Window length in ms. */
  windowMs: number;
  /** Was the model anomalous in the window starting at `start`? (Earlier windows only are asked.) */
  anomalousAt: (start: number) => boolean;
  /** How many windows back may be looked at (the stored history's depth). */
  lookbackWindows: number;
  /** Longest gap (in windows, not anomalous) inside one episode; 0 = runs only. Default 1. */
  maxGapWindows?: number;
}

export interface AnomalousRun {
  /** Start of the current episode (runs joined across gaps of ≤ maxGapWindows windows). */
  onset: number;
  /** Start of the current unbroken run of anomalous windows. */
  since: number;
}

export function anomalousRun(args: AnomalousRunArgs): AnomalousRun {
  const { windowStart, windowMs, anomalousAt, lookbackWindows } = args;
  const maxGap = args.maxGapWindows ?? 1;
  if (!Number.isFinite(windowStart)) throw new Error(`graph/anomalous-run: windowStart must be finite, got ${windowStart}`);
  if (!(Number.isFinite(windowMs) && windowMs > 0)) throw new Error(`graph/anomalous-run: windowMs must be positive, got ${windowMs}`);
  if (!(Number.isInteger(lookbackWindows) && lookbackWindows >= 0)) throw new Error(`graph/anomalous-run: lookbackWindows must be a non-negative integer, got ${lookbackWindows}`);
  if (!(Number.isInteger(maxGap) && maxGap >= 0)) throw new Error(`graph/anomalous-run: maxGapWindows must be a non-negative integer, got ${maxGap}`);
  const earliest = windowStart - lookbackWindows * windowMs;
  const runStart = (from: number) => {
    let t = from;
    while (t - windowMs >= earliest && anomalousAt(t - windowMs)) t -= windowMs;
    return t;
  };
  const since = runStart(windowStart);
  let onset = since;
  for (;;) {
    let joined = false;
    for (let gap = 1; gap <= maxGap; gap++) {
      const t = onset - (gap + 1) * windowMs;
      if (t < earliest) break;
      if (anomalousAt(t)) {
        onset = runStart(t);
        joined = true;
        break;
      }
    }
    if (!joined) return { onset, since };
  }
}
