"use client";
// Live updates: listens to the dashboard's own event stream (/api/live, which relays the API's
// systemHealthChanged and incidentChanged subscriptions with the server-side key) and re-renders
// the current page's server components when something changed. The key never reaches the browser.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

type LiveState = "connecting" | "live" | "offline";

export function LiveRefresh({ systemId, paused = false }: { systemId?: string; paused?: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<LiveState>("connecting");
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (paused) return;
    const url = systemId ? `/api/live?systemId=${encodeURIComponent(systemId)}` : "/api/live";
    const source = new EventSource(url);
    source.onopen = () => setState("live");
    source.onerror = () => setState("offline"); // EventSource reconnects by itself
    source.addEventListener("change", () => {
      // Several events arrive together after an evaluation: refresh once.
      if (pending.current) clearTimeout(pending.current);
      pending.current = setTimeout(() => {
        pending.current = null;
        setUpdatedAt(new Date());
        router.refresh();
      }, 400);
    });
    return () => {
      source.close();
      if (pending.current) clearTimeout(pending.current);
    };
  }, [systemId, paused, router]);

  const label = paused ? "Paused (viewing the past)" : state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span className="live no-print" data-state={paused ? "paused" : state} data-testid="live-indicator" role="status">
      <span className="live__dot" aria-hidden="true" />
      {label}
      {updatedAt && !paused ? <span className="muted"> · updated {updatedAt.toLocaleTimeString()}</span> : null}
    </span>
  );
}
