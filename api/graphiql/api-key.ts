// The explorer's API key: entered once, kept in this browser's localStorage (never in the URL),
// sent as `Authorization: Bearer <key>` on every HTTP request and in the graphql-ws
// connectionParams of subscriptions.
const STORAGE_KEY = "tandem:api-key";

export function readApiKey(): string {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? "";
  } catch {
    return ""; // storage disabled: the key lives only as long as the page
  }
}

export function saveApiKey(key: string): void {
  try {
    if (key === "") localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, key);
  } catch {
    // storage disabled: nothing to persist
  }
}

export function authorization(key: string): string {
  return `Bearer ${key}`;
}
