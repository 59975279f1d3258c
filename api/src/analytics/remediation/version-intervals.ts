// When a version was live (pure): from each time it went live until the next rollout of another
// version (open-ended for the current one). A prediction without a version belongs to the version
// live at its timestamp, so these intervals select a version's untagged predictions by time (an
// index range scan) instead of resolving every row's version.

export interface LiveInterval {
  from: Date;
  /** null: still live. */
  to: Date | null;
}

/** `rollouts`: the model's rollouts, oldest first (a version may appear again: a rollback). */
export function liveIntervals(args: { rollouts: ReadonlyArray<{ version: string; liveAt: Date }>; version: string }): LiveInterval[] {
  const out: LiveInterval[] = [];
  const r = args.rollouts;
  for (let i = 0; i < r.length; i += 1) {
    if (i > 0 && r[i]!.liveAt.getTime() < r[i - 1]!.liveAt.getTime()) throw new Error("analytics/remediation/version-intervals: rollouts must be oldest first");
    if (r[i]!.version !== args.version) continue;
    let j = i + 1;
    while (j < r.length && r[j]!.version === args.version) j += 1; // the same version again: one interval
    const to = j < r.length ? r[j]!.liveAt : null;
    const last = out[out.length - 1];
    if (last && last.to !== null && last.to.getTime() >= r[i]!.liveAt.getTime()) last.to = to;
    else out.push({ from: r[i]!.liveAt, to });
    i = j - 1;
  }
  return out;
}
