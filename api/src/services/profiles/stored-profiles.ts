// Reading and merging stored window profiles: decode the rows of a range into window profiles,
// and merge new profiles into the stored ones (lock, read, merge, write — in the caller's
// transaction). Shared by ingestion, client uploads and drift reports.
import type { Queryable } from "../../db/queryable.js";
import type { ModelEntity } from "../../db/entities/index.js";
import type { ProfileRepository, StoredProfileRow } from "../../db/repositories/profile-repository.js";
import { decodeColumnProfile, encodeColumnProfile } from "../../analytics/profiles/profile-codec.js";
import { mergeColumnProfiles } from "../../analytics/profiles/column-profile.js";
import type { WindowProfile } from "../../analytics/profiles/window-profile.js";

/** The window profiles of stored rows, keyed by window start (ms). */
export function decodeRows(rows: readonly StoredProfileRow[]): Map<number, WindowProfile> {
  const out = new Map<number, WindowProfile>();
  for (const r of rows) {
    const key = new Date(r.windowStart).getTime();
    let w = out.get(key);
    if (!w) out.set(key, (w = new Map()));
    w.set(r.column, decodeColumnProfile(r.profile, `window_profiles(${new Date(key).toISOString()}, ${r.column})`));
  }
  return out;
}

/** One window profile for a whole range: the column-wise merge of its windows. */
export function mergeWindows(windows: Iterable<WindowProfile>): WindowProfile {
  const out: WindowProfile = new Map();
  for (const w of windows) {
    for (const [column, p] of w) {
      const mine = out.get(column);
      out.set(column, mine ? mergeColumnProfiles(mine, p) : p);
    }
  }
  return out;
}

export async function mergeStored(args: {
  q: Queryable;
  deps: { profiles: ProfileRepository; now: () => Date };
  model: Pick<ModelEntity, "id" | "systemId">;
  windowSeconds: number;
  windows: ReadonlyMap<number, WindowProfile>;
}): Promise<void> {
  const { q, deps, model, windows } = args;
  await deps.profiles.lock(q, model.id);
  const starts = [...windows.keys()].sort((a, b) => a - b).map((ms) => new Date(ms));
  const stored = decodeRows(await deps.profiles.windowsOf(q, model.id, starts));
  const upserts = [];
  for (const start of starts) {
    const mine = windows.get(start.getTime())!;
    const before = stored.get(start.getTime());
    const merged = before ? mergeWindows([before, mine]) : mine;
    for (const [column, p] of merged) {
      if (before?.has(column) && !mine.has(column)) continue; // unchanged
      upserts.push({ windowStart: start, column, kind: p.kind, rowCount: p.count + p.missing, profile: encodeColumnProfile(p) });
    }
  }
  await deps.profiles.upsert(q, { systemId: model.systemId, modelId: model.id, windowSeconds: args.windowSeconds }, upserts, deps.now());
}
