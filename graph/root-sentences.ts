// The sentence of each ranked candidate, read from the window's decision (explain-window.ts): a
// root names the models of its group — the ones that followed, including in the same window — and
// a model of another root's group says which root explains it.
import type { AnomalyExplanation } from "./explain-anomaly.js";
import type { ExplanationGroup } from "./explain-window.js";
import type { LatentCandidate } from "./latent-candidates.js";
import type { EvidenceSignal } from "./model-states.js";

const clocks = new Map<number, string>();
function clock(ms: number): string {
  let text = clocks.get(ms);
  if (text === undefined) {
    text = `${new Date(ms).toISOString().slice(11, 16)} UTC`;
    if (clocks.size > 10_000) clocks.clear();
    clocks.set(ms, text);
  }
  return text;
}

function lag(ms: number, windowMs: number | null): string {
  if (windowMs !== null) {
    const windows = Math.ceil(ms / windowMs - 1e-9);
    return windows === 0 ? "in the same window" : `within ${windows} window${windows === 1 ? "" : "s"}`;
  }
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "in the same minute";
  return minutes < 120 ? `within ${minutes} min` : `within ${Math.round(minutes / 60)} h`;
}

function names(ids: string[], keyOf: (id: string) => string, max = 6): string {
  const shown = ids.slice(0, max).map(keyOf).join(", ");
  return ids.length > max ? `${shown} and ${ids.length - max} more` : shown;
}

export function explainLatent(c: LatentCandidate, keyOf: (id: string) => string): string {
  const key = keyOf(c.modelId);
  const own = c.noData
    ? `${key} shows no anomaly itself — it reported no data this window, so its monitoring may be blind`
    : c.recentOnset !== undefined
      ? `${key} shows no anomaly this window (${c.signals === 1 ? "its only signal is" : `its ${c.signals} signals are`} within thresholds), but it was anomalous until the previous window (since ${clock(c.recentOnset)}) — a fault does not breach every window`
      : `${key} shows no anomaly itself (${c.signals === 1 ? "its only signal is" : `its ${c.signals} signals are`} within thresholds)`;
  const n = c.orphans.length;
  const listed = c.orphans.slice(0, 3).map((o) => `${keyOf(o.modelId)} (${clock(o.onset)})`).join(", ");
  if (n === 0) return `${own}; it feeds no anomalous model now — its episode may go on (check it before it shows again)`;
  const feeds =
    n === 1
      ? `but it feeds ${listed}, which turned anomalous with no anomalous upstream model to explain it`
      : `but it is the common upstream of ${n} anomalous models that no anomalous upstream model explains: ${listed}${n > 3 ? ", …" : ""}`;
  return `${own}; ${feeds}; the fault may have started in it unseen — check its inputs and its monitoring`;
}

export function explainAnomalous(args: {
  e: AnomalyExplanation;
  group: ExplanationGroup | null;
  evidence: EvidenceSignal[];
  firstOnset: number;
  keyOf: (id: string) => string;
  windowMs: number | null;
  /** Ranked as "its fault started a window before it showed": that window's start. */
  earlyOnset?: number;
}): string {
  const { e, group, evidence, firstOnset, keyOf, windowMs } = args;
  const parts: string[] = [];
  const key = keyOf(e.modelId);
  parts.push(e.onset === firstOnset ? `${key} turned anomalous first (${clock(e.onset)})` : `${key} turned anomalous at ${clock(e.onset)}`);
  const isRoot = group !== null && group.root === e.modelId;
  if (isRoot) {
    const all = group.members.filter((m) => !m.attached);
    // Members anomalous before it: a window before it showed (its first window missed), or earlier
    // still (their own earlier anomaly — a flapping model — hides when the fault reached them).
    const missed = args.earlyOnset === undefined ? [] : all.filter((f) => f.onset === args.earlyOnset);
    const earlier = all.filter((f) => f.onset < e.onset && !missed.includes(f));
    const followers = all.filter((f) => f.onset >= e.onset);
    const linked = group.members.filter((m) => m.attached);
    if (missed.length > 0) {
      parts.push(`${names(missed.map((f) => f.modelId), keyOf)} turned anomalous a window before it showed (${clock(args.earlyOnset!)}): its first window was likely missed — each of its signals stayed under its threshold then`);
    }
    if (earlier.length > 0) parts.push(`already anomalous before it, then caught up in its cascade: ${names(earlier.map((f) => f.modelId), keyOf)}`);
    if (all.length === 0) parts.push("no downstream model followed");
    else if (followers.length > 0) {
      const maxLag = Math.max(0, ...followers.map((f) => f.onset - e.onset));
      const n = followers.length;
      parts.push(`${n} downstream model${n === 1 ? "" : "s"} followed ${lag(maxLag, windowMs)}: ${names(followers.map((f) => f.modelId), keyOf)}`);
    }
    if (linked.length > 0) parts.push(`linked to it in the same incident (a dependency and the timing, weaker evidence): ${names(linked.map((f) => f.modelId), keyOf)}`);
  }
  const breached = evidence.filter((s) => s.breached).slice(0, 3);
  if (breached.length > 0) {
    parts.push(`its ${breached.map((s) => `${s.kind} in '${s.name}'`).join(", ")} ${breached.length === 1 ? "is" : "are"} breached`);
  }
  const attached = !isRoot && group !== null && group.members.some((m) => m.modelId === e.modelId && m.attached);
  if (attached) {
    parts.push(`it is linked to the cascade from ${keyOf(group!.root)} by a dependency and the timing — one incident; look there first`);
  } else if (!isRoot && group !== null) {
    const top = e.explainers[0];
    const direct = top !== undefined && top.parent === group.root;
    if (top !== undefined && !top.retriggered) {
      parts.push(`upstream ${keyOf(top.parent)} was already anomalous (${clock(top.onset)}) and may explain ${Math.round((1 - e.unexplained) * 100)}% of it${direct ? "" : `; it belongs to the cascade from ${keyOf(group.root)}`} — look there first`);
    } else if (top !== undefined) {
      parts.push(`it was anomalous before upstream ${keyOf(top.parent)} (${clock(top.onset)}), but nothing downstream of it followed until then — its earlier anomaly may be unrelated; it belongs to the cascade from ${keyOf(group.root)}`);
    } else {
      parts.push(`it belongs to the cascade from ${keyOf(group.root)}, which explains it — look there first`);
    }
  } else if (e.explainers.length > 0) {
    const top = e.explainers[0]!;
    parts.push(`upstream ${keyOf(top.parent)} was anomalous too (${clock(top.onset)}) and may explain ${Math.round((1 - e.unexplained) * 100)}% of it`);
  } else if (e.laterParents.length > 0) {
    parts.push(`upstream ${e.laterParents.map((p) => keyOf(p.parent)).join(", ")} turned anomalous only later, so cannot have caused it`);
  } else {
    parts.push("no upstream model was anomalous");
  }
  if (isRoot && !group.incident) parts.push("an alert, not an incident, unless it persists or explains more");
  return parts.join("; ");
}
