/**
 * Minimal, typed GraphQL client for the Tandem API.
 *
 * Server-side only: it reads the API URL and key from the environment
 * (`TANDEM_API_URL`, `TANDEM_API_KEY`) at request time and must never be
 * imported from a Client Component (the key would not be available there,
 * and must not be).
 */
import { TypedDocumentString } from "./generated/graphql";

/** One entry of a GraphQL response's `errors` array. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}

export const DEFAULT_API_URL = "http://127.0.0.1:4000/graphql";

/** How long to wait for the API before giving up, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Why a request failed:
 * - `network`: the API could not be reached (refused, DNS, timeout, ...);
 * - `http`: it answered with a non-2xx status and no GraphQL errors;
 * - `graphql`: it answered with a GraphQL `errors` array;
 * - `invalid-response`: it answered something that is not a GraphQL result.
 */
export type GraphQLFailureKind =
  | "network"
  | "http"
  | "graphql"
  | "invalid-response";

export class GraphQLRequestError extends Error {
  override readonly name = "GraphQLRequestError";

  constructor(
    message: string,
    readonly kind: GraphQLFailureKind,
    /** Endpoint that was called (never includes credentials). */
    readonly url: string,
    /** The GraphQL errors, when `kind` is `graphql`. */
    readonly errors: readonly GraphQLErrorEntry[] = [],
    /** HTTP status, when a response was received. */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** Distinct `extensions.code` values of the GraphQL errors. */
  get codes(): string[] {
    const codes = this.errors
      .map((e) => e.extensions?.code)
      .filter((c): c is string => typeof c === "string" && c.length > 0);
    return [...new Set(codes)];
  }
}

export interface GraphQLRequestOptions {
  /** Defaults to `process.env.TANDEM_API_URL`, then {@link DEFAULT_API_URL}. */
  url?: string;
  /** Defaults to `process.env.TANDEM_API_KEY`; no header is sent if empty. */
  apiKey?: string;
  operationName?: string;
  timeoutMs?: number;
}

interface GraphQLResponseBody<TData> {
  data?: TData | null;
  errors?: GraphQLErrorEntry[];
}

export function apiUrl(): string {
  const fromEnv = process.env.TANDEM_API_URL?.trim();
  return fromEnv ? fromEnv : DEFAULT_API_URL;
}

/**
 * POSTs a typed GraphQL document (generated from `api/schema.graphql` by `npm run codegen`) and
 * returns its `data`, typed by the document.
 *
 * Never cached: every call hits the API (`cache: "no-store"`).
 *
 * @throws {GraphQLRequestError} on network failure, non-2xx answers,
 *   GraphQL errors (even alongside partial data) and malformed answers.
 */
export async function graphqlRequest<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  options: GraphQLRequestOptions = {},
): Promise<TData> {
  const url = options.url ?? apiUrl();
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const query = document.toString();
  const operationName = options.operationName ?? operationNameOf(query);
  const response = await post(url, { query, variables: variables ?? {}, ...(operationName ? { operationName } : {}) }, options.apiKey, timeoutMs);
  const text = await readText(response, url, timeoutMs);
  const body = parseBody<TData>(text);
  throwOnGraphQLErrors(body, response, url);
  throwOnHttpError(response, text, url);
  if (body === undefined || body.data === undefined || body.data === null) {
    throw new GraphQLRequestError(
      `The Tandem API at ${url} did not answer with GraphQL data` +
        (text.trim() ? `: ${truncate(text.trim(), 200)}` : " (empty body)"),
      "invalid-response",
      url,
      [],
      response.status,
    );
  }
  return body.data;
}

/**
 * A document assembled at run time (one aliased field per window, metric or model, which a static
 * document cannot say). Its parts are generated fragments, so the caller states `TData` from their
 * generated types and a renamed field still fails the type check.
 */
export function runtimeDocument<TData, TVariables>(text: string): TypedDocumentString<TData, TVariables> {
  return new TypedDocumentString<TData, TVariables>(text);
}

/** The name of the document's first operation (sent as `operationName`). */
function operationNameOf(query: string): string | undefined {
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query)?.[1];
}

async function post(url: string, payload: Record<string, unknown>, key: string | undefined, timeoutMs: number): Promise<Response> {
  const apiKey = key ?? process.env.TANDEM_API_KEY ?? "";
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: "application/graphql-response+json, application/json",
  };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  try {
    return await fetch(url, {
      method: "POST",
      headers,
      body: JSON.stringify(payload),
      cache: "no-store",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new GraphQLRequestError(
      `Could not reach the Tandem API at ${url}: ${describeNetworkError(cause, timeoutMs)}`,
      "network",
      url,
      [],
      undefined,
      { cause },
    );
  }
}

async function readText(response: Response, url: string, timeoutMs: number): Promise<string> {
  try {
    return await response.text();
  } catch (cause) {
    throw new GraphQLRequestError(
      `The Tandem API at ${url} closed the connection while answering: ${describeNetworkError(cause, timeoutMs)}`,
      "network",
      url,
      [],
      response.status,
      { cause },
    );
  }
}

function parseBody<TData>(text: string): GraphQLResponseBody<TData> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" ? (parsed as GraphQLResponseBody<TData>) : undefined;
  } catch {
    return undefined;
  }
}

function throwOnGraphQLErrors(body: GraphQLResponseBody<unknown> | undefined, response: Response, url: string): void {
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (errors.length === 0) return;
  const details = errors.map(formatGraphQLError).join("; ");
  throw new GraphQLRequestError(
    `The Tandem API at ${url} answered with ${errors.length === 1 ? "an error" : `${errors.length} errors`}` +
      `${response.ok ? "" : ` (HTTP ${response.status})`}: ${details}`,
    "graphql",
    url,
    errors,
    response.status,
  );
}

function throwOnHttpError(response: Response, text: string, url: string): void {
  if (response.ok) return;
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  throw new GraphQLRequestError(
    `The Tandem API at ${url} answered HTTP ${response.status}${statusText}` +
      (text.trim() ? `: ${truncate(text.trim(), 200)}` : ""),
    "http",
    url,
    [],
    response.status,
  );
}

function formatGraphQLError(error: GraphQLErrorEntry): string {
  const message =
    typeof error?.message === "string" && error.message
      ? error.message
      : "unknown error";
  const code = error?.extensions?.code;
  return typeof code === "string" && code ? `${message} [${code}]` : message;
}

/** Turns undici's nested `fetch failed` errors into something readable. */
function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") {
      return `no answer within ${Math.round(timeoutMs / 1000)} s`;
    }
    const cause: unknown = error.cause;
    if (cause instanceof Error) {
      const code = (cause as NodeJS.ErrnoException).code;
      // Connecting to "localhost" may try several addresses: undici then
      // reports an AggregateError with the code but an empty message.
      const message =
        cause.message ||
        (cause instanceof AggregateError
          ? cause.errors
              .map((e: unknown) => (e instanceof Error ? e.message : String(e)))
              .join(", ")
          : "");
      if (message && code && !message.includes(code)) {
        return `${message} (${code})`;
      }
      return message || code || error.message;
    }
    return error.message;
  }
  return String(error);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
