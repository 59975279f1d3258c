"use client";

import { useEffect, useState } from "react";

/**
 * Counts down and reloads the page, so an error state recovers by itself
 * once the API is back. "Retry now" is a plain link (by default to the page
 * itself): it works without JS. Every error state of the dashboard uses it.
 */
export function AutoRetry({ seconds, href = "" }: { seconds: number; href?: string }) {
  const [left, setLeft] = useState(seconds);

  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => {
      const remaining = Math.max(0, seconds - Math.floor((Date.now() - started) / 1000));
      setLeft(remaining);
      if (remaining === 0) {
        window.clearInterval(timer);
        window.location.reload();
      }
    }, 250);
    return () => window.clearInterval(timer);
  }, [seconds]);

  return (
    <p className="retry">
      <span aria-live="polite">
        {left > 0 ? (
          <>
            This page retries automatically in <strong>{left}&nbsp;s</strong>.
          </>
        ) : (
          "Retrying…"
        )}
      </span>{" "}
      <a className="button" href={href}>
        Retry now
      </a>
    </p>
  );
}
