import Link from "next/link";
import type { ReactNode } from "react";

/**
 * "Not found", rendered in place rather than with notFound(): these pages stream behind
 * loading.tsx, and a notFound() thrown after the shell left the loading fallback on screen in the
 * dev server.
 */
export function NotFoundState({ heading, title, children, testId }: { heading: string; title: string; children: ReactNode; testId: string }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>{heading}</h1>
      </div>
      <section className="card state" data-testid={testId}>
        <h2>{title}</h2>
        {children}
        <p>
          <Link href="/">Go to the list of systems</Link>.
        </p>
      </section>
    </div>
  );
}

export function SystemNotFoundState({ heading }: { heading: string }) {
  return (
    <NotFoundState heading={heading} title="There is no such system" testId="system-not-found">
      <p>No system has this id. The link may be outdated, or the dashboard&apos;s API key may not see this system.</p>
    </NotFoundState>
  );
}
