// What the registry forms of the dashboard show after a post, and the feature kinds they offer.
// Safe for Client Components: no API access here (that is ./registry-forms on the server).
import { FeatureKind } from "./generated/graphql";

/** What a registry form shows after it was posted. */
export interface RegistryFormState {
  /** Done: what changed, in words. */
  ok: string | null;
  /** Why it was refused (the API's own words when the API refused). */
  error: string | null;
  /** The field the refusal names (the API's messages start with it: "weight: …"), if any. */
  field: string | null;
  /** The API's error codes (BAD_USER_INPUT, FORBIDDEN, …). */
  codes: string[];
  /** After a refusal, what was typed (the form shows it again rather than the saved values). */
  values?: Record<string, string>;
}

/** The value a field shows: what was typed when the post was refused, else the saved one. */
export function shown(state: RegistryFormState, name: string, saved: string): string {
  return state.error && state.values && name in state.values ? state.values[name]! : saved;
}

export const IDLE: RegistryFormState = { ok: null, error: null, field: null, codes: [] };

/** The kinds a new feature may have, from the schema's enum (numeric first). */
export const FEATURE_KINDS: readonly FeatureKind[] = Object.values(FeatureKind).sort().reverse();

export function isFeatureKind(value: string): value is FeatureKind {
  return (FEATURE_KINDS as readonly string[]).includes(value);
}
