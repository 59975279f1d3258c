// API keys: created with scopes and an optional system binding, stored as SHA-256 hashes (the
// keys are 192-bit random strings, so a fast hash is enough), listed without their secret, revoked.
// Authentication (caches, failed-attempt limit, last use) lives in api-key-authenticator.ts.
// Revoking takes effect at once in this process and within CACHE_MS (5 s) in the others.
import { randomBytes } from "node:crypto";
import type { ApiKeyRepository } from "../db/repositories/api-key-repository.js";
import type { ApiKeyEntity } from "../db/entities/index.js";
import type { SystemRepository } from "../db/repositories/system-repository.js";
import { ApiKeyAuthenticator, hashApiKey } from "./api-key-authenticator.js";
import type { FailedAuthRule } from "./api-key-rate-limit.js";
import { API_SCOPES, requireScope, type ApiScope, type Principal } from "./auth.js";
import { BadInputError, ForbiddenError, NotFoundError } from "./errors.js";
import { isId } from "./ids.js";
import { storableText } from "./ingest/validate-values.js";

export { hashApiKey };
export const KEY_PREFIX = "tdm_";

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(24).toString("base64url");
}

export interface CreatedApiKey {
  id: string;
  key: string;
  scopes: ApiScope[];
  systemId: string | null;
}

/** A key as listed: never the key nor its hash. */
export interface ApiKeyView {
  id: string;
  prefix: string;
  scopes: ApiScope[];
  systemId: string | null;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

function toView(row: ApiKeyEntity): ApiKeyView {
  return {
    id: row.id,
    prefix: row.keyPrefix,
    scopes: row.scopes,
    systemId: row.systemId,
    label: row.label,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

type Log = (level: "info" | "warn" | "error", message: string, error?: unknown) => void;
const consoleLog: Log = (level, message, error) => (level === "info" ? console.log(message) : console.error(message, error ?? ""));

export class ApiKeyService {
  readonly authenticator: ApiKeyAuthenticator;

  constructor(
    private readonly deps: { keys: ApiKeyRepository; systems: SystemRepository; now: () => Date; log?: Log; failedAuthRule?: FailedAuthRule },
  ) {
    this.authenticator = new ApiKeyAuthenticator({ keys: deps.keys, now: deps.now, log: deps.log ?? consoleLog, rule: deps.failedAuthRule });
  }

  /**
   * Resolves an `Authorization` header value to the calling principal. `client` (the caller's
   * address) subjects failed attempts to the per-address limit: RateLimitedError (HTTP 429) past it.
   */
  authenticate(authorization: string | undefined, client?: string): Promise<Principal> {
    return this.authenticator.authenticate(authorization, client);
  }

  /** The keys the principal administers: all, or those of its system for a system-bound key. */
  async list(principal: Principal): Promise<ApiKeyView[]> {
    requireScope(principal, "ADMIN", "apiKeys");
    return (await this.deps.keys.list(principal.systemId)).map(toView);
  }

  /**
   * Revokes a key (idempotent: an already revoked key is returned as it is). A system-bound key
   * sees other systems' keys as missing. The key making the request cannot revoke itself, so an
   * administrator is never locked out by accident: revoke it with another ADMIN key. A revoked
   * bootstrap key (TANDEM_ADMIN_KEY) is re-enabled at the next start; change the variable to retire it.
   */
  async revoke(principal: Principal, id: string): Promise<ApiKeyView> {
    requireScope(principal, "ADMIN", "revokeApiKey");
    const row = isId(id) ? await this.deps.keys.byId(id) : null;
    if (!row || (principal.systemId !== null && row.systemId !== principal.systemId)) throw new NotFoundError(`API key '${id}' not found`);
    if (row.id === principal.keyId) {
      throw new BadInputError("revokeApiKey: this is the key making the request; revoke it with another ADMIN key, so that you are not locked out");
    }
    if (row.revokedAt !== null) return toView(row);
    const revoked = await this.deps.keys.revoke(row.id, this.deps.now());
    this.authenticator.forgetKey(row.id);
    return toView(revoked ?? row);
  }

  async create(principal: Principal, args: { systemId: string | null; scopes: readonly string[]; label?: string | null }): Promise<CreatedApiKey> {
    requireScope(principal, "ADMIN", "createApiKey");
    if (args.scopes.length === 0) throw new BadInputError("scopes: give at least one scope");
    const scopes = [...new Set(args.scopes)];
    for (const s of scopes) {
      if (!(API_SCOPES as readonly string[]).includes(s)) throw new BadInputError(`scopes: unknown scope "${s}"; expected one of ${API_SCOPES.join(", ")}`);
    }
    const label = args.label?.trim() || null;
    if (label !== null && (label.length > 200 || !storableText(label))) {
      throw new BadInputError(`label: expected text of at most 200 characters${label.length > 200 ? `, got ${label.length}` : " without NUL or unpaired surrogates"}`);
    }
    let systemId = args.systemId ?? null;
    if (principal.systemId !== null) {
      // A key bound to a system can only mint keys for that same system.
      if (systemId === null) throw new ForbiddenError("createApiKey: a key bound to a system can only create keys bound to that system; pass systemId");
      if (systemId !== principal.systemId) throw new NotFoundError(`system '${systemId}' not found`);
    }
    if (systemId !== null) {
      const system = isId(systemId) ? await this.deps.systems.byId(systemId) : null;
      if (!system) throw new NotFoundError(`system '${systemId}' not found`);
      systemId = system.id;
    }
    const key = generateApiKey();
    const row = await this.deps.keys.create({
      keyHash: hashApiKey(key),
      keyPrefix: key.slice(0, KEY_PREFIX.length + 6),
      scopes: scopes as ApiScope[],
      systemId,
      label,
    });
    return { id: row.id, key, scopes: row.scopes, systemId: row.systemId };
  }

  /** Makes sure the bootstrap key `key` exists with `scopes`; other keys with the same label are revoked. */
  async ensureBootstrapKey(key: string, scopes: ApiScope[], label: string): Promise<void> {
    const keyHash = hashApiKey(key);
    await this.deps.keys.ensure({ keyHash, keyPrefix: key.slice(0, Math.min(10, key.length)), scopes, label });
    await this.deps.keys.revokeOthersWithLabel(label, keyHash);
    this.authenticator.clear();
  }
}
