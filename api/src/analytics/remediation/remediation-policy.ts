// A remediation policy, checked (pure): which incidents it acts on (a selector on the incident's
// root: model keys, tasks, the least severe root status), the ordered steps it runs, and its
// guards. Every error names the field and the reason ("steps[1].fallbackModelKey: required for
// FALLBACK"). `matchPolicy` picks the first enabled policy whose selector holds for a root.
import { ACTION_KINDS, isActionKind, type ActionKind, type PolicyMode } from "./remediation-lists.js";
import { PRIORITY_STRATEGIES } from "../prioritize/strategies.js";
import { MODEL_TASKS, type ModelTaskName } from "../model-tasks.js";

export interface PolicySelector {
  /** Root model keys (empty: any). */
  modelKeys: string[];
  /** Root model tasks (empty: any). */
  tasks: ModelTaskName[];
  /** The least severe root status acted on: DEGRADED (also FAILING) or FAILING only. */
  minStatus: "DEGRADED" | "FAILING";
}

export interface PolicyStep {
  kind: ActionKind;
  /** FALLBACK: the model to switch to. */
  fallbackModelKey?: string | null;
  /** RETRAIN: the prioritization strategy and batch size of the claimed batch. */
  strategy?: string | null;
  size?: number | null;
}

export interface PolicyGuards {
  cooldownSeconds: number;
  maxActionsPerHour: number;
  /** K: windows after delivery within which the root and its cascade must recover. */
  verifyWindows: number;
}

export interface PolicyDefinition extends PolicyGuards {
  name: string;
  mode: PolicyMode;
  selector: PolicySelector;
  steps: PolicyStep[];
  runnerUrl: string;
}

export const POLICY_LIMITS = { maxSteps: 10, maxVerifyWindows: 100, maxCooldownSeconds: 30 * 86_400, maxActionsPerHour: 1_000, maxRetrainSize: 10_000 } as const;
export const POLICY_DEFAULTS = { cooldownSeconds: 3_600, maxActionsPerHour: 10, verifyWindows: 3, minStatus: "DEGRADED" as const, retrainSize: 500, retrainStrategy: "COMBINED" };

function integerIn(errors: string[], field: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) errors.push(`${field}: expected an integer from ${min} to ${max}, got ${value}`);
}

function checkStep(errors: string[], step: PolicyStep, i: number, modelKeys: ReadonlySet<string>): void {
  const at = `steps[${i}]`;
  if (!isActionKind(step.kind)) {
    errors.push(`${at}.kind: expected one of ${ACTION_KINDS.join(", ")}, got ${String(step.kind)}`);
    return;
  }
  if (step.kind === "FALLBACK") {
    if (!step.fallbackModelKey) errors.push(`${at}.fallbackModelKey: required for FALLBACK`);
    else if (!modelKeys.has(step.fallbackModelKey)) errors.push(`${at}.fallbackModelKey: no model '${step.fallbackModelKey}' in this system`);
  } else if (step.fallbackModelKey) errors.push(`${at}.fallbackModelKey: only for FALLBACK`);
  if (step.kind === "RETRAIN") {
    if (step.strategy != null && !(PRIORITY_STRATEGIES as readonly string[]).includes(step.strategy)) errors.push(`${at}.strategy: expected one of ${PRIORITY_STRATEGIES.join(", ")}, got ${step.strategy}`);
    if (step.size != null) integerIn(errors, `${at}.size`, step.size, 1, POLICY_LIMITS.maxRetrainSize);
  } else if (step.strategy != null || step.size != null) errors.push(`${at}.strategy: strategy and size are only for RETRAIN`);
}

/** Every reason the definition is invalid (empty: valid). `modelKeys`: the system's models. */
export function policyErrors(args: { policy: PolicyDefinition; modelKeys: ReadonlySet<string> }): string[] {
  const { policy, modelKeys } = args;
  const errors: string[] = [];
  if (policy.name.trim() === "" || policy.name.length > 200) errors.push(`name: expected 1 to 200 characters`);
  let url: URL | null = null;
  try {
    url = new URL(policy.runnerUrl);
  } catch {
    errors.push(`runnerUrl: not a URL: "${policy.runnerUrl}"`);
  }
  if (url && url.protocol !== "http:" && url.protocol !== "https:") errors.push(`runnerUrl: must be http or https, got ${url.protocol}`);
  if (policy.steps.length === 0 || policy.steps.length > POLICY_LIMITS.maxSteps) errors.push(`steps: expected 1 to ${POLICY_LIMITS.maxSteps} steps, got ${policy.steps.length}`);
  policy.steps.forEach((step, i) => checkStep(errors, step, i, modelKeys));
  for (const key of policy.selector.modelKeys) if (!modelKeys.has(key)) errors.push(`selector.modelKeys: no model '${key}' in this system`);
  for (const task of policy.selector.tasks) if (!(MODEL_TASKS as readonly string[]).includes(task)) errors.push(`selector.tasks: unknown task ${task}`);
  if (policy.selector.minStatus !== "DEGRADED" && policy.selector.minStatus !== "FAILING") errors.push(`selector.minStatus: expected DEGRADED or FAILING, got ${String(policy.selector.minStatus)}`);
  integerIn(errors, "cooldownSeconds", policy.cooldownSeconds, 0, POLICY_LIMITS.maxCooldownSeconds);
  integerIn(errors, "maxActionsPerHour", policy.maxActionsPerHour, 1, POLICY_LIMITS.maxActionsPerHour);
  integerIn(errors, "verifyWindows", policy.verifyWindows, 1, POLICY_LIMITS.maxVerifyWindows);
  return errors;
}

export interface SelectorRoot {
  key: string;
  task: string;
  /** The root's status in the window. */
  status: string;
}

/** A stored selector (its values checked by policyErrors when it was created). */
export interface StoredSelector {
  modelKeys: readonly string[];
  tasks: readonly string[];
  minStatus: string;
}

export function selectorMatches(selector: StoredSelector, root: SelectorRoot): boolean {
  if (selector.modelKeys.length > 0 && !selector.modelKeys.includes(root.key)) return false;
  if (selector.tasks.length > 0 && !selector.tasks.includes(root.task)) return false;
  return selector.minStatus === "FAILING" ? root.status === "FAILING" : root.status === "DEGRADED" || root.status === "FAILING";
}

/** The first enabled policy (in the given order) whose selector holds for the root; null: none. */
export function matchPolicy<P extends { enabled: boolean; selector: StoredSelector }>(args: { policies: readonly P[]; root: SelectorRoot }): P | null {
  return args.policies.find((p) => p.enabled && selectorMatches(p.selector, args.root)) ?? null;
}
