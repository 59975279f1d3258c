// Pieces the dashboard's SVG charts share: a legend entry, and the horizontal grid with its y tick
// labels.
import type { ReactNode } from "react";
import styles from "./charts.module.css";

/** One legend entry: a small swatch (SVG shapes) and its words. */
export function LegendItem({ label, swatch, viewBox = "0 0 24 12", className }: { label: ReactNode; swatch: ReactNode; viewBox?: string; className?: string }) {
  return (
    <li>
      <svg viewBox={viewBox} aria-hidden="true" className={className}>
        {swatch}
      </svg>
      {label}
    </li>
  );
}

/** Horizontal grid lines from `left` to `right` at each tick, and the ticks' labels right-aligned at `labelX`. */
export function YGrid({
  ticks,
  y,
  left,
  right,
  labelX,
  labelClassName,
  format,
}: {
  ticks: number[];
  y: (value: number) => number;
  left: number;
  right: number;
  labelX: number;
  labelClassName: string | undefined;
  format: (value: number) => string;
}) {
  return (
    <>
      <g className={styles.grid}>
        {ticks.map((t) => (
          <line key={t} x1={left} x2={right} y1={y(t)} y2={y(t)} />
        ))}
      </g>
      <g className={labelClassName} textAnchor="end">
        {ticks.map((t) => (
          <text key={t} x={labelX} y={y(t)} dy="0.32em">
            {format(t)}
          </text>
        ))}
      </g>
    </>
  );
}
