// Picks the "current" window of the model page (?at=ISO, the window's end): a strip of the recent
// windows coloured by status (with a symbol per status, never colour alone), previous / next
// links, and a select inside a GET form for keyboard and no-JS use.
import Link from "next/link";
import { statusLook } from "@/lib/status";
import type { WindowVerdict } from "@/lib/model-queries";
import { AutoSubmitSelect } from "./auto-submit-select";
import { formatInstant, formatWindow } from "./format";
import styles from "./model.module.css";

export function WindowPicker({
  modelId,
  windows,
  selectedEnd,
  latestWithData,
  metric,
}: {
  modelId: string;
  windows: WindowVerdict[];
  selectedEnd: string;
  latestWithData: string | null;
  metric: string | null;
}) {
  const href = (end: string) => `/models/${modelId}?${new URLSearchParams({ at: end, ...(metric ? { metric } : {}) }).toString()}`;
  const index = windows.findIndex((w) => w.windowEnd === selectedEnd);
  const prev = index > 0 ? windows[index - 1] : null;
  const next = index >= 0 && index < windows.length - 1 ? windows[index + 1] : null;
  const withData = windows.filter((w) => w.status !== "UNKNOWN").length;

  return (
    <div className={`${styles.picker} no-print`} data-testid="window-picker">
      <div className={styles.pickerRow}>
        <p className={styles.pickerLabel}>
          Window <span className="muted">({withData} of the last {windows.length} have data)</span>
        </p>
        <div className={styles.pickerControls}>
          {prev ? (
            <Link href={href(prev.windowEnd)} className={styles.stepLink} data-testid="window-prev" rel="prev">
              ← Earlier
            </Link>
          ) : (
            <span className={`${styles.stepLink} ${styles.stepDisabled}`}>← Earlier</span>
          )}
          <form method="get" action={`/models/${modelId}`} className={styles.pickerForm}>
            {metric ? <input type="hidden" name="metric" value={metric} /> : null}
            <AutoSubmitSelect name="at" defaultValue={selectedEnd} label="Current window" testId="window-select">
              {[...windows].reverse().map((w) => (
                <option key={w.windowEnd} value={w.windowEnd}>
                  {formatWindow(w.windowStart, w.windowEnd)} · {statusLook(w.status).label}
                  {w.windowEnd === latestWithData ? " · latest with data" : ""}
                </option>
              ))}
            </AutoSubmitSelect>
            {/* Also submits when the select's change handler is unavailable (no JS yet). */}
            <button type="submit" className={styles.goButton} data-testid="window-go">
              Show
            </button>
          </form>
          {next ? (
            <Link href={href(next.windowEnd)} className={styles.stepLink} data-testid="window-next" rel="next">
              Later →
            </Link>
          ) : (
            <span className={`${styles.stepLink} ${styles.stepDisabled}`}>Later →</span>
          )}
          {latestWithData && latestWithData !== selectedEnd ? (
            <Link href={`/models/${modelId}${metric ? `?metric=${encodeURIComponent(metric)}` : ""}`} className={styles.stepLink} data-testid="window-latest">
              Latest
            </Link>
          ) : null}
        </div>
      </div>
      <WindowStrip windows={windows} selectedEnd={selectedEnd} href={href} />
      <p className={styles.stripAxis} aria-hidden="true">
        <span>{windows.length ? formatInstant(windows[0].windowStart) : ""}</span>
        <span>{windows.length ? `${formatInstant(windows[windows.length - 1].windowEnd)} UTC` : ""}</span>
      </p>
    </div>
  );
}

/** The recent windows, oldest first, each a link coloured by its status with the status's symbol. */
function WindowStrip({ windows, selectedEnd, href }: { windows: WindowVerdict[]; selectedEnd: string; href: (end: string) => string }) {
  return (
    <ol className={styles.strip} aria-label="Recent windows by status">
      {windows.map((w) => {
        const look = statusLook(w.status);
        const selected = w.windowEnd === selectedEnd;
        return (
          <li key={w.windowEnd}>
            <Link
              href={href(w.windowEnd)}
              className={styles.stripCell}
              style={{ background: w.status === "UNKNOWN" ? "transparent" : look.background, borderColor: look.color, color: look.color }}
              aria-current={selected ? "true" : undefined}
              title={`${formatWindow(w.windowStart, w.windowEnd)}: ${look.label}`}
              data-status={w.status}
            >
              <span aria-hidden="true">{look.symbol}</span>
              <span className="visually-hidden">
                {formatWindow(w.windowStart, w.windowEnd)}: {look.label}
              </span>
            </Link>
          </li>
        );
      })}
    </ol>
  );
}
