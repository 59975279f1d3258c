"use client";
// Frame of the server-rendered map: zoom buttons and the tooltip shown when a node is hovered or
// focused (keyboard). The SVG itself stays server-rendered: without JavaScript the map, its links
// and the native <title>/aria labels still work.
import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import styles from "./system-map.module.css";

export interface NodeDetail {
  key: string;
  name: string;
  statusLabel: string;
  symbol: string;
  anomaly: string;
  propagated: string;
  rootCause: string | null;
  inCascade: boolean;
  breached: string[];
  upstream: string[];
  downstream: string[];
}

interface Tip {
  id: string;
  left: number;
  top: number;
}

const ZOOMS = [0.25, 0.35, 0.5, 0.65, 0.8, 1, 1.25, 1.5, 2];

export function MapViewport({ details, naturalWidth, compact, children }: { details: Record<string, NodeDetail>; naturalWidth: number; compact: boolean; children: ReactNode }) {
  const frame = useRef<HTMLDivElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [tip, setTip] = useState<Tip | null>(null);
  // null: the default (fit the width for small maps, natural size for large ones).
  const [zoom, setZoom] = useState<number | null>(null);

  useEffect(() => {
    const svg = scroller.current?.querySelector("svg");
    if (!svg) return;
    if (zoom === null) {
      svg.style.removeProperty("width");
      svg.style.removeProperty("max-width");
    } else {
      svg.style.width = `${Math.round(naturalWidth * zoom)}px`;
      svg.style.maxWidth = "none";
    }
  }, [zoom, naturalWidth]);

  const show = useCallback((target: EventTarget | null) => {
    const el = target instanceof Element ? target.closest<SVGElement>("[data-model-id]") : null;
    const box = frame.current?.getBoundingClientRect();
    if (!el || !box) return;
    const id = el.getAttribute("data-model-id");
    if (!id || !details[id]) return;
    const r = el.getBoundingClientRect();
    const width = Math.min(320, box.width);
    let left = r.right - box.left + 10;
    if (left + width > box.width) left = Math.max(0, r.left - box.left - width - 10);
    const top = Math.max(0, r.top - box.top);
    setTip({ id, left, top });
  }, [details]);

  const hide = useCallback(() => setTip(null), []);

  useEffect(() => {
    if (!tip) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setTip(null);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [tip]);

  const step = (dir: 1 | -1) => {
    const svg = scroller.current?.querySelector("svg");
    const current = zoom ?? (svg ? svg.getBoundingClientRect().width / naturalWidth : 1);
    const next = dir > 0 ? ZOOMS.find((z) => z > current + 0.01) : [...ZOOMS].reverse().find((z) => z < current - 0.01);
    if (next !== undefined) setZoom(next);
  };

  const fit = () => {
    const width = scroller.current?.clientWidth ?? naturalWidth;
    setZoom(Math.min(2, Math.max(0.1, (width - 20) / naturalWidth)));
  };

  const d = tip ? details[tip.id] : undefined;
  return (
    <div className={styles.viewport} ref={frame}>
      <ZoomToolbar onStep={step} onFit={fit} onReset={() => setZoom(compact ? 1 : null)} />
      <div
        className={styles.scroller}
        ref={scroller}
        onMouseOver={(e) => show(e.target)}
        onMouseLeave={hide}
        onFocus={(e) => show(e.target)}
        onBlur={hide}
        onScroll={hide}
      >
        {children}
      </div>
      {d && tip ? <NodeTooltip detail={d} tip={tip} /> : null}
    </div>
  );
}

function ZoomToolbar({ onStep, onFit, onReset }: { onStep: (dir: 1 | -1) => void; onFit: () => void; onReset: () => void }) {
  return (
    <div className={`${styles.toolbar} no-print`}>
      <button type="button" onClick={() => onStep(-1)} aria-label="Zoom out" data-testid="map-zoom-out">
        −
      </button>
      <button type="button" onClick={() => onStep(1)} aria-label="Zoom in" data-testid="map-zoom-in">
        +
      </button>
      <button type="button" onClick={onFit} data-testid="map-zoom-fit">
        Fit width
      </button>
      <button type="button" onClick={onReset}>
        Reset
      </button>
      <span className={styles.toolbarHint}>Hover or focus a model for details; click to open it.</span>
    </div>
  );
}

function NodeTooltip({ detail: d, tip }: { detail: NodeDetail; tip: Tip }) {
  return (
    <div className={styles.tooltip} style={{ left: tip.left, top: tip.top }} role="tooltip" data-testid="map-tooltip">
      <h3>
        {d.key}
        {d.name && d.name !== d.key ? <span className="muted"> · {d.name}</span> : null}
      </h3>
      <div>
        <strong>
          {d.symbol} {d.statusLabel}
        </strong>
        {d.rootCause ? <> · {d.rootCause}</> : null}
        {d.inCascade ? <> · in an active cascade</> : null}
      </div>
      <dl>
        <dt>Anomaly score</dt>
        <dd>{d.anomaly}</dd>
        <dt>Propagated</dt>
        <dd>{d.propagated}</dd>
        <dt>Fed by</dt>
        <dd>{d.upstream.length ? d.upstream.join(", ") : "—"}</dd>
        <dt>Feeds</dt>
        <dd>{d.downstream.length ? d.downstream.join(", ") : "—"}</dd>
      </dl>
      {d.breached.length > 0 ? (
        <>
          <div className="muted" style={{ marginTop: "0.4rem" }}>
            Breached signals ({d.breached.length}):
          </div>
          <ul>
            {d.breached.slice(0, 5).map((s) => (
              <li key={s}>{s}</li>
            ))}
            {d.breached.length > 5 ? <li>… {d.breached.length - 5} more</li> : null}
          </ul>
        </>
      ) : null}
      <p className={styles.tooltipHint}>Click or press Enter to open the model page.</p>
    </div>
  );
}
