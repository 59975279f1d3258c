// Turns a system, its health in one window and its incidents into what the map draws: the layered
// layout, each node's status and scores, root-cause ranks, and the edges along active cascades.
// Pure (no React, no I/O): shared by the map page and the printable report.
import { layeredLayout, type Layout, type LayoutEdge } from "@/lib/layered-layout";
import type { HealthStatus } from "@/lib/status";
import type { MapIncident, MapSystem } from "@/lib/system-queries";

/** Above this many models the map switches to compact nodes (details in the tooltip). */
export const COMPACT_FROM = 40;

export interface MapGeometry {
  compact: boolean;
  nodeWidth: number;
  nodeHeight: number;
  layerGap: number;
  nodeGap: number;
}

export interface NodeView {
  id: string;
  key: string;
  name: string;
  x: number;
  y: number;
  status: HealthStatus;
  anomalyScore: number | null;
  propagatedScore: number | null;
  /** Rank in the window's root causes (1 = most likely origin), if ranked. */
  rootCauseRank: number | null;
  rootCauseScore: number | null;
  /** Root cause of an incident going on in the window. */
  incidentRoot: boolean;
  /** In an active cascade (as root or affected). */
  inCascade: boolean;
  breached: string[];
  upstream: string[];
  downstream: string[];
}

export interface EdgeView {
  id: string;
  fromKey: string;
  toKey: string;
  weight: number;
  feature: string | null;
  feedback: boolean;
  cascade: boolean;
  /** SVG path data. */
  d: string;
}

export interface MapView {
  geometry: MapGeometry;
  nodes: NodeView[];
  edges: EdgeView[];
  /** viewBox of the SVG. */
  viewBox: { x: number; y: number; width: number; height: number };
  layout: Pick<Layout, "crossings" | "dummies"> & { layers: number };
  /** Root causes shown with a badge (rank ≤ this). */
  badgeRanks: number;
}

/** Root causes ranked up to this get a badge on the map. */
export const BADGE_RANKS = 3;
/** Ranked root causes scoring less than this are not badged (the tail of the ranking). */
export const BADGE_MIN_SCORE = 0.05;

export function geometryFor(modelCount: number): MapGeometry {
  return modelCount >= COMPACT_FROM
    ? { compact: true, nodeWidth: 124, nodeHeight: 28, layerGap: 200, nodeGap: 40 }
    : { compact: false, nodeWidth: 176, nodeHeight: 66, layerGap: 232, nodeGap: 104 };
}

/**
 * Everything the map draws. `incidents` are the incidents going on in the shown window: their root
 * causes get a badge and their models' edges are emphasized like the window's cascades.
 */
export function buildMapView(system: MapSystem, incidents: readonly MapIncident[]): MapView {
  const geometry = geometryFor(system.models.length);
  const { nodeWidth: w, nodeHeight: h } = geometry;
  const layout = layeredLayout(
    system.models.map((m) => m.id),
    system.dependencies.map((d) => ({ from: d.from.id, to: d.to.id, weight: d.weight })),
    { layerGap: geometry.layerGap, nodeGap: geometry.nodeGap, dummyGap: geometry.compact ? 14 : 30 },
  );
  const trouble = troubleGroups(system, incidents);
  const nodes = nodeViews(system, layout, incidents, trouble.inCascade);

  // Feedback arcs dip below the nodes they join: leave room for them.
  let bottom = layout.height + h / 2;
  const keyOf = new Map(system.models.map((m) => [m.id, m.key]));
  const edges: EdgeView[] = layout.edges.map((le) => {
    const dep = system.dependencies[le.index]!;
    const { d, dip } = edgePath(le, w, h);
    bottom = Math.max(bottom, dip);
    return {
      id: dep.id,
      fromKey: keyOf.get(le.from) ?? le.from,
      toKey: keyOf.get(le.to) ?? le.to,
      weight: le.weight,
      feature: dep.feature,
      feedback: le.feedback,
      cascade: trouble.alongCascade(le.from, le.to),
      d,
    };
  });

  const pad = 16;
  const top = geometry.compact ? 12 : 22; // room for the root-cause badge
  return {
    geometry,
    nodes,
    edges,
    viewBox: {
      x: -w / 2 - pad,
      y: -h / 2 - top - pad,
      width: layout.width + w + 2 * pad,
      height: bottom + h / 2 + top + 2 * pad,
    },
    layout: { crossings: layout.crossings, dummies: layout.dummies, layers: layout.layers.length },
    badgeRanks: BADGE_RANKS,
  };
}

/** Groups of models that trouble travels through: each cascade of the window, each active incident. */
function troubleGroups(system: MapSystem, incidents: readonly MapIncident[]) {
  const groups: Set<string>[] = [
    ...system.health.cascades.map((c) => new Set([c.root.id, ...c.affected.map((a) => a.id)])),
    ...incidents.filter((i) => i.affected.length > 0).map((i) => new Set([...(i.rootCause ? [i.rootCause.id] : []), ...i.affected.map((a) => a.id)])),
  ];
  const inCascade = new Set<string>();
  for (const g of groups) if (g.size > 1) for (const id of g) inCascade.add(id);
  const alongCascade = (from: string, to: string) => groups.some((g) => g.has(from) && g.has(to));
  return { inCascade, alongCascade };
}

/** Each model placed by the layout, with its verdict, root-cause rank and neighbours' keys. */
function nodeViews(system: MapSystem, layout: Layout, incidents: readonly MapIncident[], inCascade: ReadonlySet<string>): NodeView[] {
  const health = new Map(system.health.models.map((m) => [m.model.id, m]));
  const ranks = new Map<string, { rank: number; score: number }>();
  for (const rc of system.health.rootCauses) {
    if (!ranks.has(rc.model.id)) ranks.set(rc.model.id, { rank: rc.rank, score: rc.score });
  }
  const incidentRoots = new Set(incidents.map((i) => i.rootCause?.id).filter((id): id is string => Boolean(id)));
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  for (const d of system.dependencies) {
    (downstream.get(d.from.id) ?? downstream.set(d.from.id, []).get(d.from.id)!).push(d.to.key);
    (upstream.get(d.to.id) ?? upstream.set(d.to.id, []).get(d.to.id)!).push(d.from.key);
  }
  const placed = new Map(layout.nodes.map((n) => [n.id, n]));
  return system.models.map((m) => {
    const p = placed.get(m.id)!;
    const mh = health.get(m.id);
    const rank = ranks.get(m.id);
    return {
      id: m.id,
      key: m.key,
      name: m.name,
      x: p.x,
      y: p.y,
      status: mh?.status ?? "UNKNOWN",
      anomalyScore: mh ? mh.anomalyScore : null,
      propagatedScore: mh ? mh.propagatedScore : null,
      rootCauseRank: rank?.rank ?? null,
      rootCauseScore: rank?.score ?? null,
      incidentRoot: incidentRoots.has(m.id),
      inCascade: inCascade.has(m.id),
      breached: (mh?.signals ?? []).filter((s) => s.breached).map((s) => `${s.kind}: ${s.name}`),
      upstream: upstream.get(m.id) ?? [],
      downstream: downstream.get(m.id) ?? [],
    };
  });
}

/**
 * An edge's SVG path: a feedback edge arcs below the nodes it joins (`dip` is its lowest y), any
 * other one runs from the source's right side to the target's left through its dummy points.
 */
function edgePath(le: LayoutEdge, w: number, h: number): { d: string; dip: number } {
  if (le.feedback) {
    const [s, t] = le.points as [{ x: number; y: number }, { x: number; y: number }];
    const dip = Math.max(s.y, t.y) + h / 2 + 28 + Math.min(120, Math.abs(s.x - t.x) * 0.12);
    return { d: `M${s.x},${s.y + h / 2} C${s.x},${dip} ${t.x},${dip} ${t.x},${t.y + h / 2 + 7}`, dip };
  }
  const pts = le.points.map((p, i) => ({
    x: i === 0 ? p.x + w / 2 : i === le.points.length - 1 ? p.x - w / 2 - 7 : p.x,
    y: p.y,
  }));
  let d = `M${pts[0]!.x},${pts[0]!.y}`;
  for (let i = 1; i < pts.length; i += 1) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    const mx = (a.x + b.x) / 2;
    d += ` C${mx},${a.y} ${mx},${b.y} ${b.x},${b.y}`;
  }
  return { d, dip: -Infinity };
}

/** Whether a node gets the root-cause badge (and which text). */
export function badgeOf(node: NodeView): { primary: boolean; text: string } | null {
  if (node.rootCauseRank !== null && node.rootCauseRank <= BADGE_RANKS && (node.rootCauseRank === 1 || (node.rootCauseScore ?? 0) >= BADGE_MIN_SCORE)) {
    return { primary: node.rootCauseRank === 1, text: node.rootCauseRank === 1 ? "Root cause" : `Root cause #${node.rootCauseRank}` };
  }
  if (node.incidentRoot) return { primary: false, text: "Incident root" };
  return null;
}

export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "—" : value.toFixed(2);
}
