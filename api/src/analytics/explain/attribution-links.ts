// Attribution drift as evidence for the system graph (issue #15, point 4): when a consumer's
// attribution shift sits on the input that carries an upstream model's output (the dependency's
// `feature`), and that upstream model is anomalous in the same window, the consumer's changed
// reasoning follows the upstream change — trouble travelled along that edge. The window's graph
// then weighs the edge at full strength (weight 1), so root-cause ranking explains the consumer by
// its producer instead of ranking it as a root of its own, even on a weakly weighted edge. Pure.

export interface LinkEdge {
  from: string;
  to: string;
  weight: number;
  /** The input of `to` that carries `from`'s output (null: not declared). */
  feature: string | null;
}

export interface LinkSignal {
  kind: string;
  name: string;
  breached: boolean;
}

/** The features whose attribution importance moved in a breached attribution drift. */
export function movedAttributionFeatures(signals: readonly LinkSignal[]): Set<string> {
  const moved = new Set<string>();
  if (!signals.some((s) => s.kind === "attribution_drift" && s.name === "ndcg" && s.breached)) return moved;
  for (const s of signals) {
    if (s.kind === "attribution_drift" && s.breached && s.name.endsWith(".importance_shift")) moved.add(s.name.slice(0, -".importance_shift".length));
  }
  return moved;
}

/**
 * The edges with the linked ones at weight 1, and which were linked: an edge is linked when its
 * consumer's attribution drift moved the edge's feature and its producer is anomalous.
 */
export function strengthenLinkedEdges<E extends LinkEdge>(args: { edges: readonly E[]; signalsOf: (modelId: string) => readonly LinkSignal[]; anomalous: (modelId: string) => boolean }): { edges: E[]; linked: E[] } {
  const moved = new Map<string, Set<string>>();
  const movedOf = (id: string) => {
    let m = moved.get(id);
    if (m === undefined) moved.set(id, (m = movedAttributionFeatures(args.signalsOf(id))));
    return m;
  };
  const linked: E[] = [];
  const edges = args.edges.map((e) => {
    if (e.feature === null || !args.anomalous(e.from) || !movedOf(e.to).has(e.feature)) return e;
    linked.push(e);
    return { ...e, weight: 1 };
  });
  return { edges, linked };
}
