// Helpers of the authorization tests: GraphQL and HTTP calls that remember every error message (checked
// at the end of the file), the keys seen in clear (none may be stored), and the operations tried.
import { expect } from "vitest";
import type { TestApp } from "../support/test-app.js";

/** The file's test app (set in its beforeAll). */
export const auth: { app: TestApp } = { app: undefined as unknown as TestApp };

/** Every key this file has seen in clear, to check that none is stored. */
export const clearKeys: string[] = [];

export type GqlError = { message: string; extensions?: Record<string, unknown> };
export type GqlResult = { data?: any; errors?: GqlError[] };
/** Every error message this file received (GraphQL and HTTP), checked at the end. */
export const seenErrors: Array<{ message: string; extensions?: Record<string, unknown>; where: string }> = [];

export async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<GqlResult> {
  const r = (await auth.app.gql(query, variables, key)) as GqlResult;
  for (const e of r.errors ?? []) seenErrors.push({ ...e, where: query });
  return r;
}

export async function post(path: string, body: string, key?: string) {
  const r = await auth.app.post(path, body, key);
  if (r.json?.error) seenErrors.push({ message: r.json.error.message, where: path });
  return r;
}

/** Raw request with a chosen Authorization header (or none). */
export async function raw(method: string, path: string, authorization?: string, body?: string, contentType = "application/json") {
  const headers: Record<string, string> = { "content-type": contentType };
  if (authorization !== undefined) headers.authorization = authorization;
  const res = await fetch(`${auth.app.url}${path}`, { method, headers, body });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  for (const e of json?.errors ?? []) seenErrors.push({ ...e, where: `${method} ${path}` });
  if (json?.error?.message) seenErrors.push({ message: json.error.message, where: `${method} ${path}` });
  return { status: res.status, json, contentType: res.headers.get("content-type") };
}

export function expectCode(r: GqlResult, code: string): string {
  expect(r.errors, JSON.stringify(r)).toHaveLength(1);
  expect(r.errors![0]!.extensions?.code, r.errors![0]!.message).toBe(code);
  return r.errors![0]!.message;
}

export const CREATE_KEY = `mutation($s: ID, $scopes: [ApiScope!]!) { createApiKey(systemId: $s, scopes: $scopes) { id key scopes systemId } }`;
export const INGEST = `mutation($m: ID!, $e: [PredictionInput!]!) { ingestPredictions(modelId: $m, events: $e) { accepted duplicates rejected } }`;
export const SYSTEMS = `{ systems { id name } }`;
export const SYSTEM = `query($id: ID!) { system(id: $id) { id name } }`;
export const MODEL = `query($id: ID!) { model(id: $id) { id key } }`;
export const MODEL_BY_KEY = `query($s: ID!, $k: String!) { modelByKey(systemId: $s, key: $k) { id key } }`;
export const REGISTER = `mutation($s: ID!, $k: String!) { registerModel(systemId: $s, key: $k, task: REGRESSION, features: []) { id } }`;
export const ADD_DEP = `mutation($s: ID!) { addDependency(systemId: $s, fromKey: "fraud", toKey: "review") { id } }`;
export const CREATE_SYSTEM = `mutation($n: String!) { createSystem(name: $n) { id } }`;
export const MISSING_UUID = "00000000-0000-4000-8000-000000000000";

/** Creates a key with the bootstrap admin key (or `by`) and returns it in clear. */
export async function mint(systemId: string | null, scopes: string[], by?: string): Promise<string> {
  const r = await gql(CREATE_KEY, { s: systemId, scopes }, by);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  expect(r.data.createApiKey).toMatchObject({ systemId, scopes: [...new Set(scopes)] });
  clearKeys.push(r.data.createApiKey.key);
  return r.data.createApiKey.key;
}

export const ndjson = (...items: unknown[]) => items.map((i) => JSON.stringify(i)).join("\n") + "\n";
