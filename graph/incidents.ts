// Grouping a window's alerts into incidents, following the window's decision (explain-window.ts via
// detectCascadesWithAlerts): alerts of the models of one cascade form one group whose root cause is
// the cascade's root; an alert of a lone incident root forms a group of its own model; an alert of
// a `standalone` model (the decision says: an alert, not an incident) joins the open incident that
// already holds its model, or else forms a group marked `standalone: true` — the caller files it
// without opening an incident. A group continues the open incident with the same root cause; with
// `standalone` given, also one that already holds its root (fusion, still failing after camera
// recovered, is the same incident going on) or most of its models — even when another group of the
// window continues it too (they merge) — instead of opening a new one. Every alert lands in exactly
// one group. With `graph` given, a standalone alert whose model an open incident does not hold
// joins this window's cascade (an incident group with followers) holding a model upstream of it
// within `attachHops` hops, else the open incident that does (the nearest; none when two are equally
// near): an alarm inside an incident's blast radius is most likely that incident reaching further (a
// fault weakens as it travels: a model a few quiet models downstream breaches one signal now and
// then). It opens no incident of its own. Where two faults' cascades meet, an open incident whose
// root is still anomalous keeps the models it holds downstream of that root (keepHeldModels).

import type { SystemGraph } from "./system-graph.js";

export interface GroupAlertsArgs {
  cascades: Array<{ root: string; affected: string[]; startedAt: number }>;
  alerts: Array<{ id: string; modelId: string }>;
  openIncidents: Array<{ id: string; rootCause: string | null; affected: string[] }>;
  /** Models whose alerts are not an incident this window (detectCascadesWithAlerts().standalone). Absent: every alert is. */
  standalone?: string[];
  /** The system graph: standalone alerts downstream of an open incident join it (with `standalone`). */
  graph?: SystemGraph;
  /** How many hops upstream a standalone alert looks for an open incident's model (default 3). */
  attachHops?: number;
}

export interface IncidentGroup {
  incidentId: string | null;
  /**
   * With `standalone` given: open incidents (ids) this group absorbs — their root cause is one of the
   * group's models, so the window's decision explains them by the group's root (a flapping consumer's
   * incident opened before the fault; one fault's two groups seen apart at first). The caller closes
   * them as merged into this group's incident and moves their models and alerts to it.
   */
  merged?: string[];
  /** With `graph` given: the incident it continues is re-rooted at this group's root (it explains the former root, downstream of it). */
  rootChanged?: boolean;
  rootCause: string | null;
  affected: string[];
  alertIds: string[];
  /** true: alerts only — open no incident for them (present only when `standalone` was given). */
  standalone?: boolean;
}

const PREFIX = "graph/incidents";

export function groupAlertsIntoIncidents(given: GroupAlertsArgs): IncidentGroup[] {
  const args = given.standalone !== undefined && given.graph ? { ...given, cascades: keepHeldModels(given, given.graph) } : given;
  const cascadeOf = new Map<string, number>();
  args.cascades.forEach((cascade, index) => {
    for (const model of [cascade.root, ...cascade.affected]) {
      if (cascadeOf.has(model)) throw new Error(`${PREFIX}: model '${model}' is in two cascades`);
      cascadeOf.set(model, index);
    }
  });
  const seen = new Set<string>();
  for (const alert of args.alerts) {
    if (seen.has(alert.id)) throw new Error(`${PREFIX}: duplicate alert '${alert.id}'`);
    seen.add(alert.id);
  }
  const attachHops = args.attachHops ?? 3;
  if (!(Number.isInteger(attachHops) && attachHops >= 0)) throw new Error(`${PREFIX}: attachHops must be a non-negative integer, got ${attachHops}`);
  const { groups, order: seenOrder } = alertGroups(args, cascadeOf, attachHops);
  // Cascades first, then lone models, then standalone alerts joined to an open incident: a group of
  // standalone alerts never takes an incident (and its root) before the cascade that explains it —
  // the outcome does not depend on the order the alerts come in.
  const rank = (key: string) => (key.startsWith("cascade:") ? 0 : key.startsWith("model:") ? 1 : 2);
  const order = seenOrder.map((key, i) => ({ key, i })).sort((a, b) => rank(a.key) - rank(b.key) || a.i - b.i).map((x) => x.key);
  matchOpenIncidents(args, groups, order);
  const result = order.map((k) => groups.get(k)!).filter((g) => g.alertIds.length > 0);
  if (args.standalone !== undefined && args.graph) absorbExplainedIncidents(result, args.openIncidents, args.graph);
  return result;
}

/** 1. Each alert in a group: its cascade's, its model's own, or — a standalone alert — the incident holding or above its model, else alone. */
function alertGroups(args: GroupAlertsArgs, cascadeOf: Map<string, number>, attachHops: number): { groups: Map<string, IncidentGroup>; order: string[] } {
  const standalone = new Set(args.standalone ?? []);
  const holding = (model: string) => args.openIncidents.find((i) => i.rootCause === model) ?? args.openIncidents.find((i) => i.affected.includes(model));
  // Below a cascade of this window (its incident opening or going on), else below an open incident.
  const cascadeTargets = args.cascades.map((c, i) => ({ id: String(i), rootCause: c.root, affected: c.affected }));
  const below = (model: string) => {
    if (!args.graph) return undefined;
    const cascade = upstreamIncident(args.graph, model, cascadeTargets, attachHops);
    if (cascade) return { key: `cascade:${cascade.id}`, index: Number(cascade.id) };
    const open = upstreamIncident(args.graph, model, args.openIncidents, attachHops);
    return open ? { key: `open:${open.id}`, open } : undefined;
  };
  const ofCascade = (index: number) => {
    const cascade = args.cascades[index]!;
    return () => ({ incidentId: null, rootCause: cascade.root, affected: [cascade.root, ...cascade.affected], alertIds: [] });
  };
  const groups = new Map<string, IncidentGroup>();
  const order: string[] = [];
  for (const alert of args.alerts) {
    const index = cascadeOf.get(alert.modelId);
    let groupKey: string;
    let make: () => IncidentGroup;
    if (index !== undefined) {
      groupKey = `cascade:${index}`;
      make = ofCascade(index);
    } else if (standalone.has(alert.modelId)) {
      const held = holding(alert.modelId);
      const near = held ? { key: `open:${held.id}`, open: held } : below(alert.modelId);
      groupKey = near ? near.key : `alert:${alert.modelId}`;
      const open = near && "open" in near ? near.open : undefined;
      make =
        near && "index" in near
          ? ofCascade(near.index)
          : () => (open ? { incidentId: null, rootCause: open.rootCause, affected: [alert.modelId], alertIds: [] } : { incidentId: null, rootCause: alert.modelId, affected: [alert.modelId], alertIds: [], standalone: true });
    } else {
      groupKey = `model:${alert.modelId}`;
      make = () => ({ incidentId: null, rootCause: alert.modelId, affected: [alert.modelId], alertIds: [] });
    }
    let group = groups.get(groupKey);
    if (!group) {
      group = make();
      groups.set(groupKey, group);
      order.push(groupKey);
    }
    if (!group.affected.includes(alert.modelId)) group.affected.push(alert.modelId);
    group.alertIds.push(alert.id);
  }
  return { groups, order };
}

/** 2. The open incident each group continues (two groups continuing one incident merge into the first). */
function matchOpenIncidents(args: GroupAlertsArgs, groups: Map<string, IncidentGroup>, order: string[]): void {
  const used = new Set<string>();
  const continued = args.standalone !== undefined ? continuedIncident(args.openIncidents) : null;
  for (const groupKey of order) {
    const group = groups.get(groupKey)!;
    if (group.standalone) continue;
    const lone = groupKey.startsWith("model:");
    const root = group.rootCause;
    const match = groupKey.startsWith("open:")
      ? args.openIncidents.find((i) => i.id === groupKey.slice(5))
      : continued !== null
        ? continued(root, group.affected, used)
        : (args.openIncidents.find((i) => !used.has(i.id) && i.rootCause === root) ??
          args.openIncidents.find((i) => !used.has(i.id) && lone && i.rootCause === null && i.affected.length === 1 && i.affected[0] === root));
    if (match && !used.has(match.id)) {
      used.add(match.id);
      group.incidentId = match.id;
      group.affected = [...new Set([...match.affected, ...group.affected])].sort();
    } else if (match) {
      // Two groups continue the same open incident: the later one merges into the first.
      const first = order.map((k) => groups.get(k)!).find((g) => g.incidentId === match.id)!;
      first.alertIds.push(...group.alertIds);
      first.affected = [...new Set([...first.affected, ...group.affected])].sort();
      group.alertIds = [];
    } else {
      group.affected = [...group.affected].sort();
    }
  }
}

/**
 * Incidents follow the explanation across windows: an open incident whose root cause is now a model
 * of a group with another root upstream of it (the decision says that root explains it) joins that
 * group's incident. A group that opens no incident of its own continues the first such incident
 * instead, re-rooted at the group's root (a flapping consumer does not keep the root); the others
 * are merged into it. A group continuing an incident whose root it explains re-roots it too. An
 * incident already continued by a group of this window is never absorbed (one incident per group).
 */
function absorbExplainedIncidents(groups: IncidentGroup[], open: GroupAlertsArgs["openIncidents"], graph: SystemGraph): void {
  const taken = new Set(groups.flatMap((g) => (g.incidentId !== null ? [g.incidentId] : [])));
  const byId = new Map(open.map((i) => [i.id, i]));
  for (const g of groups) {
    if (g.standalone || g.rootCause === null || !graph.hasNode(g.rootCause)) continue;
    const models = new Set(g.affected);
    const below = downstreamOf(graph, g.rootCause);
    const continued = g.incidentId !== null ? byId.get(g.incidentId) : undefined;
    if (continued && continued.rootCause !== null && continued.rootCause !== g.rootCause && models.has(continued.rootCause) && below.has(continued.rootCause)) g.rootChanged = true;
    const explained = open.filter((i) => !taken.has(i.id) && i.rootCause !== null && i.rootCause !== g.rootCause && models.has(i.rootCause) && below.has(i.rootCause));
    if (explained.length === 0) continue;
    for (const i of explained) taken.add(i.id);
    let absorbed = explained;
    if (g.incidentId === null) {
      g.incidentId = explained[0]!.id;
      g.rootChanged = true;
      absorbed = explained.slice(1);
    }
    const all = new Set(g.affected);
    for (const i of explained) for (const m of i.affected) all.add(m);
    g.affected = [...all].sort();
    if (absorbed.length > 0) g.merged = absorbed.map((i) => i.id);
  }
}

/**
 * With the window's decision (`standalone` given): the open incident a group continues — the one
 * with the same root cause, else one that holds its root, else one that holds most (more than half)
 * of its models; an incident another group of this window already continues still counts (the two
 * groups merge into it), so one fault stays one incident while its groups change from window to
 * window (its root silent for a window, a consumer's group before the root's).
 */
function continuedIncident(open: GroupAlertsArgs["openIncidents"]) {
  return (root: string | null, models: string[], used: Set<string>): GroupAlertsArgs["openIncidents"][number] | undefined => {
    const prefer = (list: GroupAlertsArgs["openIncidents"]) => list.find((i) => !used.has(i.id)) ?? list[0];
    if (root !== null) {
      const same = prefer(open.filter((i) => i.rootCause === root));
      if (same) return same;
      const holding = prefer(open.filter((i) => i.affected.includes(root)));
      if (holding) return holding;
    }
    let best: GroupAlertsArgs["openIncidents"][number] | undefined;
    let bestCount = 0;
    for (const i of open) {
      const held = new Set(i.affected);
      const count = models.filter((m) => held.has(m)).length;
      if (2 * count > models.length && (count > bestCount || (count === bestCount && best !== undefined && used.has(best.id) && !used.has(i.id)))) {
        best = i;
        bestCount = count;
      }
    }
    return best;
  };
}

/** The open incident holding a model upstream of `model` within `hops` hops: the nearest; undefined when none, or two are equally near. */
function upstreamIncident(graph: SystemGraph, model: string, open: GroupAlertsArgs["openIncidents"], hops: number): GroupAlertsArgs["openIncidents"][number] | undefined {
  if (!graph.hasNode(model) || open.length === 0) return undefined;
  const seen = new Set([model]);
  let frontier = [model];
  for (let hop = 1; hop <= hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const v of frontier) {
      graph.forEachInNeighbor(v, (u) => {
        if (seen.has(u)) return;
        seen.add(u);
        next.push(u);
      });
    }
    const found = new Set(open.filter((i) => next.some((u) => i.affected.includes(u) || i.rootCause === u)));
    if (found.size === 1) return [...found][0];
    if (found.size > 1) return undefined;
    frontier = next;
  }
  return undefined;
}

/**
 * Where two faults' cascades meet, an open incident keeps the models it holds while its root is still
 * anomalous and upstream of them: a cascade of this window whose root is unrelated to that incident's
 * root (neither upstream nor downstream of it, and not holding it) explains those models no better
 * than the root that already did — the window's decision gives a model explained by two roots to the
 * first-ranked, which can change from window to window — so they stay with the incident (moved to the
 * cascade of its root this window, or to one of their own rooted there) and the other cascade keeps
 * the rest: its own root and the models only it reaches.
 */
function keepHeldModels(args: GroupAlertsArgs, graph: SystemGraph): GroupAlertsArgs["cascades"] {
  const alerting = new Set(args.alerts.map((a) => a.modelId));
  const active = args.openIncidents.filter((i) => i.rootCause !== null && alerting.has(i.rootCause) && graph.hasNode(i.rootCause));
  if (active.length === 0 || args.cascades.length === 0) return args.cascades;
  const cascades = args.cascades.map((c) => ({ ...c, affected: [...c.affected] }));
  const below = new Map<string, Set<string>>();
  const downstream = (root: string) => below.get(root) ?? below.set(root, downstreamOf(graph, root)).get(root)!;
  for (const incident of active) {
    const root = incident.rootCause!;
    const held = new Set(incident.affected);
    for (const c of [...cascades]) {
      if (c.root === root || c.affected.includes(root) || !graph.hasNode(c.root) || downstream(root).has(c.root) || downstream(c.root).has(root)) continue;
      const kept = c.affected.filter((m) => held.has(m) && downstream(root).has(m));
      if (kept.length === 0) continue;
      c.affected = c.affected.filter((m) => !kept.includes(m));
      const home = cascades.find((h) => h.root === root || h.affected.includes(root));
      if (home) home.affected = [...home.affected, ...kept].sort();
      else cascades.push({ root, affected: kept, startedAt: c.startedAt });
    }
  }
  return cascades;
}

/** Every model reachable from `root` along the dependencies (root excluded). */
function downstreamOf(graph: SystemGraph, root: string): Set<string> {
  const seen = new Set<string>();
  const stack = [root];
  while (stack.length > 0) {
    graph.forEachOutNeighbor(stack.pop()!, (v) => {
      if (v === root || seen.has(v)) return;
      seen.add(v);
      stack.push(v);
    });
  }
  return seen;
}
