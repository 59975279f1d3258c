import { statusLook } from "@/lib/status";

/** A status pill: symbol + text label + colour (never colour alone). */
export function StatusBadge({ status, testId }: { status: string | null | undefined; testId?: string }) {
  const look = statusLook(status);
  return (
    <span
      className="status-badge"
      data-status={status ?? "UNKNOWN"}
      data-testid={testId}
      style={{ color: look.color, background: look.background, borderColor: look.color }}
    >
      <span aria-hidden="true">{look.symbol}</span> {look.label}
    </span>
  );
}
