// Who is calling and what they may do. A key bound to a system sees that system alone: other
// systems' ids answer NOT_FOUND, exactly like ids that do not exist.
import { ForbiddenError, NotFoundError } from "./errors.js";

export const API_SCOPES = ["ADMIN", "INGEST", "READ", "RETRAIN"] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface Principal {
  keyId: string;
  scopes: ReadonlySet<ApiScope>;
  /** null: all systems. */
  systemId: string | null;
}

export function canSeeSystem(principal: Principal, systemId: string): boolean {
  return principal.systemId === null || principal.systemId === systemId;
}

/** Throws NOT_FOUND (the same answer as for a missing id) when the key may not see the system. */
export function assertSystemVisible(principal: Principal, systemId: string, what: string): void {
  if (!canSeeSystem(principal, systemId)) throw new NotFoundError(what);
}

/** ADMIN may do everything; otherwise one of `allowed` is needed. */
export function requireScope(principal: Principal, allowed: ApiScope, action: string): void {
  if (principal.scopes.has("ADMIN") || principal.scopes.has(allowed)) return;
  const has = [...principal.scopes].join(", ") || "none";
  throw new ForbiddenError(`${action} needs an API key with the ${allowed} or ADMIN scope; this key has ${has}`);
}

/** Creating systems and keys that span systems needs an unbound ADMIN key. */
export function requireGlobalAdmin(principal: Principal, action: string): void {
  if (principal.scopes.has("ADMIN") && principal.systemId === null) return;
  throw new ForbiddenError(`${action} needs an ADMIN API key that is not bound to a system`);
}
