// A model's drift report from two window profiles (each the merge of the profiles of the windows
// in its range): every feature, the prediction (score, else predicted class) and the segments'
// outputs, decided exactly as the raw-row report (analytics/drift/drift-report.ts decideDrift).
// `errorBound` is the largest bound on a KS D of the report (0 when every sketch is exact).
// Pure: no I/O, no clock.
import { decideDrift, MIN_SEGMENT_ROWS, SEGMENT_THRESHOLD, type DriftReportResult, type SegmentDrift } from "../drift/drift-report.js";
import type { FeatureDriftConfig, FeatureKindName } from "../drift/drift-tests.js";
import type { FeatureDriftResult } from "../drift/feature-drift.js";
import { profileColumnDrift } from "./profile-drift.js";
import { CLASS_COLUMN, parseSegmentColumn, profiledRows, SCORE_COLUMN, segmentColumn, type WindowProfile } from "./window-profile.js";

const WHERE = "analytics/profile-drift-report";

export interface ProfileDriftReportResult extends DriftReportResult {
  errorBound: number;
}

function predictionDrift(reference: WindowProfile, current: WindowProfile, config: FeatureDriftConfig | undefined): FeatureDriftResult | null {
  for (const column of [SCORE_COLUMN, CLASS_COLUMN]) {
    const ref = reference.get(column);
    const cur = current.get(column);
    if (ref && cur && ref.count > 0 && cur.count > 0) return profileColumnDrift({ feature: "prediction", reference: ref, current: cur, config });
  }
  return null;
}

function segmentDrift(reference: WindowProfile, current: WindowProfile): SegmentDrift[] {
  const out: SegmentDrift[] = [];
  for (const column of current.keys()) {
    const parsed = parseSegmentColumn(column);
    if (!parsed || parsed.output !== "score") continue;
    const { segment } = parsed;
    const get = (p: WindowProfile, o: "score" | "class") => p.get(segmentColumn(segment, o));
    const [rs, cs, rc, cc] = [get(reference, "score"), get(current, "score"), get(reference, "class"), get(current, "class")];
    const byClass = !!rc && !!cc && rc.count >= MIN_SEGMENT_ROWS && cc.count >= MIN_SEGMENT_ROWS;
    const byScore = !!rs && !!cs && rs.count >= MIN_SEGMENT_ROWS && cs.count >= MIN_SEGMENT_ROWS;
    if (!byClass && !byScore) continue;
    const r = profileColumnDrift({
      feature: `segment:${segment}`, reference: byClass ? rc! : rs!, current: byClass ? cc! : cs!,
      config: { effectSize: byClass ? "JENSEN_SHANNON" : "WASSERSTEIN", threshold: SEGMENT_THRESHOLD },
    });
    out.push({
      segment, output: byClass ? "predictedClass" : "score", effectSizeMetric: byClass ? "JENSEN_SHANNON" : "WASSERSTEIN", effectSize: r.effectSize,
      threshold: SEGMENT_THRESHOLD, referenceCount: r.referenceCount, currentCount: r.currentCount, drifted: r.effectSize >= SEGMENT_THRESHOLD,
    });
  }
  return out.sort((a, b) => b.effectSize - a.effectSize);
}

export function profileDriftReport(args: {
  features: ReadonlyArray<{ name: string; kind: FeatureKindName }>;
  reference: WindowProfile;
  current: WindowProfile;
  config?: Readonly<Record<string, FeatureDriftConfig>>;
}): ProfileDriftReportResult {
  const { reference, current, config = {} } = args;
  const raw: FeatureDriftResult[] = args.features.map((f) => {
    const ref = reference.get(f.name);
    const cur = current.get(f.name);
    if (!ref || !cur) throw new Error(`${WHERE}: feature '${f.name}' has no profile in the ${ref ? "current" : "reference"} range`);
    if (ref.kind !== f.kind || cur.kind !== f.kind) throw new Error(`${WHERE}: feature '${f.name}' is ${f.kind.toLowerCase()} but a profile of it is not`);
    return profileColumnDrift({ feature: f.name, reference: ref, current: cur, config: config[f.name] });
  });
  const prediction = predictionDrift(reference, current, config.prediction);
  const result = decideDrift({ raw, prediction, referenceCount: profiledRows(reference), currentCount: profiledRows(current), segments: segmentDrift(reference, current) });
  const bounds = [...raw, ...(prediction ? [prediction] : [])].map((r) => r.errorBound ?? 0);
  return { ...result, errorBound: bounds.length ? Math.max(...bounds) : 0 };
}
