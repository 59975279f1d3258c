// The time slider's server half: finds the windows worth offering (there is no "list windows"
// query: it asks systemHealth(at) of the recent windows in one aliased query, going back further
// when incidents or the shown window are older) and renders the client slider. Streamed in its
// own Suspense boundary so the map does not wait for it.
import { statusLook } from "@/lib/status";
import { fetchWindows, MODEL_WINDOWS_BUDGET, trimEmpty, WINDOWS_MAX, WINDOWS_SCAN, type MapIncident, type MapSystemHealth } from "@/lib/system-queries";
import { formatWindow } from "./format";
import { TimeSlider, type SliderWindow } from "./time-slider";
import styles from "./timeline.module.css";
import { nextBoundary } from "@/lib/time-window";

export async function Timeline({
  systemId,
  windowSeconds,
  modelCount,
  shown,
  live,
  incidents,
}: {
  systemId: string;
  windowSeconds: number;
  modelCount: number;
  /** The window the map shows (its verdict is known already). */
  shown: Pick<MapSystemHealth, "windowStart" | "windowEnd" | "status" | "score" | "stored">;
  live: boolean;
  incidents: readonly MapIncident[];
}) {
  const size = windowSeconds * 1000;
  // The newest window offered is the last closed one (what the live map shows): the window still
  // filling up is not judged yet.
  const now = Date.now() - size;
  const shownEnd = shown.windowEnd;
  const currentEnd = nextBoundary(now, size);
  let earliest = Math.min(Date.parse(shownEnd) - size, ...incidents.map((i) => Date.parse(i.openedAt) - 2 * size));
  if (!Number.isFinite(earliest)) earliest = currentEnd - WINDOWS_SCAN * size;
  const count = Math.min(WINDOWS_MAX, Math.max(WINDOWS_SCAN, Math.ceil((currentEnd - earliest) / size)));

  let windows;
  try {
    const checked = Math.min(count, Math.floor(MODEL_WINDOWS_BUDGET / Math.max(1, modelCount)));
    windows = await fetchWindows(systemId, windowSeconds, now, count, checked, shown);
  } catch (error) {
    console.error("[tandem-web] failed to load the windows of the time slider:", error);
    return (
      <p className="muted" role="alert" data-testid="time-slider-error">
        The time slider is unavailable: the windows could not be loaded ({error instanceof Error ? error.message : String(error)}).
      </p>
    );
  }

  let trimmed = trimEmpty(windows);
  const shownIndexFull = windows.findIndex((w) => w.windowEnd === new Date(shownEnd).toISOString());
  if (shownIndexFull >= 0 && shownIndexFull < windows.length - trimmed.length) trimmed = windows.slice(shownIndexFull);
  const items: SliderWindow[] = trimmed.map((w) => {
    const look = statusLook(w.status);
    return w.checked
      ? { start: w.windowStart, end: w.windowEnd, status: w.status, stored: w.stored, symbol: look.symbol, statusLabel: look.label }
      : { start: w.windowStart, end: w.windowEnd, status: "UNCHECKED", stored: false, symbol: "·", statusLabel: "status not loaded (large system)" };
  });
  let selected = live ? items.length - 1 : items.findIndex((w) => w.end === new Date(shownEnd).toISOString());
  if (selected < 0) selected = 0;

  const current = trimmed.at(-1);
  const latestWithData = [...trimmed].reverse().find((w) => w.checked && (w.stored || w.status !== "UNKNOWN"));
  const noDataNow = live && current && current.checked && !current.stored && current.status === "UNKNOWN";

  return (
    <>
      <TimeSlider basePath={`/systems/${systemId}`} windows={items} selected={selected} live={live} />
      {noDataNow ? (
        <p className={styles.notice} data-testid="map-no-data-notice">
          No data arrived in the last closed window ({formatWindow(current.windowStart, current.windowEnd)}), so every model shows “No data”.{" "}
          {latestWithData && latestWithData !== current ? (
            <a href={`/systems/${systemId}?at=${encodeURIComponent(latestWithData.windowEnd)}`} data-testid="map-latest-data-link">
              See the latest window with data ({formatWindow(latestWithData.windowStart, latestWithData.windowEnd)}) →
            </a>
          ) : null}
        </p>
      ) : null}
    </>
  );
}

export function TimelineSkeleton() {
  return (
    <div className={styles.skeleton} aria-busy="true" data-testid="time-slider-loading">
      <span className="spinner" aria-hidden="true" /> Loading the evaluated windows…
    </div>
  );
}
