// Changes to a system's registry after it was built (issue #18): models updated and retired,
// dependencies added, changed and removed, each recorded (who, when, what) in the same transaction.
// The wiring is versioned in time: a change takes effect from the first window not judged yet
// (analytics/registry/wiring-in-time.ts), so a past window keeps the graph it was judged on.
import type { DependencyRepository } from "../../db/repositories/dependency-repository.js";
import type { ModelRepository } from "../../db/repositories/model-repository.js";
import type { RegistryChangeRow } from "../../db/repositories/registry-change-repository.js";
import type { DependencyEntity, ModelEntity, SystemEntity } from "../../db/entities/index.js";
import { endEdge, retirementBoundary } from "../../analytics/registry/wiring-in-time.js";
import { lockModelWrites } from "../../db/repositories/telemetry-repository.js";
import { TELEMETRY_KINDS } from "../ingest/telemetry-kinds.js";
import { inChange, type ChangeContext, type ChangeUnitDeps } from "./change-unit.js";
import { changeFeatures } from "../../analytics/registry/feature-changes.js";
import { describeChanges, edgeSummary, modelSummary } from "../../analytics/registry/change-summaries.js";
import { requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import { checkDependencyFeature, checkWeight, cleanName, cleanOptionalText, isModelKey, validateFeatures, type RegistryService } from "../registry-service.js";

export interface RegistryChangeDeps extends ChangeUnitDeps {
  registry: RegistryService;
  models: ModelRepository;
  dependencies: DependencyRepository;
  now: () => Date;
}

const HISTORY_MAX = 500;

export class RegistryChangeService {
  constructor(private readonly deps: RegistryChangeDeps) {}

  private inChange<T>(principal: Principal, system: SystemEntity, fn: (c: ChangeContext) => Promise<T>): Promise<T> {
    return inChange(this.deps, principal, system, fn);
  }

  async history(principal: Principal, args: { systemId: string; modelId?: string | null; limit?: number | null; before?: string | null }): Promise<RegistryChangeRow[]> {
    requireScope(principal, "READ", "registryChanges");
    // A deleted system's record stays readable to an unbound ADMIN key (the only key that could see it).
    const deletedRecordReader = principal.systemId === null && principal.scopes.has("ADMIN") && isId(args.systemId);
    const system = deletedRecordReader ? { id: args.systemId } : await this.deps.registry.requireSystem(principal, args.systemId);
    const limit = args.limit ?? 100;
    if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_MAX) throw new BadInputError(`limit: expected an integer from 1 to ${HISTORY_MAX}, got ${limit}`);
    if (args.before != null && !/^[0-9]{1,18}$/.test(args.before)) throw new BadInputError(`before: expected the id of a change, got "${args.before}"`);
    if (args.modelId != null && !isId(args.modelId)) throw new BadInputError(`modelId: expected a model id, got "${args.modelId}"`);
    return this.deps.changes.list({ systemId: system.id, modelId: args.modelId ?? null, limit, beforeId: args.before ?? null });
  }

  async updateModel(
    principal: Principal,
    args: { id: string; name?: string | null; description?: string | null; version?: string | null; addFeatures?: ReadonlyArray<{ name: string; kind: string }> | null; deprecateFeatures?: readonly string[] | null },
  ): Promise<ModelEntity> {
    const found = await this.deps.registry.requireModel(principal, args.id, "updateModel", "ADMIN");
    const system = await this.deps.registry.requireSystem(principal, found.systemId);
    const added = validateFeatures(args.addFeatures ?? [], "addFeatures");
    const name = args.name == null ? undefined : cleanName("name", args.name);
    const description = args.description == null ? undefined : cleanOptionalText("description", args.description, 4000);
    const version = args.version == null ? undefined : cleanOptionalText("version", args.version, 128);
    return this.inChange(principal, system, async (c) => {
      const model = await this.lockedActiveModel(c, found.id, "id");
      const features = changeFeatures(model.features, added, args.deprecateFeatures ?? []);
      if ("problem" in features) throw new BadInputError(`${features.problem.field}: ${features.problem.message}`);
      const before = { name: model.name, description: model.description, version: model.version, features: model.features };
      const after = { name: name ?? model.name, description: description === undefined ? model.description : description, version: version === undefined ? model.version : version, features: features.features };
      const changes = describeChanges(before, after);
      if (changes.length === 0) return model;
      const updated = await this.deps.models.update(c.q, model.id, after);
      await c.record({ kind: "MODEL_UPDATED", modelId: model.id, summary: modelSummary("MODEL_UPDATED", { key: model.key, changes }), details: { before, after } });
      return updated;
    });
  }

  /** Retires a model: no new telemetry, off the current map (its edges end); its past windows stay. */
  async retireModel(principal: Principal, args: { id: string }): Promise<ModelEntity> {
    const found = await this.deps.registry.requireModel(principal, args.id, "retireModel", "ADMIN");
    const system = await this.deps.registry.requireSystem(principal, found.systemId);
    return this.inChange(principal, system, async (c) => {
      // Writes in flight commit first (each holds the model's write lock per kind); later ones see it retired.
      for (const kind of TELEMETRY_KINDS) await lockModelWrites(c.q, found.id, kind, "exclusive");
      const model = await this.lockedActiveModel(c, found.id, "id");
      const from = retirementBoundary(c.boundary, await this.deps.changes.lastPredictionAt(c.q, model.id), system.windowSeconds);
      const edges = await this.deps.dependencies.currentOfModelForUpdate(c.q, model.id);
      for (const edge of edges) await this.endEdgeVersion({ ...c, boundary: from }, edge);
      const retired = await this.deps.models.retire(c.q, model.id, this.deps.now(), from);
      await c.record({ kind: "MODEL_RETIRED", modelId: model.id, effectiveFrom: from, summary: modelSummary("MODEL_RETIRED", { key: model.key, effectiveFrom: from }), details: { endedDependencies: edges.map((e) => ({ fromModelId: e.fromModelId, toModelId: e.toModelId, weight: e.weight, feature: e.feature })) } });
      return retired;
    });
  }

  async addDependency(principal: Principal, args: { systemId: string; fromKey: string; toKey: string; weight?: number | null; feature?: string | null }): Promise<DependencyEntity> {
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    requireScope(principal, "ADMIN", "addDependency");
    if (args.fromKey === args.toKey) throw new BadInputError(`toKey: a model cannot depend on itself ('${args.fromKey}' → '${args.toKey}')`);
    const weight = checkWeight(args.weight ?? 1);
    return this.inChange(principal, system, async (c) => {
      const { from, to } = await this.edgeEnds(c, system, args.fromKey, args.toKey);
      const feature = checkDependencyFeature(to, args.feature ?? null);
      if (await this.deps.dependencies.currentForUpdate(c.q, from.id, to.id)) throw new BadInputError(`fromKey: the dependency '${from.key}' → '${to.key}' already exists`);
      const edge = await this.deps.dependencies.create({ systemId: system.id, fromModelId: from.id, toModelId: to.id, weight, feature, validFrom: c.boundary }, c.q);
      await c.record({ kind: "DEPENDENCY_ADDED", modelId: to.id, summary: edgeSummary("DEPENDENCY_ADDED", { fromKey: from.key, toKey: to.key, effectiveFrom: c.boundary }), details: { from: from.key, to: to.key, weight, feature } });
      return edge;
    });
  }

  async updateDependency(principal: Principal, args: { systemId: string; fromKey: string; toKey: string; weight?: number | null; feature?: string | null; clearFeature?: boolean | null }): Promise<DependencyEntity> {
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    requireScope(principal, "ADMIN", "updateDependency");
    if (args.weight != null) checkWeight(args.weight);
    if (args.clearFeature && args.feature != null) throw new BadInputError("clearFeature: give either feature or clearFeature, not both");
    return this.inChange(principal, system, async (c) => {
      const { from, to } = await this.edgeEnds(c, system, args.fromKey, args.toKey);
      const edge = await this.deps.dependencies.currentForUpdate(c.q, from.id, to.id);
      if (!edge) throw new BadInputError(`fromKey: there is no dependency '${from.key}' → '${to.key}' to update`);
      const feature = args.clearFeature ? null : args.feature != null ? checkDependencyFeature(to, args.feature) : edge.feature;
      const after = { weight: args.weight ?? edge.weight, feature };
      const changes = describeChanges({ weight: edge.weight, feature: edge.feature }, after);
      if (changes.length === 0) return edge;
      await this.endEdgeVersion(c, edge);
      const next = await this.deps.dependencies.create({ systemId: system.id, fromModelId: from.id, toModelId: to.id, ...after, validFrom: c.boundary }, c.q);
      await c.record({ kind: "DEPENDENCY_UPDATED", modelId: to.id, summary: edgeSummary("DEPENDENCY_UPDATED", { fromKey: from.key, toKey: to.key, effectiveFrom: c.boundary, changes }), details: { from: from.key, to: to.key, before: { weight: edge.weight, feature: edge.feature }, after } });
      return next;
    });
  }

  async removeDependency(principal: Principal, args: { systemId: string; fromKey: string; toKey: string }): Promise<DependencyEntity> {
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    requireScope(principal, "ADMIN", "removeDependency");
    return this.inChange(principal, system, async (c) => {
      const { from, to } = await this.edgeEnds(c, system, args.fromKey, args.toKey);
      const edge = await this.deps.dependencies.currentForUpdate(c.q, from.id, to.id);
      if (!edge) throw new BadInputError(`fromKey: there is no dependency '${from.key}' → '${to.key}' to remove`);
      await this.endEdgeVersion(c, edge);
      await c.record({ kind: "DEPENDENCY_REMOVED", modelId: to.id, summary: edgeSummary("DEPENDENCY_REMOVED", { fromKey: from.key, toKey: to.key, effectiveFrom: c.boundary }), details: { from: from.key, to: to.key, weight: edge.weight, feature: edge.feature } });
      return { ...edge, validTo: c.boundary ?? edge.validTo };
    });
  }

  /** Closes the edge version at the change's boundary, or removes it if no judged window used it. */
  private async endEdgeVersion(c: ChangeContext, edge: DependencyEntity): Promise<void> {
    if (endEdge(edge, c.boundary) === "delete") await this.deps.dependencies.delete(c.q, edge.id);
    else await this.deps.dependencies.close(c.q, edge.id, c.boundary!);
  }

  private async lockedActiveModel(c: ChangeContext, id: string, field: string): Promise<ModelEntity> {
    const model = await this.deps.models.byIdForUpdate(c.q, id);
    if (!model) throw new NotFoundError(`model '${id}' not found`);
    if (model.retiredAt !== null) throw new BadInputError(`${field}: the model '${model.key}' was retired at ${model.retiredAt.toISOString()}; a retired model does not change`);
    return model;
  }

  /** Both ends of an edge, by key, in service (BAD_USER_INPUT naming fromKey / toKey otherwise). */
  private async edgeEnds(c: ChangeContext, system: SystemEntity, fromKey: string, toKey: string): Promise<{ from: ModelEntity; to: ModelEntity }> {
    const models = await this.deps.models.byKeysIn(c.q, system.id, [fromKey, toKey].filter(isModelKey));
    const from = models.find((m) => m.key === fromKey);
    const to = models.find((m) => m.key === toKey);
    if (!from) throw new BadInputError(`fromKey: no model with key '${fromKey}' in system '${system.name}'`);
    if (!to) throw new BadInputError(`toKey: no model with key '${toKey}' in system '${system.name}'`);
    if (from.retiredAt !== null) throw new BadInputError(`fromKey: the model '${fromKey}' is retired`);
    if (to.retiredAt !== null) throw new BadInputError(`toKey: the model '${toKey}' is retired`);
    return { from, to };
  }
}
