// Health status → how the dashboard shows it. Colour is never the only carrier: every status has a
// text label and a distinct symbol too (colour-blind safe), and the palette (Okabe–Ito derived)
// stays distinguishable under deuteranopia and protanopia.
import { HealthStatus } from "./generated/graphql";

export { HealthStatus };

export interface StatusLook {
  label: string;
  /** A shape that differs per status: ● healthy, ▲ degraded, ■ failing, ○ unknown. */
  symbol: string;
  /** CSS custom properties defined in globals.css. */
  color: string;
  background: string;
}

const LOOKS: Record<HealthStatus, StatusLook> = {
  HEALTHY: { label: "Healthy", symbol: "●", color: "var(--status-healthy)", background: "var(--status-healthy-bg)" },
  DEGRADED: { label: "Degraded", symbol: "▲", color: "var(--status-degraded)", background: "var(--status-degraded-bg)" },
  FAILING: { label: "Failing", symbol: "■", color: "var(--status-failing)", background: "var(--status-failing-bg)" },
  UNKNOWN: { label: "No data", symbol: "○", color: "var(--status-unknown)", background: "var(--status-unknown-bg)" },
};

export function statusLook(status: string | null | undefined): StatusLook {
  return LOOKS[(status ?? "UNKNOWN") as HealthStatus] ?? LOOKS.UNKNOWN;
}

/** Severity order, worst first (for sorting). */
export function statusRank(status: string | null | undefined): number {
  return { FAILING: 0, DEGRADED: 1, HEALTHY: 2, UNKNOWN: 3 }[status ?? "UNKNOWN"] ?? 3;
}

/** Every status of the schema's enum, best first and "No data" last (the legend's order). */
export const STATUSES_BEST_FIRST: readonly HealthStatus[] = Object.values(HealthStatus).sort((a, b) => legendRank(a) - legendRank(b));

function legendRank(status: HealthStatus): number {
  return status === HealthStatus.Unknown ? 99 : -statusRank(status);
}
