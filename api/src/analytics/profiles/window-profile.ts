// The profile of one model over one window: one column profile per feature, one for the model's
// score and one for its predicted class, and the same two per segment (at most MAX_SEGMENTS
// segments a window; rows of further segments still count in every other column). This is the one
// per-window summary computed as data arrives: the server builds it at ingestion, `tandem profile`
// builds it on the client with this same module, and drift reports read it instead of raw rows.
// Keys: (model, window start, column); every column merges across any range of windows.
// Pure: no I/O, no clock.
import type { FeatureKindName } from "../feature-kinds.js";
import { addValue, emptyColumnProfile, mergeColumnProfiles, type ColumnProfile } from "./column-profile.js";
import type { ReferenceBins } from "./reference-bins.js";
import { encodeColumnProfile, type EncodedColumnProfile } from "./profile-codec.js";

export const SCORE_COLUMN = "output:score";
export const CLASS_COLUMN = "output:class";
export const MAX_SEGMENTS = 100;

export function segmentColumn(segment: string, output: "score" | "class"): string {
  return `segment:${output}:${segment}`;
}

/** The segment and output a column holds, or null for a feature or the overall output. */
export function parseSegmentColumn(column: string): { segment: string; output: "score" | "class" } | null {
  const m = /^segment:(score|class):([\s\S]*)$/.exec(column);
  return m ? { output: m[1] as "score" | "class", segment: m[2]! } : null;
}

export interface ProfileRow {
  features: Record<string, unknown>;
  score: number | null;
  predictedClass: string | null;
  segment: string | null;
}

export type WindowProfile = Map<string, ColumnProfile>;

export interface ProfileBuilderArgs {
  features: ReadonlyArray<{ name: string; kind: FeatureKindName }>;
  /** Reference bins per numeric column (features and SCORE_COLUMN), when known: the profile also counts on them. */
  bins?: Readonly<Record<string, ReferenceBins>>;
}

export function emptyWindowProfile(args: ProfileBuilderArgs): WindowProfile {
  const edges = args.bins ?? {};
  const out: WindowProfile = new Map();
  for (const f of args.features) out.set(f.name, emptyColumnProfile(f.kind, edges[f.name]));
  out.set(SCORE_COLUMN, emptyColumnProfile("NUMERIC", edges[SCORE_COLUMN]));
  out.set(CLASS_COLUMN, emptyColumnProfile("CATEGORICAL"));
  return out;
}

/** Adds one prediction in place. */
export function addRow(profile: WindowProfile, args: ProfileBuilderArgs, row: ProfileRow): void {
  for (const f of args.features) addValue(profile.get(f.name)!, row.features[f.name]);
  addValue(profile.get(SCORE_COLUMN)!, row.score);
  addValue(profile.get(CLASS_COLUMN)!, row.predictedClass);
  if (row.segment === null) return;
  const scoreKey = segmentColumn(row.segment, "score");
  let score = profile.get(scoreKey);
  if (!score) {
    if (segmentCount(profile) >= MAX_SEGMENTS) return;
    score = emptyColumnProfile("NUMERIC");
    profile.set(scoreKey, score);
    profile.set(segmentColumn(row.segment, "class"), emptyColumnProfile("CATEGORICAL"));
  }
  addValue(score, row.score);
  addValue(profile.get(segmentColumn(row.segment, "class"))!, row.predictedClass);
}

function segmentCount(profile: WindowProfile): number {
  let n = 0;
  for (const key of profile.keys()) if (key.startsWith("segment:score:")) n++;
  return n;
}

/** Rows profiled: every row counts once in the score column (a value or a missing). */
export function profiledRows(profile: WindowProfile): number {
  const s = profile.get(SCORE_COLUMN);
  return s ? s.count + s.missing : 0;
}

/** Column-wise merge of two window profiles (columns on one side only are kept as they are). */
export function mergeWindowProfiles(a: WindowProfile, b: WindowProfile): WindowProfile {
  const out: WindowProfile = new Map(a);
  for (const [key, p] of b) {
    const mine = out.get(key);
    out.set(key, mine ? mergeColumnProfiles(mine, p) : p);
  }
  return out;
}

export function encodeWindowProfile(profile: WindowProfile): Record<string, EncodedColumnProfile> {
  const out: Record<string, EncodedColumnProfile> = {};
  for (const [key, p] of profile) out[key] = encodeColumnProfile(p);
  return out;
}
