import DataLoader from "dataloader";
import type { TandemPubSub } from "./pubsub.js";
import type { DependencyEntity, ModelEntity, Principal, Services, SystemEntity } from "../services/index.js";

export interface Loaders {
  systemById: DataLoader<string, SystemEntity | null>;
  modelById: DataLoader<string, ModelEntity | null>;
  modelsBySystem: DataLoader<string, ModelEntity[]>;
  dependenciesBySystem: DataLoader<string, DependencyEntity[]>;
  dependenciesInto: DataLoader<string, DependencyEntity[]>;
  dependenciesOutOf: DataLoader<string, DependencyEntity[]>;
}

export interface Context {
  principal: Principal;
  services: Services;
  loaders: Loaders;
  pubSub: TandemPubSub;
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
  };
}
