// Grouping a window's alerts into incidents: alerts of the models of one cascade form one group
// whose root cause is the cascade's root; any other alert forms a group of its own model. A group
// continues the open incident with the same root cause (for a lone model: the same single model)
// instead of opening a new one. Every alert lands in exactly one group.

export interface GroupAlertsArgs {
  cascades: Array<{ root: string; affected: string[]; startedAt: number }>;
  alerts: Array<{ id: string; modelId: string }>;
  openIncidents: Array<{ id: string; rootCause: string | null; affected: string[] }>;
}

export interface IncidentGroup {
  incidentId: string | null;
  rootCause: string | null;
  affected: string[];
  alertIds: string[];
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

  const groups = new Map<string, IncidentGroup>();
  const order: string[] = [];
  for (const alert of args.alerts) {
    const index = cascadeOf.get(alert.modelId);
    const groupKey = index === undefined ? `model:${alert.modelId}` : `cascade:${index}`;
    let group = groups.get(groupKey);
    if (!group) {
      const cascade = index === undefined ? undefined : args.cascades[index]!;
      group = {
        incidentId: null,
        rootCause: cascade ? cascade.root : alert.modelId,
        affected: cascade ? [cascade.root, ...cascade.affected] : [alert.modelId],
        alertIds: [],
      };
      groups.set(groupKey, group);
      order.push(groupKey);
    }
    group.alertIds.push(alert.id);
  }

  const used = new Set<string>();
  for (const groupKey of order) {
    const group = groups.get(groupKey)!;
    const lone = groupKey.startsWith("model:");
    const match = args.openIncidents.find(
      (incident) =>
        !used.has(incident.id) &&
        (incident.rootCause === group.rootCause ||
          (lone && incident.rootCause === null && incident.affected.length === 1 && incident.affected[0] === group.rootCause)),
    );
    if (match) {
      used.add(match.id);
      group.incidentId = match.id;
      group.affected = [...new Set([...match.affected, ...group.affected])].sort();
    } else {
      group.affected = [...group.affected].sort();
    }
  }
  return order.map((k) => groups.get(k)!);
}
