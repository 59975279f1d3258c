"use client";

import Link from "next/link";

/**
 * Last-resort boundary for unexpected rendering errors of the model page. API failures are handled
 * by the page itself (so their message can be shown).
 */
export default function ModelError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <div className="page">
      <div className="page-header">
        <h1>Model</h1>
      </div>
      <section className="card state state--error" role="alert" data-testid="model-render-error">
        <h2>Something went wrong while rendering this model</h2>
        <p>
          This is a bug in the dashboard rather than a problem with the API. The details are in the server log
          {digest ? (
            <>
              {" "}
              under the reference <code>{digest}</code>
            </>
          ) : null}
          .
        </p>
        <p className="retry">
          <button type="button" className="button" onClick={() => retry()}>
            Try again
          </button>
          <Link href="/">All systems</Link>
        </p>
      </section>
    </div>
  );
}
