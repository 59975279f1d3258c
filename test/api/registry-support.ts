// Helpers shared by the registry tests (registry.test.ts, registry-graph.test.ts): GraphQL calls
// that remember every error (checked for readability at the end of each file), and the mutations.
import { expect } from "vitest";
import { FEATURES, type TestApp } from "../support/test-app.js";

/** The file's test app (set in its beforeAll). */
export const registry: { app: TestApp } = { app: undefined as unknown as TestApp };

export type GqlError = { message: string; extensions?: Record<string, unknown> };
export type GqlResult = { data?: any; errors?: GqlError[] };

/** Every error this file received, checked at the end: readable, no stack trace. */
export const seenErrors: GqlError[] = [];

export async function gql(query: string, variables: Record<string, unknown> = {}, key?: string): Promise<GqlResult> {
  const r = (await registry.app.gql(query, variables, key)) as GqlResult;
  if (r.errors) seenErrors.push(...r.errors);
  return r;
}

/** Asserts one error with `code`; with `field`, its message starts with "<field>:". */
export function expectError(r: GqlResult, code: string, field?: string): string {
  expect(r.errors, JSON.stringify(r)).toHaveLength(1);
  const error = r.errors![0]!;
  expect(error.extensions?.code, error.message).toBe(code);
  if (field !== undefined) expect(error.message.startsWith(`${field}:`), `"${error.message}" should start with "${field}:"`).toBe(true);
  return error.message;
}

export const CREATE_SYSTEM = `mutation($name: String!, $description: String, $windowSeconds: Int) {
  createSystem(name: $name, description: $description, windowSeconds: $windowSeconds) { id name description windowSeconds models { id } dependencies { id } } }`;
export const CREATE_SYSTEM_DEFAULT = `mutation($name: String!) { createSystem(name: $name) { id name description windowSeconds } }`;
export const REGISTER = `mutation($s: ID!, $k: String!, $n: String, $t: ModelTask!, $v: String, $f: [FeatureInput!]!) {
  registerModel(systemId: $s, key: $k, name: $n, task: $t, version: $v, features: $f) { id key name task version features { name kind } system { id name } } }`;
export const ADD_DEP = `mutation($s: ID!, $from: String!, $to: String!, $w: Float, $f: String) {
  addDependency(systemId: $s, fromKey: $from, toKey: $to, weight: $w, feature: $f) { id weight feature from { key } to { key } } }`;
export const ADD_DEP_DEFAULT_WEIGHT = `mutation($s: ID!, $from: String!, $to: String!) { addDependency(systemId: $s, fromKey: $from, toKey: $to) { id weight feature } }`;
export const MISSING_UUID = "00000000-0000-4000-8000-000000000000";

export async function createSystem(name: string, windowSeconds = 3600): Promise<string> {
  const r = await gql(CREATE_SYSTEM, { name, windowSeconds });
  expect(r.errors).toBeUndefined();
  return r.data.createSystem.id;
}

export async function register(systemId: string, key: string, task = "BINARY_CLASSIFICATION", features: Array<{ name: string; kind: string }> = FEATURES, version?: string) {
  const r = await gql(REGISTER, { s: systemId, k: key, t: task, f: features, v: version ?? null });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.registerModel as { id: string; key: string; name: string; task: string; version: string | null; features: Array<{ name: string; kind: string }> };
}

export async function depend(systemId: string, from: string, to: string, weight = 1, feature: string | null = null) {
  const r = await gql(ADD_DEP, { s: systemId, from, to, w: weight, f: feature });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.addDependency as { id: string; weight: number; feature: string | null; from: { key: string }; to: { key: string } };
}
