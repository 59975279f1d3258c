// Resolves `Authorization: Bearer <key>` to a principal with three bounded in-memory maps:
// - valid hashes → principal, for CACHE_MS (5 s). Revoking a key in this process drops its entries at
//   once (`forgetKey`); another process notices within CACHE_MS, when its entry expires.
// - hashes that were not found → not looked up again for NEGATIVE_CACHE_MS.
// - failed attempts per client address (api-key-rate-limit.ts): past the limit, failures answer
//   RateLimitedError (HTTP 429 + Retry-After) instead of 401. A valid key is always checked first,
//   so it keeps working from an address that is limited.
// `last_used_at` is written at most once per USAGE_INTERVAL_MS per key and process, fire-and-forget
// (a failed write is logged, never fails the request).
import { createHash } from "node:crypto";
import type { Principal, ApiScope } from "./auth.js";
import { DEFAULT_FAILED_AUTH_RULE, isExpired, recordFailedAttempt, type FailedAuthRule, type FailedAuthState } from "./api-key-rate-limit.js";
import { UnauthenticatedError } from "./errors.js";
import { RateLimitedError } from "./rate-limited-error.js";

export const CACHE_MS = 5_000;
export const NEGATIVE_CACHE_MS = 5_000;
export const USAGE_INTERVAL_MS = 60_000;
/** Entries per map; past it, expired entries are dropped, then the oldest. */
const MAX_ENTRIES = 10_000;

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export interface KeyLookup {
  activeByHash(keyHash: string): Promise<{ id: string; scopes: ApiScope[]; systemId: string | null } | null>;
  touchLastUsed(id: string, at: Date): Promise<void>;
}

export interface AuthenticatorDeps {
  keys: KeyLookup;
  now: () => Date;
  log: (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
  rule?: FailedAuthRule;
  maxEntries?: number;
}

/** Sets `key` in `map` (moved to the end: newest), keeping at most `cap` entries. */
function setBounded<K, V>(map: Map<K, V>, key: K, value: V, cap: number, expired: (value: V) => boolean): void {
  map.delete(key);
  if (map.size >= cap) {
    for (const [k, v] of map) if (expired(v)) map.delete(k);
    // Still full: drop the oldest tenth at once, so a flood does not rescan the map on every insert.
    if (map.size >= cap) {
      let drop = Math.max(1, Math.floor(cap / 10));
      for (const k of map.keys()) {
        if (drop-- <= 0) break;
        map.delete(k);
      }
    }
  }
  map.set(key, value);
}

function bearerKey(authorization: string | undefined): string {
  if (authorization === undefined || authorization === "") {
    throw new UnauthenticatedError("missing API key: send the header 'Authorization: Bearer <key>'");
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw new UnauthenticatedError("malformed Authorization header: expected 'Bearer <key>'");
  return match[1]!;
}

export class ApiKeyAuthenticator {
  private readonly valid = new Map<string, { principal: Principal; until: number }>();
  private readonly invalid = new Map<string, number>();
  private readonly failures = new Map<string, FailedAuthState>();
  private readonly lastTouched = new Map<string, number>();
  private readonly pending = new Set<Promise<void>>();
  private readonly rule: FailedAuthRule;
  private readonly cap: number;

  constructor(private readonly deps: AuthenticatorDeps) {
    this.rule = deps.rule ?? DEFAULT_FAILED_AUTH_RULE;
    this.cap = deps.maxEntries ?? MAX_ENTRIES;
  }

  /** `client`: the caller's address, for the failed-attempt limit (undefined: not limited). */
  async authenticate(authorization: string | undefined, client?: string): Promise<Principal> {
    const hash = hashApiKey(bearerKey(authorization));
    const nowMs = this.deps.now().getTime();
    const hit = this.valid.get(hash);
    if (hit && hit.until > nowMs) {
      this.noteUse(hit.principal.keyId, nowMs);
      return hit.principal;
    }
    const knownBad = (this.invalid.get(hash) ?? -Infinity) > nowMs;
    const row = knownBad ? null : await this.deps.keys.activeByHash(hash);
    if (row) {
      const principal: Principal = { keyId: row.id, scopes: new Set(row.scopes), systemId: row.systemId };
      setBounded(this.valid, hash, { principal, until: nowMs + CACHE_MS }, this.cap, (v) => v.until <= nowMs);
      this.noteUse(row.id, nowMs);
      return principal;
    }
    if (!knownBad) setBounded(this.invalid, hash, nowMs + NEGATIVE_CACHE_MS, this.cap, (until) => until <= nowMs);
    throw this.failure(client, nowMs);
  }

  /** Drops the cached principal of this key (revoked): its next request is looked up again. */
  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.valid) if (entry.principal.keyId === keyId) this.valid.delete(hash);
  }

  /** Forgets every cached answer (keys changed in bulk). The failed-attempt counts stay. */
  clear(): void {
    this.valid.clear();
    this.invalid.clear();
  }

  /** Resolves once the `last_used_at` writes started so far have finished (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private failure(client: string | undefined, nowMs: number): Error {
    const fail = new UnauthenticatedError("invalid or revoked API key");
    if (client === undefined || client === "") return fail;
    const decision = recordFailedAttempt({ state: this.failures.get(client), now: nowMs, rule: this.rule });
    if (decision.limited) return new RateLimitedError(decision.retryAfterSeconds);
    setBounded(this.failures, client, decision.state, this.cap, (state) => isExpired({ state, now: nowMs, rule: this.rule }));
    return fail;
  }

  private noteUse(keyId: string, nowMs: number): void {
    const last = this.lastTouched.get(keyId);
    if (last !== undefined && nowMs >= last && nowMs - last < USAGE_INTERVAL_MS) return;
    setBounded(this.lastTouched, keyId, nowMs, this.cap, (at) => nowMs - at >= USAGE_INTERVAL_MS);
    const write: Promise<void> = this.deps.keys
      .touchLastUsed(keyId, new Date(nowMs))
      .catch((error: unknown) => this.deps.log("warn", `api keys: could not record the last use of key ${keyId}`, error))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }
}
