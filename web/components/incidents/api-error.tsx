import type { ReactNode } from "react";
import { GraphQLRequestError } from "@/lib/graphql";
import { AutoRetry } from "@/app/auto-retry";

/** The API's answer for an unknown (or invisible) system or model: the page is a 404. */
export function isNotFound(error: unknown): boolean {
  return error instanceof GraphQLRequestError && error.codes.includes("NOT_FOUND");
}

/** The designed error state of the incidents and retraining pages: what failed, why, what to check. */
export function ApiErrorState({ title, error, retryHref, testId }: { title: string; error: unknown; retryHref: string; testId: string }) {
  const isApiError = error instanceof GraphQLRequestError;
  const message = error instanceof Error ? error.message : String(error);
  const codes = isApiError ? error.codes : [];
  const denied = codes.some((c) => c === "UNAUTHENTICATED" || c === "FORBIDDEN") || (isApiError && (error.status === 401 || error.status === 403));

  let hint: ReactNode;
  if (isApiError && error.kind === "network") {
    hint = (
      <>
        Check that the Tandem API is running and reachable at <code>{error.url}</code> (set <code>TANDEM_API_URL</code> to change it).
      </>
    );
  } else if (denied) {
    hint = (
      <>
        Check that <code>TANDEM_API_KEY</code> is set to a valid API key for the dashboard.
      </>
    );
  } else {
    hint = <>The API is reachable but could not answer. Its log should say more.</>;
  }

  return (
    <section className="card state state--error" role="alert" data-testid={testId}>
      <h2>{title}</h2>
      <p className="state__message">{message}</p>
      {codes.length > 0 ? (
        <p>
          Error {codes.length === 1 ? "code" : "codes"}: {codes.map((c, i) => (
            <span key={c}>
              {i > 0 ? ", " : null}
              <code>{c}</code>
            </span>
          ))}
        </p>
      ) : null}
      <p>{hint}</p>
      <AutoRetry seconds={15} href={retryHref} />
    </section>
  );
}
