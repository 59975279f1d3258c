"use client";
// Time slider of the system map: one step per evaluated window. Moving it changes the URL
// (`?at=<window end>`) so the server renders systemHealth(at) of that window; the last step is
// "now" (live, no `at`). The strip of windows below it and the previous/next links are plain
// links, so the slider's windows stay reachable without JavaScript.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { formatTime, formatWindow } from "./format";
import styles from "./time-slider.module.css";

export interface SliderWindow {
  start: string;
  end: string;
  status: string;
  symbol: string;
  statusLabel: string;
  stored: boolean;
}

export function TimeSlider({
  basePath,
  windows,
  selected,
  live,
}: {
  /** The page's path without query (e.g. /systems/<id>). */
  basePath: string;
  windows: SliderWindow[];
  /** Index of the window shown. */
  selected: number;
  /** The page shows "now" (no `at`). */
  live: boolean;
}) {
  const router = useRouter();
  const [value, setValue] = useState(selected);
  const [pending, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const last = windows.length - 1;

  useEffect(() => setValue(selected), [selected]);
  useEffect(() => () => void (timer.current && clearTimeout(timer.current)), []);

  const hrefFor = (i: number) => (i >= last ? basePath : `${basePath}?at=${encodeURIComponent(windows[i]!.end)}`);

  const go = (i: number, delay: number) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      startTransition(() => router.push(hrefFor(i), { scroll: false }));
    }, delay);
  };

  const shown = windows[value];
  return (
    <div className={styles.slider} data-testid="time-slider" data-pending={pending ? "true" : "false"}>
      <div className={styles.row}>
        <label htmlFor="map-time" className={styles.label}>
          Window
        </label>
        <input
          id="map-time"
          className={styles.range}
          type="range"
          min={0}
          max={last}
          step={1}
          value={value}
          onChange={(e) => {
            const i = Number(e.target.value);
            setValue(i);
            go(i, 350);
          }}
          aria-valuetext={shown ? `${formatWindow(shown.start, shown.end)}${value === last ? " (now)" : ""}, ${shown.statusLabel}` : undefined}
          data-testid="time-slider-input"
        />
        <output htmlFor="map-time" className={styles.output} data-testid="time-slider-value">
          {shown ? formatWindow(shown.start, shown.end) : "—"}
          {value === last ? " · now" : ""}
        </output>
        {pending ? <span className={styles.pending} role="status">Loading…</span> : null}
        <StepLinks basePath={basePath} selected={selected} last={last} live={live} hrefFor={hrefFor} />
      </div>
      <WindowCells
        windows={windows}
        selected={selected}
        hrefFor={hrefFor}
        onPick={(i) => {
          setValue(i);
          go(i, 0);
        }}
      />
      <div className={styles.scale} aria-hidden="true">
        <span>{windows[0] ? formatTime(windows[0].start) : ""}</span>
        <span>{windows[last] ? `${formatTime(windows[last].end)} (now)` : ""}</span>
      </div>
    </div>
  );
}

/** Earlier / Later / Now as plain links (they work without JavaScript). */
function StepLinks({ basePath, selected, last, live, hrefFor }: { basePath: string; selected: number; last: number; live: boolean; hrefFor: (i: number) => string }) {
  return (
    <span className={styles.links}>
      <Link href={hrefFor(Math.max(0, selected - 1))} scroll={false} aria-disabled={selected === 0} className={styles.step} data-testid="time-slider-prev">
        ← Earlier
      </Link>
      <Link href={hrefFor(Math.min(last, selected + 1))} scroll={false} aria-disabled={selected >= last} className={styles.step} data-testid="time-slider-next">
        Later →
      </Link>
      <Link href={basePath} scroll={false} className={`${styles.now} ${live ? styles.nowActive : ""}`} aria-current={live ? "true" : undefined} data-testid="time-slider-now">
        Now
      </Link>
    </span>
  );
}

/** One cell per window, with its status symbol; a click moves the slider there at once. */
function WindowCells({ windows, selected, hrefFor, onPick }: { windows: SliderWindow[]; selected: number; hrefFor: (i: number) => string; onPick: (i: number) => void }) {
  return (
    <ol className={styles.strip} aria-label="Status of each window">
      {windows.map((w, i) => (
        <li key={w.end}>
          <a
            href={hrefFor(i)}
            className={styles.cell}
            data-status={w.status}
            data-stored={w.stored ? "true" : "false"}
            data-window-end={w.end}
            data-testid="time-slider-cell"
            data-selected={i === selected ? "true" : undefined}
            title={`${formatWindow(w.start, w.end)} · ${w.statusLabel}${w.stored ? "" : " (not evaluated yet)"}`}
            tabIndex={-1}
            onClick={(e) => {
              e.preventDefault();
              onPick(i);
            }}
          >
            <span aria-hidden="true">{w.symbol}</span>
            <span className="visually-hidden">
              {formatWindow(w.start, w.end)}: {w.statusLabel}
            </span>
          </a>
        </li>
      ))}
    </ol>
  );
}
