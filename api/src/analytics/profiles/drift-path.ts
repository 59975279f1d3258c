// Which path a drift report takes (docs/privacy.md):
//   exact    on raw rows (uniform samples above the sample cap), SciPy-exact statistics;
//   profile  on the window profiles of the whole ranges, with the error bound.
// A profile-only model has only profiles. A model with raw rows keeps the exact path while the
// current window is small (at most the sample cap: every row is read), and takes the profile path
// above it when its profiles cover every stored row of both ranges (windows profiled at ingestion,
// ranges aligned to windows); otherwise (data older than its profiles) the exact path.
// Pure: no I/O, no clock.
import type { PrivacyMode } from "./privacy-rules.js";

export const DRIFT_PATHS = ["EXACT", "PROFILE"] as const;
export type DriftPath = (typeof DRIFT_PATHS)[number];

export interface RangeCoverage {
  /** Raw rows stored in the range (0 for a profile-only model). */
  rawRows: number;
  /** Rows counted by the profiles of the windows inside the range. */
  profiledRows: number;
}

export function chooseDriftPath(args: { mode: PrivacyMode; reference: RangeCoverage; current: RangeCoverage; sampleCap: number }): { path: DriftPath; reason: string } {
  const { mode, reference, current, sampleCap } = args;
  if (mode === "PROFILE_ONLY") return { path: "PROFILE", reason: "the model is PROFILE_ONLY: only window profiles are kept" };
  // Retention dropped the range's raw rows (docs/retention.md): its window profiles outlive them.
  if (current.rawRows === 0 && current.profiledRows > 0) return { path: "PROFILE", reason: `the current range's raw rows are gone (retention) and its profiles count ${current.profiledRows} rows: the profiles are read` };
  if (current.rawRows <= sampleCap) return { path: "EXACT", reason: `the current range holds ${current.rawRows} rows (≤ ${sampleCap}): every row is read` };
  const covered = (r: RangeCoverage) => r.rawRows > 0 && r.profiledRows === r.rawRows;
  if (covered(reference) && covered(current)) return { path: "PROFILE", reason: `the current range holds ${current.rawRows} rows: its profiles cover every row, read instead of a sample` };
  return { path: "EXACT", reason: "the profiles do not cover every row of both ranges (data older than its profiles, or a range not aligned to windows): uniform samples of the raw rows" };
}
