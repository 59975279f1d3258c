// Grouping a window's alerts into incidents, following the window's decision (explain-window.ts via
// detectCascadesWithAlerts): alerts of the models of one cascade form one group whose root cause is
// the cascade's root; an alert of a lone incident root forms a group of its own model; an alert of
// a `standalone` model (the decision says: an alert, not an incident) joins the open incident that
// already holds its model, or else forms a group marked `standalone: true` — the caller files it
// without opening an incident. A group continues the open incident with the same root cause; with
// `standalone` given, also one that already holds its root (fusion, still failing after camera
// recovered, is the same incident going on) or most of its models — even when another group of the
// window continues it too (they merge) — instead of opening a new one. Every alert lands in exactly
// one group.

export interface GroupAlertsArgs {
  cascades: Array<{ root: string; affected: string[]; startedAt: number }>;
  alerts: Array<{ id: string; modelId: string }>;
  openIncidents: Array<{ id: string; rootCause: string | null; affected: string[] }>;
  /** Models whose alerts are not an incident this window (detectCascadesWithAlerts().standalone). Absent: every alert is. */
  standalone?: string[];
}

export interface IncidentGroup {
  incidentId: string | null;
  rootCause: string | null;
  affected: string[];
  alertIds: string[];
  /** true: alerts only — open no incident for them (present only when `standalone` was given). */
  standalone?: boolean;
}

const PREFIX = "graph/incidents";

export function groupAlertsIntoIncidents(args: GroupAlertsArgs): IncidentGroup[] {
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
  const standalone = new Set(args.standalone ?? []);
  const holding = (model: string) => args.openIncidents.find((i) => i.rootCause === model) ?? args.openIncidents.find((i) => i.affected.includes(model));

  const groups = new Map<string, IncidentGroup>();
  const order: string[] = [];
  for (const alert of args.alerts) {
    const index = cascadeOf.get(alert.modelId);
    let groupKey: string;
    let make: () => IncidentGroup;
    if (index !== undefined) {
      const cascade = args.cascades[index]!;
      groupKey = `cascade:${index}`;
      make = () => ({ incidentId: null, rootCause: cascade.root, affected: [cascade.root, ...cascade.affected], alertIds: [] });
    } else if (standalone.has(alert.modelId)) {
      const open = holding(alert.modelId);
      groupKey = open ? `open:${open.id}` : `alert:${alert.modelId}`;
      make = () => (open ? { incidentId: null, rootCause: open.rootCause, affected: [alert.modelId], alertIds: [] } : { incidentId: null, rootCause: alert.modelId, affected: [alert.modelId], alertIds: [], standalone: true });
    } else {
      groupKey = `model:${alert.modelId}`;
      make = () => ({ incidentId: null, rootCause: alert.modelId, affected: [alert.modelId], alertIds: [] });
    }
    let group = groups.get(groupKey);
    if (!group) {
      group = make();
      groups.set(groupKey, group);
      order.push(groupKey);
    } else if (groupKey.startsWith("open:") && !group.affected.includes(alert.modelId)) {
      group.affected.push(alert.modelId);
    }
    group.alertIds.push(alert.id);
  }

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
  return order.map((k) => groups.get(k)!).filter((g) => g.alertIds.length > 0);
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
