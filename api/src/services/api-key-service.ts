// API keys: created with scopes and an optional system binding, stored as SHA-256 hashes (the
// keys are 192-bit random strings, so a fast hash is enough), looked up per request with a short cache.
import { createHash, randomBytes } from "node:crypto";
import type { ApiKeyRepository } from "../db/repositories/api-key-repository.js";
import type { SystemRepository } from "../db/repositories/system-repository.js";
import { API_SCOPES, requireScope, type ApiScope, type Principal } from "./auth.js";
import { BadInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from "./errors.js";
import { storableText } from "./ingest/validate-values.js";

export const KEY_PREFIX = "tdm_";
const CACHE_MS = 5_000;

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(24).toString("base64url");
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export interface CreatedApiKey {
  id: string;
  key: string;
  scopes: ApiScope[];
  systemId: string | null;
}

export class ApiKeyService {
  private readonly cache = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly deps: { keys: ApiKeyRepository; systems: SystemRepository; now: () => Date },
  ) {}

  /** Resolves an `Authorization` header value to the calling principal. */
  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization === "") {
      throw new UnauthenticatedError("missing API key: send the header 'Authorization: Bearer <key>'");
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new UnauthenticatedError("malformed Authorization header: expected 'Bearer <key>'");
    const hash = hashApiKey(match[1]!);
    const nowMs = this.deps.now().getTime();
    const hit = this.cache.get(hash);
    if (hit && hit.until > nowMs) return hit.principal;
    const row = await this.deps.keys.activeByHash(hash);
    if (!row) throw new UnauthenticatedError("invalid or revoked API key");
    const principal: Principal = { keyId: row.id, scopes: new Set(row.scopes), systemId: row.systemId };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: nowMs + CACHE_MS });
    return principal;
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
      const system = await this.deps.systems.byId(systemId).catch(() => null);
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
    this.cache.clear();
  }
}
