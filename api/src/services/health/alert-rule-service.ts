// Alert rules on a model's metrics: created, listed, changed and deleted; every change recorded in
// the registry history (services/registry/change-unit.ts).
import type { AlertRuleRepository } from "../../db/repositories/alert-rule-repository.js";
import type { AlertRuleRow } from "../../db/repositories/health-repository.js";
import type { ModelEntity } from "../../db/entities/index.js";
import { isRuleOperator, RULE_OPERATORS } from "../../analytics/health/model-health.js";
import { isMetricName } from "../../analytics/performance/metric-name.js";
import { canSeeSystem, requireScope, type Principal } from "../auth.js";
import { BadInputError, NotFoundError } from "../errors.js";
import { isId } from "../ids.js";
import type { RegistryService } from "../registry-service.js";
import { inChange, type ChangeUnitDeps } from "../registry/change-unit.js";
import { ruleSummary } from "../../analytics/registry/change-summaries.js";

export interface AlertRuleDeps extends ChangeUnitDeps {
  registry: RegistryService;
  rules: AlertRuleRepository;
}

type RuleView = AlertRuleRow & { model: ModelEntity };

export class AlertRuleService {
  constructor(private readonly deps: AlertRuleDeps) {}

  async create(principal: Principal, args: { modelId: string; metric: string; operator: string; threshold: number }): Promise<RuleView> {
    const model = await this.deps.registry.requireActiveModel(principal, args.modelId, "createAlertRule");
    const fields = checkRule(args);
    const system = await this.deps.registry.requireSystem(principal, model.systemId);
    return inChange(this.deps, principal, system, async (c) => {
      const rule = await this.deps.rules.create(c.q, { systemId: model.systemId, modelId: model.id, ...fields });
      await c.record({ kind: "ALERT_RULE_CREATED", modelId: model.id, summary: ruleSummary("ALERT_RULE_CREATED", { modelKey: model.key, rule: fields }), details: { ruleId: rule.id, ...fields } });
      return { ...rule, model };
    });
  }

  /** The system's alert rules, or one model's. */
  async list(principal: Principal, args: { systemId: string; modelId?: string | null }): Promise<RuleView[]> {
    requireScope(principal, "READ", "alertRules");
    const system = await this.deps.registry.requireSystem(principal, args.systemId);
    const rules = await this.deps.rules.ofSystem(system.id, args.modelId != null && isId(args.modelId) ? args.modelId : null);
    if (args.modelId != null && !isId(args.modelId)) return [];
    const models = new Map((await this.deps.registry.modelsByIds([...new Set(rules.map((r) => r.modelId))])).map((m) => [m.id, m]));
    return rules.map((r) => ({ ...r, model: models.get(r.modelId)! }));
  }

  async update(principal: Principal, args: { id: string; metric?: string | null; operator?: string | null; threshold?: number | null }): Promise<RuleView> {
    const { rule, model } = await this.requireRule(principal, args.id, "updateAlertRule");
    if (model.retiredAt !== null) throw new BadInputError(`id: the model '${model.key}' is retired; its rules do not change (delete them if they are in the way)`);
    const fields = checkRule({ metric: args.metric ?? rule.metric, operator: args.operator ?? rule.operator, threshold: args.threshold ?? rule.threshold });
    const system = await this.deps.registry.requireSystem(principal, model.systemId);
    return inChange(this.deps, principal, system, async (c) => {
      const locked = await this.deps.rules.byIdForUpdate(c.q, rule.id);
      if (!locked) throw new NotFoundError(`alert rule '${args.id}' not found`);
      const updated = await this.deps.rules.update(c.q, rule.id, fields);
      await c.record({ kind: "ALERT_RULE_UPDATED", modelId: model.id, summary: ruleSummary("ALERT_RULE_UPDATED", { modelKey: model.key, rule: fields, before: locked }), details: { ruleId: rule.id, before: pick(locked), after: fields } });
      return { ...updated, model };
    });
  }

  async delete(principal: Principal, args: { id: string }): Promise<RuleView> {
    const { rule, model } = await this.requireRule(principal, args.id, "deleteAlertRule");
    const system = await this.deps.registry.requireSystem(principal, model.systemId);
    return inChange(this.deps, principal, system, async (c) => {
      const locked = await this.deps.rules.byIdForUpdate(c.q, rule.id);
      if (!locked) throw new NotFoundError(`alert rule '${args.id}' not found`);
      await this.deps.rules.delete(c.q, rule.id);
      await c.record({ kind: "ALERT_RULE_DELETED", modelId: model.id, summary: ruleSummary("ALERT_RULE_DELETED", { modelKey: model.key, rule: locked }), details: { ruleId: rule.id, ...pick(locked) } });
      return { ...locked, model };
    });
  }

  private async requireRule(principal: Principal, id: string, action: string): Promise<{ rule: AlertRuleRow; model: ModelEntity }> {
    const rule = isId(id) ? await this.deps.rules.byId(id) : null;
    if (!rule || !canSeeSystem(principal, rule.systemId)) throw new NotFoundError(`alert rule '${id}' not found`);
    const model = await this.deps.registry.requireModel(principal, rule.modelId, action, "ADMIN");
    return { rule, model };
  }
}

function checkRule(args: { metric: string; operator: string; threshold: number }): Pick<AlertRuleRow, "metric" | "operator" | "threshold"> {
  const metric = args.metric.trim();
  if (!isMetricName(metric)) throw new BadInputError(`metric: expected a metric name such as "ctr" or "accuracy", got "${args.metric}"`);
  if (!isRuleOperator(args.operator)) throw new BadInputError(`operator: expected one of ${RULE_OPERATORS.join(" ")}, got "${args.operator}"`);
  if (!Number.isFinite(args.threshold)) throw new BadInputError(`threshold: expected a finite number, got ${args.threshold}`);
  return { metric, operator: args.operator, threshold: args.threshold };
}

function pick(rule: AlertRuleRow): Pick<AlertRuleRow, "metric" | "operator" | "threshold"> {
  return { metric: rule.metric, operator: rule.operator, threshold: rule.threshold };
}
