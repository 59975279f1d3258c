"use client";
// Live updates: listens to the dashboard's own event stream (/api/live, which relays the API's
// systemHealthChanged and incidentChanged subscriptions with the server-side key) and re-renders
// the current page's server components when something changed. The key never reaches the browser.
//
// A refresh never fights the user: it waits while a previous refresh is still rendering, and for a
// few seconds after the user clicked, typed or submitted something (a refresh started then would
// supersede the navigation or the form's action the user just asked for).
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";

type LiveState = "connecting" | "live" | "offline";

/** Quiet time after a user interaction before a refresh may run. */
const AFTER_INTERACTION_MS = 15_000;
/** Events arriving together (an evaluation publishes several) are folded into one refresh. */
const DEBOUNCE_MS = 400;

export function LiveRefresh({ systemId, paused = false }: { systemId?: string; paused?: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<LiveState>("connecting");
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [refreshing, startTransition] = useTransition();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastInteraction = useRef(0);
  const refreshingRef = useRef(false);
  refreshingRef.current = refreshing;

  useEffect(() => {
    const mark = () => {
      lastInteraction.current = Date.now();
    };
    const events = ["pointerdown", "keydown", "submit"] as const;
    for (const e of events) document.addEventListener(e, mark, { capture: true });
    return () => {
      for (const e of events) document.removeEventListener(e, mark, { capture: true });
    };
  }, []);

  useEffect(() => {
    if (paused) return;
    const url = systemId ? `/api/live?systemId=${encodeURIComponent(systemId)}` : "/api/live";
    const source = new EventSource(url);
    const schedule = (delay: number) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(run, delay);
    };
    const run = () => {
      timer.current = null;
      const quietFor = Date.now() - lastInteraction.current;
      if (quietFor < AFTER_INTERACTION_MS) return schedule(AFTER_INTERACTION_MS - quietFor);
      if (refreshingRef.current) return schedule(1_000);
      setUpdatedAt(new Date());
      startTransition(() => router.refresh());
    };
    let wasOffline = false;
    source.onopen = () => {
      setState("live");
      // Back after a break: what changed meanwhile is read by one refresh.
      if (wasOffline) schedule(DEBOUNCE_MS);
      wasOffline = false;
    };
    source.onerror = () => {
      wasOffline = true;
      setState("offline"); // EventSource reconnects by itself
    };
    source.addEventListener("change", () => schedule(DEBOUNCE_MS));
    return () => {
      source.close();
      if (timer.current) clearTimeout(timer.current);
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
