// The system registry: systems, their models (features, version) and the dependencies between them.
// Reads, creation and registration here; later changes in registry/registry-change-service.ts.
import { randomUUID } from "node:crypto";
import type { DependencyRepository } from "../db/repositories/dependency-repository.js";
import type { ModelRepository } from "../db/repositories/model-repository.js";
import type { SystemRepository } from "../db/repositories/system-repository.js";
import type { DependencyEntity, FeatureSpec, ModelEntity, ModelTaskValue, SystemEntity } from "../db/entities/index.js";
import { isUniqueViolation } from "../db/database-errors.js";
import { assertSystemVisible, canSeeSystem, requireGlobalAdmin, requireScope, type ApiScope, type Principal } from "./auth.js";
import { BadInputError, NotFoundError } from "./errors.js";
import { isId } from "./ids.js";
import { storableText, textProblem } from "./ingest/validate-values.js";
import { inChange, type ChangeUnitDeps } from "./registry/change-unit.js";
import { reregisterFeatures } from "../analytics/registry/feature-changes.js";
import { describeChanges, modelSummary, settingSummary, systemSummary } from "../analytics/registry/change-summaries.js";
import { edgesAt, modelsAt } from "../analytics/registry/wiring-in-time.js";
import { windowBefore } from "../analytics/health/time-window.js";

export { MODEL_TASKS } from "../analytics/model-tasks.js";
import { MODEL_TASKS } from "../analytics/model-tasks.js";
import { FEATURE_KINDS, isFeatureKind } from "../analytics/feature-kinds.js";
export { FEATURE_KINDS };
export { REGISTRY_CHANGE_KINDS } from "../analytics/registry/change-summaries.js";
export { taskMetrics, type TaskMetric } from "../analytics/performance/task-metrics.js";
export { LOWER_IS_BETTER_METRICS } from "../analytics/performance/metric-direction.js";
const NAME_MAX = 200;
const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
/** Whether `key` can be a model key (others never match a model and must not reach SQL). */
export const isModelKey = (key: string): boolean => KEY_PATTERN.test(key);
const FEATURE_PATTERN = /^[^\s.\u0000][^.\u0000]{0,127}$/;
export const MIN_WINDOW_SECONDS = 1;
export const MAX_WINDOW_SECONDS = 30 * 24 * 3600;

export interface RegistryDeps extends ChangeUnitDeps {
  systems: SystemRepository;
  models: ModelRepository;
  dependencies: DependencyRepository;
}

export class RegistryService {
  constructor(private readonly deps: RegistryDeps) {}

  // ---- reads ------------------------------------------------------------------------------

  async listSystems(principal: Principal): Promise<SystemEntity[]> {
    requireScope(principal, "READ", "systems");
    return this.deps.systems.list(principal.systemId === null ? undefined : [principal.systemId]);
  }

  /** The system, or null when it does not exist or the key may not see it. */
  async findSystem(principal: Principal, id: string): Promise<SystemEntity | null> {
    requireScope(principal, "READ", "system");
    if (!isId(id) || !canSeeSystem(principal, id)) return null;
    return this.deps.systems.byId(id);
  }

  async findModel(principal: Principal, id: string): Promise<ModelEntity | null> {
    requireScope(principal, "READ", "model");
    if (!isId(id)) return null;
    const model = await this.deps.models.byId(id);
    return model && canSeeSystem(principal, model.systemId) ? model : null;
  }

  async findModelByKey(principal: Principal, systemId: string, key: string): Promise<ModelEntity | null> {
    requireScope(principal, "READ", "modelByKey");
    if (!isId(systemId) || !canSeeSystem(principal, systemId) || !KEY_PATTERN.test(key)) return null;
    return this.deps.models.byKey(systemId, key);
  }

  /** A model the caller may act on, with `scope`; NOT_FOUND otherwise. */
  async requireModel(principal: Principal, id: string, action: string, scope: ApiScope): Promise<ModelEntity> {
    const model = isId(id) ? await this.deps.models.byId(id) : null;
    if (!model || !canSeeSystem(principal, model.systemId)) throw new NotFoundError(`model '${id}' not found`);
    requireScope(principal, scope, action);
    return model;
  }

  /** A model in service the caller may configure (ADMIN): a retired model is BAD_USER_INPUT naming `field`. */
  async requireActiveModel(principal: Principal, id: string, action: string, field = "modelId"): Promise<ModelEntity> {
    const model = await this.requireModel(principal, id, action, "ADMIN");
    if (model.retiredAt !== null) throw new BadInputError(`${field}: the model '${model.key}' is retired; a retired model is not configured any more (its history stays readable)`);
    return model;
  }

  /**
   * Records a model setting that was just saved (drift reference and configuration, forbidden
   * features, attribution-drift threshold, fairness policy) in the registry history, right after it.
   */
  async recordSetting(principal: Principal, model: ModelEntity, setting: string, value: unknown): Promise<void> {
    const system = await this.deps.systems.byId(model.systemId);
    if (!system) return;
    await inChange(this.deps, principal, system, (c) => c.record({ kind: "MODEL_CONFIGURED", modelId: model.id, summary: settingSummary({ modelKey: model.key, setting, value }), details: { setting, value: value ?? null } }));
  }

  // Batch reads for nested GraphQL fields (one query per field per request, not per parent).
  modelsOfSystems(systemIds: readonly string[]): Promise<ModelEntity[]> {
    return this.deps.models.bySystems(systemIds);
  }
  dependenciesOfSystems(systemIds: readonly string[]): Promise<DependencyEntity[]> {
    return this.deps.dependencies.bySystems(systemIds);
  }
  dependenciesInto(modelIds: readonly string[]): Promise<DependencyEntity[]> {
    return this.deps.dependencies.intoModels(modelIds);
  }
  dependenciesOutOf(modelIds: readonly string[]): Promise<DependencyEntity[]> {
    return this.deps.dependencies.outOfModels(modelIds);
  }
  /** Every version of the systems' edges, current and past (the wiring at any window). */
  dependencyVersionsOfSystems(systemIds: readonly string[]): Promise<DependencyEntity[]> {
    return this.deps.dependencies.allVersionsOfSystems(systemIds);
  }
  /** The models part of the system in the window systemHealth(at:) reports (null: now — those in service). */
  modelsInWindow(models: ModelEntity[], system: Pick<SystemEntity, "windowSeconds">, at: Date | null | undefined): ModelEntity[] {
    return modelsAt(models, at == null ? undefined : windowBefore(at, system.windowSeconds).from);
  }
  /** The edge versions in effect in the window systemHealth(at:) reports. */
  edgesInWindow(edges: DependencyEntity[], system: Pick<SystemEntity, "windowSeconds">, at: Date): DependencyEntity[] {
    return edgesAt(edges, windowBefore(at, system.windowSeconds).from);
  }
  modelsByKeys(systemId: string, keys: readonly string[]): Promise<ModelEntity[]> {
    return this.deps.models.byKeys(systemId, keys.filter((k) => KEY_PATTERN.test(k)));
  }
  modelsByIds(ids: readonly string[]): Promise<ModelEntity[]> {
    return this.deps.models.byIds(ids);
  }
  systemsByIds(ids: readonly string[]): Promise<SystemEntity[]> {
    return this.deps.systems.list(ids);
  }

  // ---- writes -----------------------------------------------------------------------------

  async createSystem(principal: Principal, args: { name: string; description?: string | null; windowSeconds?: number | null }): Promise<SystemEntity> {
    requireGlobalAdmin(principal, "createSystem");
    const name = args.name.trim();
    if (name === "") throw new BadInputError("name: must not be empty");
    checkText("name", name);
    if (name.length > NAME_MAX) throw new BadInputError(`name: at most ${NAME_MAX} characters, got ${name.length}`);
    const windowSeconds = args.windowSeconds ?? 3600;
    if (!Number.isInteger(windowSeconds) || windowSeconds < MIN_WINDOW_SECONDS || windowSeconds > MAX_WINDOW_SECONDS) {
      throw new BadInputError(`windowSeconds: expected an integer from ${MIN_WINDOW_SECONDS} to ${MAX_WINDOW_SECONDS} (30 days), got ${windowSeconds}`);
    }
    const description = args.description?.trim() || null;
    if (description !== null) checkText("description", description);
    if (description !== null && description.length > 4000) throw new BadInputError("description: at most 4000 characters");
    const id = randomUUID();
    try {
      return await inChange(this.deps, principal, { id, windowSeconds }, async (c) => {
        const system = await this.deps.systems.create(c.q, { id, name, description, windowSeconds });
        await c.record({ kind: "SYSTEM_CREATED", summary: systemSummary("SYSTEM_CREATED", { name, windowSeconds }), details: { name, description, windowSeconds } });
        return system;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new BadInputError(`name: a system named "${name}" already exists`);
      throw error;
    }
  }

  async registerModel(
    principal: Principal,
    args: { systemId: string; key: string; name?: string | null; task: string; version?: string | null; features: ReadonlyArray<{ name: string; kind: string }> },
  ): Promise<ModelEntity> {
    const system = await this.requireSystem(principal, args.systemId);
    requireScope(principal, "ADMIN", "registerModel");
    if (!KEY_PATTERN.test(args.key)) {
      throw new BadInputError(`key: expected 1-128 characters of letters, digits, '_', '.', ':' or '-' starting with a letter or digit, got "${args.key}"`);
    }
    if (!(MODEL_TASKS as readonly string[]).includes(args.task)) throw new BadInputError(`task: unknown task "${args.task}"`);
    const name = args.name?.trim() || args.key;
    checkText("name", name);
    if (name.length > NAME_MAX) throw new BadInputError(`name: at most ${NAME_MAX} characters`);
    const version = cleanOptionalText("version", args.version ?? "", 128);
    const listed = validateFeatures(args.features, "features");
    return inChange(this.deps, principal, system, async (c) => {
      const [existing] = await this.deps.models.byKeysIn(c.q, system.id, [args.key]);
      if (existing && existing.task !== args.task) {
        throw new BadInputError(`task: model '${args.key}' is registered as ${existing.task}; a model cannot change task (register it under a new key)`);
      }
      if (existing && existing.retiredAt !== null) throw new BadInputError(`key: the model '${args.key}' was retired; register the new model under a new key`);
      const change = existing ? reregisterFeatures(existing.features, listed) : { features: listed };
      if ("problem" in change) throw new BadInputError(`${change.problem.field}: ${change.problem.message}`);
      const after = { name, version, features: change.features };
      if (existing && describeChanges({ name: existing.name, version: existing.version, features: existing.features }, after).length === 0) return existing; // nothing changed: nothing to record
      const model = await this.deps.models.upsert({ systemId: system.id, key: args.key, name, task: args.task as ModelTaskValue, version, features: change.features }, c.q);
      // Another request registered the key with another task between our check and the write.
      if (!model) throw new BadInputError(`task: model '${args.key}' is registered with another task; a model cannot change task (register it under a new key)`);
      const kind = existing ? "MODEL_UPDATED" : "MODEL_REGISTERED";
      const before = existing ? { name: existing.name, version: existing.version, features: existing.features } : null;
      await c.record({ kind, modelId: model.id, summary: modelSummary(kind, { key: args.key, changes: before ? describeChanges(before, after) : [] }), details: { task: args.task, before, after } });
      return model;
    });
  }

  /** The system, visible to the key (NOT_FOUND otherwise). */
  async requireSystem(principal: Principal, id: string): Promise<SystemEntity> {
    const system = isId(id) && canSeeSystem(principal, id) ? await this.deps.systems.byId(id) : null;
    if (!system) throw new NotFoundError(`system '${id}' not found`);
    assertSystemVisible(principal, system.id, `system '${id}' not found`);
    return system;
  }
}

/** PostgreSQL text cannot hold NUL or unpaired surrogates: refuse them as input, naming the field. */
function checkText(field: string, value: string): void {
  if (!storableText(value)) throw new BadInputError(textProblem(field, value));
}

/** A required name: trimmed, not empty, storable, at most NAME_MAX characters. */
export function cleanName(field: string, value: string): string {
  const name = value.trim();
  if (name === "") throw new BadInputError(`${field}: must not be empty`);
  checkText(field, name);
  if (name.length > NAME_MAX) throw new BadInputError(`${field}: at most ${NAME_MAX} characters, got ${name.length}`);
  return name;
}

/** An optional text: trimmed, "" → null, storable, at most `max` characters. */
export function cleanOptionalText(field: string, value: string, max: number): string | null {
  const text = value.trim() || null;
  if (text === null) return null;
  checkText(field, text);
  if (text.length > max) throw new BadInputError(`${field}: at most ${max} characters`);
  return text;
}

export function checkWeight(weight: number): number {
  if (!Number.isFinite(weight) || weight <= 0 || weight > 1) throw new BadInputError(`weight: expected a number in (0, 1], got ${weight}`);
  return weight;
}

/** The feature of `to` an edge carries (null: none); BAD_USER_INPUT when `to` does not declare it. */
export function checkDependencyFeature(to: ModelEntity, feature: string | null): string | null {
  if (feature !== null && !to.features.some((f) => f.name === feature)) {
    throw new BadInputError(`feature: model '${to.key}' has no feature '${feature}' (it declares ${to.features.map((f) => f.name).join(", ") || "none"})`);
  }
  return feature;
}

export function validateFeatures(features: ReadonlyArray<{ name: string; kind: string }>, field: string): FeatureSpec[] {
  const seen = new Set<string>();
  const out: FeatureSpec[] = [];
  features.forEach((f, i) => {
    if (!FEATURE_PATTERN.test(f.name)) {
      throw new BadInputError(`${field}[${i}].name: expected 1-128 characters without '.' and not starting with a space, got "${f.name}"`);
    }
    if (!isFeatureKind(f.kind)) throw new BadInputError(`${field}[${i}].kind: expected ${FEATURE_KINDS.join(" or ")}, got "${f.kind}"`);
    if (seen.has(f.name)) throw new BadInputError(`${field}[${i}].name: feature '${f.name}' is declared twice`);
    seen.add(f.name);
    out.push({ name: f.name, kind: f.kind });
  });
  if (out.length > 1000) throw new BadInputError(`${field}: at most 1000 features, got ${out.length}`);
  return out;
}
