"use client";

/**
 * Last-resort boundary for unexpected rendering errors of every page. API
 * failures are handled by the pages themselves (so their message can be
 * shown); in production Next.js hides the message of server errors here and
 * only passes a digest.
 */
export default function ErrorPage({
  error,
  retry,
}: {
  error: unknown;
  retry: () => void;
}) {
  const digest =
    error instanceof Error && "digest" in error && typeof error.digest === "string"
      ? error.digest
      : undefined;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Tandem</h1>
      </div>
      <section className="card state state--error" role="alert" data-testid="render-error">
        <h2>Something went wrong while rendering this page</h2>
        <p>
          This is a bug in the dashboard rather than a problem with the API. The details are in
          the server log{digest ? (
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
          </button>{" "}
          <a href="/">Go to the list of systems</a>
        </p>
      </section>
    </div>
  );
}
