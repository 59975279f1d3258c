"use client";
// Reloads the page after a countdown, so an error state recovers by itself once the API is back.
import { useEffect, useState } from "react";

export function Retry({ seconds }: { seconds: number }) {
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
      <span aria-live="polite">{left > 0 ? <>This page retries automatically in <strong>{left}&nbsp;s</strong>.</> : "Retrying…"}</span>{" "}
      <a className="button" href="">
        Retry now
      </a>
    </p>
  );
}
