// What a model predicts: the one list of tasks (the GraphQL enum ModelTask, the registry's
// validation, the performance metrics per task and the prioritization strategies derive from it).
export const MODEL_TASKS = ["BINARY_CLASSIFICATION", "MULTICLASS_CLASSIFICATION", "REGRESSION", "RANKING"] as const;
export type ModelTaskName = (typeof MODEL_TASKS)[number];

export function isModelTask(value: unknown): value is ModelTaskName {
  return (MODEL_TASKS as readonly unknown[]).includes(value);
}
