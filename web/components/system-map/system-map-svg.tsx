// The system map as plain SVG, rendered on the server: works without JavaScript, prints, and
// stays light with hundreds of models. Every node is a real link to its model page (keyboard
// focusable, with an accessible name stating its status and scores); colour is never the only
// carrier of a status (symbol + text label too).
import { statusLook } from "@/lib/status";
import { badgeOf, formatScore, type MapView, type NodeView } from "./model";
import styles from "./system-map.module.css";

export function SystemMapSvg({
  view,
  title,
  idPrefix,
  interactive = true,
  testId = "system-map",
}: {
  view: MapView;
  title: string;
  /** Makes marker ids unique when several maps share a page. */
  idPrefix: string;
  /** Links to the model pages (false in print: plain nodes). */
  interactive?: boolean;
  testId?: string;
}) {
  const { viewBox: vb, geometry } = view;
  const titleId = `${idPrefix}-title`;
  const plain = view.edges.filter((e) => !e.cascade);
  const cascade = view.edges.filter((e) => e.cascade);
  const strokeFor = (weight: number) => (geometry.compact ? 0.8 + 1.8 * weight : 1.2 + 3.3 * weight);
  return (
    <svg
      className={`${styles.svg} ${geometry.compact ? styles.svgCompact : ""}`}
      viewBox={`${vb.x} ${vb.y} ${vb.width} ${vb.height}`}
      width={Math.round(vb.width)}
      height={Math.round(vb.height)}
      aria-labelledby={titleId}
      data-testid={testId}
      data-node-count={view.nodes.length}
      data-compact={geometry.compact ? "true" : "false"}
    >
      <title id={titleId}>{title}</title>
      <defs>
        <marker id={`${idPrefix}-arrow`} viewBox="0 0 10 10" refX="1" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className={styles.arrow} />
        </marker>
        <marker id={`${idPrefix}-arrow-cascade`} viewBox="0 0 10 10" refX="1" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
          <path d="M0,0 L10,5 L0,10 z" className={styles.arrowCascade} />
        </marker>
      </defs>

      <g className={styles.edges} aria-hidden="true">
        {plain.map((e) => (
          <path
            key={e.id}
            d={e.d}
            className={`${styles.edge} ${e.feedback ? styles.edgeFeedback : ""}`}
            strokeWidth={strokeFor(e.weight)}
            markerEnd={`url(#${idPrefix}-arrow)`}
            data-testid={`map-edge-${e.fromKey}-${e.toKey}`}
            data-weight={e.weight}
            data-cascade="false"
          >
            {/* Large maps skip the edge titles: a third fewer elements to render. */}
            {geometry.compact ? null : <title>{edgeTitle(e)}</title>}
          </path>
        ))}
        {cascade.map((e) => (
          <g key={e.id} data-testid={`map-edge-${e.fromKey}-${e.toKey}`} data-weight={e.weight} data-cascade="true">
            <path d={e.d} className={styles.edgeHalo} strokeWidth={strokeFor(e.weight) + (geometry.compact ? 4 : 7)} />
            <path
              d={e.d}
              className={`${styles.edge} ${styles.edgeCascade} ${e.feedback ? styles.edgeFeedback : ""}`}
              strokeWidth={strokeFor(e.weight) + (geometry.compact ? 1 : 1.5)}
              markerEnd={`url(#${idPrefix}-arrow-cascade)`}
            >
              <title>{`${edgeTitle(e)} · along an active cascade`}</title>
            </path>
          </g>
        ))}
      </g>

      <g className={styles.nodes}>
        {view.nodes.map((node) => (
          <MapNode key={node.id} node={node} view={view} interactive={interactive} />
        ))}
      </g>
    </svg>
  );
}

function edgeTitle(e: MapView["edges"][number]): string {
  return `${e.fromKey} → ${e.toKey} · weight ${e.weight.toFixed(2)}${e.feature ? ` · feature ${e.feature}` : ""}${e.feedback ? " · feedback loop" : ""}`;
}

function MapNode({ node, view, interactive }: { node: NodeView; view: MapView; interactive: boolean }) {
  const { nodeWidth: w, nodeHeight: h, compact } = view.geometry;
  const look = statusLook(node.status);
  const badge = badgeOf(node);
  const x0 = node.x - w / 2;
  const y0 = node.y - h / 2;
  const label = nodeLabel(node, look.label, badge?.text ?? null);
  const anomaly = node.anomalyScore ?? 0;

  const body = (
    <>
      <rect className={styles.box} x={x0} y={y0} width={w} height={h} rx={compact ? 5 : 8} />
      <rect className={styles.stripe} x={x0} y={y0} width={compact ? 5 : 7} height={h} rx={compact ? 2 : 3} />
      {compact ? (
        <text className={styles.compactText} x={x0 + 11} y={node.y} dominantBaseline="central">
          {`${look.symbol} ${truncate(node.key, 14)}`}
        </text>
      ) : (
        <>
          <text className={styles.keyText} x={x0 + 16} y={y0 + 19}>
            {truncate(node.key, 19)}
          </text>
          <text className={styles.statusText} x={x0 + 16} y={y0 + 37} data-testid={`map-node-status-${node.key}`}>
            <tspan className={styles.symbol}>{look.symbol}</tspan> {look.label}
          </text>
          <text className={styles.scoreText} x={x0 + 16} y={y0 + 54}>
            {`anomaly ${formatScore(node.anomalyScore)} · prop. ${formatScore(node.propagatedScore)}`}
          </text>
          {/* Anomaly score as a bar along the bottom edge. */}
          <rect className={styles.scoreTrack} x={x0 + 7} y={y0 + h - 4} width={w - 7} height={4} />
          <rect className={styles.scoreBar} x={x0 + 7} y={y0 + h - 4} width={Math.max(0, Math.min(1, anomaly)) * (w - 7)} height={4} />
        </>
      )}
      {badge ? <RootCauseBadge badge={badge} x={x0 + w} y={y0} compact={compact} rank={node.rootCauseRank} /> : null}
    </>
  );

  const common = {
    className: styles.node,
    "data-status": node.status,
    "data-model-id": node.id,
    "data-model-key": node.key,
    "data-root-cause-rank": node.rootCauseRank ?? undefined,
    "data-in-cascade": node.inCascade ? "true" : undefined,
    "data-testid": `map-node-${node.key}`,
  };

  if (!interactive) {
    return (
      <g {...common} role="img" aria-label={label}>
        {body}
      </g>
    );
  }
  return (
    <a {...common} href={`/models/${encodeURIComponent(node.id)}`} aria-label={label}>
      {body}
    </a>
  );
}

function RootCauseBadge({ badge, x, y, compact, rank }: { badge: { primary: boolean; text: string }; x: number; y: number; compact: boolean; rank: number | null }) {
  const text = compact ? (rank ? `★${rank}` : "★") : `★ ${badge.text}`;
  const width = compact ? (rank ? 26 : 16) : 20 + badge.text.length * 7;
  const height = compact ? 14 : 19;
  const bx = x - width + (compact ? 6 : 8);
  const by = y - height / 2 - (compact ? 2 : 4);
  return (
    <g className={`${styles.badge} ${badge.primary ? styles.badgePrimary : ""}`} data-testid="root-cause-badge" data-primary={badge.primary ? "true" : "false"}>
      <rect x={bx} y={by} width={width} height={height} rx={height / 2} />
      <text x={bx + width / 2} y={by + height / 2} textAnchor="middle" dominantBaseline="central">
        {text}
      </text>
    </g>
  );
}

function nodeLabel(node: NodeView, statusLabel: string, badge: string | null): string {
  const parts = [
    `${node.key}${node.name && node.name !== node.key ? ` (${node.name})` : ""}`,
    statusLabel,
    `anomaly score ${formatScore(node.anomalyScore)}`,
    `propagated score ${formatScore(node.propagatedScore)}`,
  ];
  if (badge) parts.push(node.rootCauseRank ? `root cause rank ${node.rootCauseRank}` : "root cause of an incident");
  if (node.inCascade) parts.push("in an active cascade");
  return parts.join(", ");
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
