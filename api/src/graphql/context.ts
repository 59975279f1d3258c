import DataLoader from "dataloader";
import type { TandemPubSub } from "./pubsub.js";
import type { DependencyEntity, ModelEntity, Principal, Services, SystemEntity } from "../services/index.js";
import type { ExpensiveLimiter } from "./expensive-limiter.js";

export interface Loaders {
  systemById: DataLoader<string, SystemEntity | null>;
  modelById: DataLoader<string, ModelEntity | null>;
  modelsBySystem: DataLoader<string, ModelEntity[]>;
  dependenciesBySystem: DataLoader<string, DependencyEntity[]>;
  dependenciesInto: DataLoader<string, DependencyEntity[]>;
  dependenciesOutOf: DataLoader<string, DependencyEntity[]>;
  /** systemHealthAt results of this request (see memoSystemHealth). */
  systemHealth: Map<string, { at: number; value: Promise<unknown> }>;
}

export interface Context {
  principal: Principal;
  services: Services;
  loaders: Loaders;
  pubSub: TandemPubSub;
  /** Aborted when the client goes away before its answer or the request's deadline passes: its work stops. */
  signal: AbortSignal;
  /** Expensive executions per API key (process-wide). */
  limiter: ExpensiveLimiter;
}

export interface CreateContextArgs {
  principal: Principal;
  services: Services;
  pubSub: TandemPubSub;
  signal: AbortSignal;
  limiter: ExpensiveLimiter;
}

/** The context of one GraphQL request (HTTP) or one subscription operation (graphql-ws). */
export function createContext(args: CreateContextArgs): Context {
  return { ...args, loaders: createLoaders(args.services) };
}

/**
 * Runs an expensive service call under the key's concurrency limit (graphql/expensive-limiter.ts);
 * it does not start once the request is aborted.
 */
export function expensive<T>(ctx: Context, work: () => Promise<T>): Promise<T> {
  return ctx.limiter.run(ctx.principal.keyId, ctx.signal, work);
}

function groupBy<T>(keys: readonly string[], rows: T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k)!);
}

function byId<T extends { id: string }>(keys: readonly string[], rows: T[]): Array<T | null> {
  const map = new Map(rows.map((r) => [r.id, r]));
  return keys.map((k) => map.get(k) ?? null);
}

/** Per-request loaders: a nested field costs one query per request, not one per parent. */
export function createLoaders(services: Services): Loaders {
  const r = services.registry;
  return {
    systemById: new DataLoader(async (ids) => byId(ids, await r.systemsByIds(ids))),
    modelById: new DataLoader(async (ids) => byId(ids, await r.modelsByIds(ids))),
    modelsBySystem: new DataLoader(async (ids) => groupBy(ids, await r.modelsOfSystems(ids), (m) => m.systemId)),
    dependenciesBySystem: new DataLoader(async (ids) => groupBy(ids, await r.dependenciesOfSystems(ids), (d) => d.systemId)),
    dependenciesInto: new DataLoader(async (ids) => groupBy(ids, await r.dependenciesInto(ids), (d) => d.toModelId)),
    dependenciesOutOf: new DataLoader(async (ids) => groupBy(ids, await r.dependenciesOutOf(ids), (d) => d.fromModelId)),
    systemHealth: new Map(),
  };
}

/** How long a request reuses a system's health: a subscription's context lives as long as it does. */
const HEALTH_MEMO_MS = 2_000;

/**
 * A system's health for `at`, computed once per request: `Model.health` of every model of a system
 * (and of a blast radius) resolves from the same system verdict, which for a window not evaluated
 * yet is computed live — every model's drift and anomaly scoring — and must not be repeated per
 * model.
 */
export function memoSystemHealth<T>(ctx: Context, systemId: string, at: Date | null | undefined, compute: () => Promise<T>, now = Date.now()): Promise<T> {
  const key = `${systemId}|${at == null ? "now" : at.toISOString()}`; // an omitted argument arrives as undefined
  const hit = ctx.loaders.systemHealth.get(key);
  if (hit && now - hit.at < HEALTH_MEMO_MS) return hit.value as Promise<T>;
  const value = compute();
  ctx.loaders.systemHealth.set(key, { at: now, value });
  value.catch(() => ctx.loaders.systemHealth.delete(key));
  return value;
}

/** A system's health for `at`: memoized per request, under the key's limit, stopped with the request. */
export function systemHealthOf(ctx: Context, systemId: string, at: Date | null | undefined) {
  return memoSystemHealth(ctx, systemId, at, () => expensive(ctx, () => ctx.services.health.systemHealthAt(ctx.principal, systemId, at ?? null, ctx.signal)));
}
