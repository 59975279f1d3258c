// Scores one scenario family: ranking (Tandem and the two baselines) and incidents (the decision of
// graph/ + the incident lifecycle the service runs: open incidents continue, standalone alerts open
// nothing, an incident whose models stay healthy for 2 windows resolves).
import { detectCascadesWithAlerts, groupAlertsIntoIncidents, rankRootCauses, type RankRootCausesOptions } from "../../../graph/index.js";
import { type Family, simulateScenario, WINDOW_MS, WINDOWS } from "./scenarios.js";
import { mulberry32, rankByPersonalizedPageRank, rankByScore } from "./simulate.js";

export interface FamilyResult {
  trials: number;
  faults: number;
  /** At the last window of the trial: all k roots within the first k ranks (k = number of faults); top3: within the first k + 2. */
  topK: Record<"tandem" | "mostAnomalous" | "pagerank", number>;
  top3: Record<"tandem" | "mostAnomalous" | "pagerank", number>;
  /** Top-k over every window from the last fault's start window to the end of the trial. */
  topKEvery: Record<"tandem" | "mostAnomalous" | "pagerank", number>;
  /** Share of trials whose every fault shows (a model it reached by then is anomalous) at the last window; over every window. */
  ceiling: number;
  ceilingEvery: number;
  /** Share of faults with exactly one incident holding ≥ 90% of the anomalous models they caused and none caused only by another fault. */
  oneIncident: number;
  /** Share of faults with exactly one incident holding their models whose root cause (set when it opened, kept while it continues) is the fault's root. */
  incidentRoot: number;
  /** Incidents holding no fault-caused model, per 1,000 model-windows of healthy operation. */
  falsePer1000: number;
  /** Share of the (incident, model) memberships whose model's last alert to it came before any fault reached the model (spurious alarms taken in; not scored by the targets). */
  noiseMembers: number;
}

const RESOLVE_AFTER = 2;

interface Incident {
  id: string;
  rootCause: string | null;
  affected: string[];
  healthy: number;
  open: boolean;
  opened: number;
  /** Closed as merged into this incident (the user sees one). */
  mergedInto?: string;
  /** The window its root cause last changed (re-rooted), if it did. */
  rootedAt?: number;
  /** Per model, the last window one of its alerts went to this incident (a merged incident's too). */
  alerted: Map<string, number>;
}

/** What a fault gave, for diagnosis (`measureFamily`'s optional last argument). */
export interface FaultReport {
  trial: number;
  fault: number;
  root: string;
  /** The anomalous models it alone caused. */
  mine: string[];
  /** The incidents opened at or after it that hold models it alone caused. */
  holding: Array<{ rootCause: string | null; affected: string[]; opened: number }>;
  good: boolean;
}

export function measureFamily(seed: number, trials: number, family: Family, options: RankRootCausesOptions = {}, report?: (r: FaultReport) => void, trace?: (t: number, v: number, line: string) => void): FamilyResult {
  const random = mulberry32(seed);
  const hitK = { tandem: 0, mostAnomalous: 0, pagerank: 0 };
  const hit3 = { tandem: 0, mostAnomalous: 0, pagerank: 0 };
  let faults = 0;
  let good = 0;
  let rootOfIncident = 0;
  let falseIncidents = 0;
  let healthyModelWindows = 0;
  const hitEvery = { tandem: 0, mostAnomalous: 0, pagerank: 0 };
  let ceiling = 0;
  let ceilingEvery = 0;
  let windowsOn = 0;
  let members = 0;
  let noiseMembers = 0;
  for (let t = 0; t < trials; t++) {
    const trial = simulateScenario(random, family);
    const k = trial.roots.length;
    // Ranking: every window from the one the last fault started in to the end of the trial; the
    // headline figure is the LAST window, where every fault has been on for ≥ 3 windows (its cascade
    // visible at every lag; at lag 1–2 the window right after the start often shows the root alone).
    for (let w = trial.lastFaultWindow; w < WINDOWS; w++) {
      const states = trial.windows[w]!;
      const opts = { ...options, windowMs: WINDOW_MS, windowStart: trial.windowStart(w) };
      const lists = {
        tandem: rankRootCauses({ graph: trial.graph, states, options: opts }).map((r) => r.modelId),
        mostAnomalous: rankByScore(states),
        pagerank: rankByPersonalizedPageRank(trial.graph, states),
      };
      // A fault shows when a model it reached by then is anomalous; one that shows nothing cannot be found.
      const findable = trial.caused.every((m) => [...m].some(([id, at]) => at <= w && states[id]?.anomalous));
      windowsOn += 1;
      if (findable) ceilingEvery += 1;
      if (w === WINDOWS - 1 && findable) ceiling += 1;
      for (const name of Object.keys(lists) as Array<keyof typeof lists>) {
        const list = lists[name];
        const hit = trial.roots.every((r) => list.slice(0, k).includes(r));
        if (hit) hitEvery[name] += 1;
        if (w < WINDOWS - 1) continue;
        if (hit) hitK[name] += 1;
        if (trial.roots.every((r) => list.slice(0, k + 2).includes(r))) hit3[name] += 1;
      }
    }

    // Incidents over the windows.
    const incidents: Incident[] = [];
    const causedBy = attribution(trial.caused, trial.causedVia);
    for (let v = 0; v < trial.windows.length; v++) {
      const s = trial.windows[v]!;
      const decision = detectCascadesWithAlerts({ graph: trial.graph, states: s, options: { ...options, windowMs: WINDOW_MS, windowStart: trial.windowStart(v) } });
      const alerts = Object.keys(s).filter((id) => s[id]!.anomalous).map((id) => ({ id: `${v}:${id}`, modelId: id }));
      for (const id of Object.keys(s)) if (!(trial.caused.some((m) => (m.get(id) ?? Infinity) <= v))) healthyModelWindows += 1;
      const open = incidents.filter((i) => i.open);
      const groups = groupAlertsIntoIncidents({ cascades: decision.cascades, alerts, openIncidents: open.map((i) => ({ id: i.id, rootCause: i.rootCause, affected: i.affected })), standalone: decision.standalone, graph: trial.graph });
      const touched = new Set<string>();
      trace?.(t, v, `groups ${JSON.stringify(groups.map((g) => ({ i: g.incidentId, r: g.rootCause, a: g.affected, s: g.standalone, m: g.merged, rc: g.rootChanged })))} open ${JSON.stringify(open.map((i) => [i.id, i.rootCause, i.affected]))}`);
      for (const g of groups) {
        if (g.standalone) continue;
        // As the service does (incident-service.ts applyWindow): a group whose root an open incident
        // already holds continues it.
        const incidentId = g.incidentId ?? (g.rootCause !== null ? open.find((i) => i.affected.includes(g.rootCause!))?.id : undefined);
        const existing = incidentId ? incidents.find((i) => i.id === incidentId) : undefined;
        const alerted = (inc: Incident) => {
          for (const id of g.affected) if (s[id]?.anomalous) inc.alerted.set(id, v);
        };
        for (const id of g.merged ?? []) {
          const m = incidents.find((i) => i.id === id)!;
          m.open = false;
          m.mergedInto = incidentId!;
          for (const [model, w] of m.alerted) existing!.alerted.set(model, Math.max(w, existing!.alerted.get(model) ?? -1));
          touched.add(id);
        }
        if (existing) {
          existing.affected = [...new Set([...existing.affected, ...g.affected])];
          existing.healthy = 0;
          if (g.rootChanged) {
            // Re-rooted: the window's decision explains its former root by the group's root.
            existing.rootCause = g.rootCause;
            existing.rootedAt = v;
          }
          alerted(existing);
          touched.add(existing.id);
        } else {
          const id = `inc-${incidents.length}`;
          incidents.push({ id, rootCause: g.rootCause, affected: [...g.affected], healthy: 0, open: true, opened: v, alerted: new Map() });
          alerted(incidents[incidents.length - 1]!);
          touched.add(id);
        }
      }
      for (const i of open) {
        if (touched.has(i.id)) continue;
        const unhealthy = i.affected.some((m) => s[m]?.anomalous);
        i.healthy = unhealthy ? 0 : i.healthy + 1;
        if (i.healthy >= RESOLVE_AFTER) i.open = false;
      }
    }
    // Per fault: the anomalous models it caused (anomalous at or after being affected).
    trial.caused.forEach((m, f) => {
      faults += 1;
      const shown = [...m.keys()].filter((id) => trial.windows.some((s, v) => v >= m.get(id)! && s[id]?.anomalous));
      const only = (id: string) => causedBy.get(id)!.length === 1;
      const mine = shown.filter(only);
      const start = m.get(trial.roots[f]!)!;
      // An incident holds a fault's model when an alert of that model went to it once the fault had
      // reached the model (an incident about a flapping model's alarms before the fault reached it,
      // resolved since, is another — false — incident, not a split of this fault).
      const holding = incidents.filter((i) => i.mergedInto === undefined && (i.rootedAt ?? i.opened) >= start && [...i.alerted].some(([id, w]) => m.has(id) && only(id) && w >= m.get(id)!));
      const verdict = (ok: boolean) => {
        if (ok) good += 1;
        report?.({ trial: t, fault: f, root: trial.roots[f]!, mine, holding: holding.map((i) => ({ rootCause: i.rootCause, affected: i.affected, opened: i.opened })), good: ok });
      };
      if (mine.length === 0) return verdict(holding.length <= 1);
      if (holding.length !== 1) return verdict(false);
      const inc = holding[0]!;
      if (inc.rootCause === trial.roots[f]) rootOfIncident += 1;
      const held = mine.filter((id) => inc.affected.includes(id)).length;
      const foreign = inc.affected.some((id) => causedBy.has(id) && !causedBy.get(id)!.includes(f));
      verdict(held >= 0.9 * mine.length && !foreign);
    });
    const causedAt = (id: string) => Math.min(...trial.caused.map((m) => m.get(id) ?? Infinity));
    for (const i of incidents) {
      for (const [id, w] of i.alerted) {
        members += 1;
        if (w < causedAt(id)) noiseMembers += 1;
      }
    }
    for (const i of incidents) {
      if (i.mergedInto !== undefined || [...i.alerted].some(([id, w]) => w >= causedAt(id))) continue;
      falseIncidents += 1;
      trace?.(t, -1, `false incident ${i.id} opened w${i.opened} root ${i.rootCause} alerted ${JSON.stringify([...i.alerted])} caused ${JSON.stringify([...i.alerted.keys()].map(causedAt))} flapper? roots ${trial.roots}`);
    }
  }
  const share = (x: Record<string, number>, of = trials) => ({ tandem: x.tandem! / of, mostAnomalous: x.mostAnomalous! / of, pagerank: x.pagerank! / of });
  return {
    trials,
    faults,
    topK: share(hitK),
    top3: share(hit3),
    topKEvery: share(hitEvery, windowsOn),
    ceiling: ceiling / trials,
    ceilingEvery: ceilingEvery / windowsOn,
    oneIncident: good / faults,
    incidentRoot: rootOfIncident / faults,
    falsePer1000: (1000 * falseIncidents) / Math.max(1, healthyModelWindows),
    noiseMembers: noiseMembers / Math.max(1, members),
  };
}

/**
 * Per model, the faults its anomaly is attributed to: every fault that reached it, and every fault
 * its anomaly came through — a model reached by one fault from a model both faults reached is caused
 * by both (the shared model's output is one output: which fault's spread "transmitted" past it is a
 * draw of the simulation, not something any method could observe), so it counts against neither.
 */
function attribution(caused: Array<Map<string, number>>, via: Array<Map<string, string | null>>): Map<string, number[]> {
  const memo = new Map<string, Set<number>>();
  const of = (id: string): Set<number> => {
    const known = memo.get(id);
    if (known) return known;
    const faults = new Set<number>();
    memo.set(id, faults); // a loop through feedback edges stops here
    caused.forEach((m, f) => {
      if (!m.has(id)) return;
      faults.add(f);
      const parent = via[f]!.get(id);
      if (parent) for (const g of of(parent)) faults.add(g);
    });
    return faults;
  };
  const out = new Map<string, number[]>();
  for (const m of caused) for (const id of m.keys()) out.set(id, [...of(id)].sort());
  return out;
}

export function familyName(f: Family): string {
  return `${f.topology} / lag ${f.lag} / ${f.faults === "one" ? "one fault" : f.faults === "two" ? "two concurrent faults" : "two overlapping faults"}`;
}

/** The families reported: every topology × lag with one fault; two concurrent and two overlapping faults at mixed lag (and lag 0). */
export function families(topologies: Family["topology"][]): Family[] {
  const out: Family[] = [];
  for (const topology of topologies) {
    for (const lag of [0, 1, 2, "mixed"] as const) out.push({ topology, lag, faults: "one" });
    for (const lag of [0, "mixed"] as const) out.push({ topology, lag, faults: "two" });
    if (topology === "fan-in" || topology === "layered") out.push({ topology, lag: "mixed", faults: "overlap" });
  }
  return out;
}
