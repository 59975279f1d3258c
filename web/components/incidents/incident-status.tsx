import type { IncidentStatus } from "@/lib/incident-queries";
import styles from "./incidents.module.css";

// An incident's status: symbol + text + colour (never colour alone). Open uses the failing colours,
// acknowledged the degraded ones (someone is on it), resolved the healthy ones.
const LOOKS: Record<IncidentStatus, { label: string; symbol: string; color: string; background: string }> = {
  OPEN: { label: "Open", symbol: "◆", color: "var(--status-failing)", background: "var(--status-failing-bg)" },
  ACKNOWLEDGED: { label: "Acknowledged", symbol: "◐", color: "var(--status-degraded)", background: "var(--status-degraded-bg)" },
  RESOLVED: { label: "Resolved", symbol: "✓", color: "var(--status-healthy)", background: "var(--status-healthy-bg)" },
};

export function incidentStatusLabel(status: string): string {
  return LOOKS[status as IncidentStatus]?.label ?? status;
}

export function IncidentStatusBadge({ status, testId }: { status: string; testId?: string }) {
  const look = LOOKS[status as IncidentStatus] ?? { label: status, symbol: "○", color: "var(--status-unknown)", background: "var(--status-unknown-bg)" };
  return (
    <span
      className="status-badge"
      data-status={status}
      data-testid={testId}
      style={{ color: look.color, background: look.background, borderColor: look.color }}
    >
      <span aria-hidden="true">{look.symbol}</span> {look.label}
    </span>
  );
}

/** "critical" / "warning" as a coloured word with a symbol; null renders a dash. */
export function Severity({ severity }: { severity: string | null }) {
  if (!severity) {
    return (
      <span className="muted" title="no alerts">
        —<span className="visually-hidden">no severity</span>
      </span>
    );
  }
  const critical = severity === "critical";
  return (
    <span className={critical ? styles.critical : styles.warning} data-severity={severity}>
      <span aria-hidden="true">{critical ? "■" : "▲"}</span> {severity.charAt(0).toUpperCase() + severity.slice(1)}
    </span>
  );
}
