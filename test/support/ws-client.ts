// The first result of a GraphQL subscription over graphql-ws (an event, or the errors it ends with).
import type { Client } from "graphql-ws";

/** Resolves with the first value (then disposes the subscription) or the errors; rejects after 20 s of silence ("no `what` within 20 s"). */
export function firstResult(c: Client, query: string, variables: Record<string, unknown>, what = "event"): Promise<{ data?: any; errors?: any[] }> {
  return new Promise((resolve, reject) => {
    const dispose = c.subscribe({ query, variables }, {
      next: (value) => {
        resolve(value as never);
        dispose();
      },
      error: (error) => resolve({ errors: Array.isArray(error) ? error : [error] }),
      complete: () => undefined,
    });
    setTimeout(() => reject(new Error(`no ${what} within 20 s`)), 20_000).unref();
  });
}
