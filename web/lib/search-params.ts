// A page's URL query as Next.js hands it over, and reading one parameter of it.

/** The `searchParams` prop of a page. */
export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** A parameter's first value (`?a=1&a=2` → "1"). */
export function firstParam(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
