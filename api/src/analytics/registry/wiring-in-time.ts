// The system's wiring in time (issue #18): which edges and models a window is computed on, and
// from which window a registry change takes effect. Pure: the service loads every version of the
// edges and models and asks here.
//
// The rule: a change takes effect from the first window of the system that has not been judged
// yet (the window after the last stored verdict); windows already judged keep the wiring they were
// judged on, also when they are evaluated again (`evaluate(at:)`). A system with no stored window
// has no past to keep: its change applies from the beginning.
import { shiftByWindows, windowContaining } from "../health/time-window.js";

/** An edge version: in effect for windows starting in [validFrom, validTo) (null: unbounded). */
export interface EdgeSpan {
  validFrom: Date | null;
  validTo: Date | null;
}

/** A model's place in time: retired from `retiredFrom` on (null with `retiredAt` set: from the beginning). */
export interface ModelSpan {
  retiredAt: Date | null;
  retiredFrom: Date | null;
}

/** Edges in effect for the window starting at `windowStart` (undefined: the current wiring). */
export function edgesAt<E extends EdgeSpan>(edges: readonly E[], windowStart?: Date): E[] {
  if (windowStart === undefined) return edges.filter((e) => e.validTo === null);
  const t = windowStart.getTime();
  return edges.filter((e) => (e.validFrom === null || e.validFrom.getTime() <= t) && (e.validTo === null || t < e.validTo.getTime()));
}

/** Models part of the system in the window starting at `windowStart` (undefined: now — not retired). */
export function modelsAt<M extends ModelSpan>(models: readonly M[], windowStart?: Date): M[] {
  return models.filter((m) => isActiveAt(m, windowStart));
}

export function isActiveAt(model: ModelSpan, windowStart?: Date): boolean {
  if (model.retiredAt === null) return true;
  if (windowStart === undefined || model.retiredFrom === null) return false;
  return windowStart.getTime() < model.retiredFrom.getTime();
}

/**
 * The first window a change made now applies to: the window after the last stored verdict, or
 * null (from the beginning) when the system has none.
 */
export function changeBoundary(lastStoredWindowStart: Date | null, windowSeconds: number): Date | null {
  return lastStoredWindowStart === null ? null : shiftByWindows(lastStoredWindowStart, 1, windowSeconds);
}

/**
 * Ending an edge version at `boundary`: a version that was never in effect for a judged window
 * (it starts at or after the boundary, or there is no judged window) is removed outright; any
 * other is closed, so the windows before the boundary keep it.
 */
export function endEdge(edge: EdgeSpan, boundary: Date | null): "delete" | "close" {
  if (boundary === null) return "delete";
  if (edge.validFrom !== null && edge.validFrom.getTime() >= boundary.getTime()) return "delete";
  return "close";
}

/**
 * The first window a retired model is no longer part of: the change's boundary, or later if the
 * model has data in windows not judged yet (they still count it); with neither, from the beginning.
 */
export function retirementBoundary(boundary: Date | null, lastDataAt: Date | null, windowSeconds: number): Date | null {
  const afterData = lastDataAt === null ? null : shiftByWindows(windowContaining(lastDataAt, windowSeconds).from, 1, windowSeconds);
  if (boundary === null) return afterData;
  if (afterData === null) return boundary;
  return afterData.getTime() > boundary.getTime() ? afterData : boundary;
}
