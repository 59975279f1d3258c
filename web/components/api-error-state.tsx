// The one API-error state of the dashboard: what failed, the API's message and error codes, what to
// check (the API's address, the dashboard's key, or its log), and an automatic retry.
import type { ReactNode } from "react";
import { GraphQLRequestError } from "@/lib/graphql";
import { AutoRetry } from "@/app/auto-retry";

const RETRY_AFTER_SECONDS = 15;

/** The API's answer for an unknown (or invisible) system or model: the page is a 404. */
export function isNotFound(error: unknown): boolean {
  return error instanceof GraphQLRequestError && error.codes.includes("NOT_FOUND");
}

interface ApiErrorStateProps {
  title: string;
  error: unknown;
  testId: string;
  retryHref?: string;
}

/** A whole page that could not load: its heading, then the error state. */
export function PageErrorState({ heading, ...state }: ApiErrorStateProps & { heading: string }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>{heading}</h1>
      </div>
      <ApiErrorState {...state} />
    </div>
  );
}

export function ApiErrorState({ title, error, testId, retryHref }: ApiErrorStateProps) {
  const message = error instanceof Error ? error.message : String(error);
  const codes = error instanceof GraphQLRequestError ? error.codes : [];
  return (
    <section className="card state state--error" role="alert" data-testid={testId}>
      <h2>{title}</h2>
      <p className="state__message">{message}</p>
      {codes.length > 0 ? (
        <p>
          Error {codes.length === 1 ? "code" : "codes"}:{" "}
          {codes.map((c, i) => (
            <span key={c}>
              {i > 0 ? ", " : null}
              <code>{c}</code>
            </span>
          ))}
        </p>
      ) : null}
      <p>{hint(error)}</p>
      <AutoRetry seconds={RETRY_AFTER_SECONDS} href={retryHref} />
    </section>
  );
}

/** What to check: the API's address when it cannot be reached, the key when it refuses, else its log. */
function hint(error: unknown): ReactNode {
  if (!(error instanceof GraphQLRequestError)) return <>The API is reachable but could not answer. Its log should say more.</>;
  if (error.kind === "network") {
    return (
      <>
        Check that the Tandem API is running and reachable at <code>{error.url}</code> (set <code>TANDEM_API_URL</code> to change it).
      </>
    );
  }
  if (error.status === 401 || error.status === 403 || error.codes.some((c) => c === "UNAUTHENTICATED" || c === "FORBIDDEN")) {
    return (
      <>
        Check that <code>TANDEM_API_KEY</code> is set to a valid API key for the dashboard.
      </>
    );
  }
  return <>The API is reachable but could not answer. Its log should say more.</>;
}
