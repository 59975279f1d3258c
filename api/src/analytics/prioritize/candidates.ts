// Shared types, validation and helpers of the retraining prioritization strategies (issue 6, item 1;
// docs/retraining.md).
//
// Every strategy is a pure function over candidate samples (a model's predictions with whatever
// label, feedback, drift and blame information is known) that returns, for the candidates it applies
// to, `{ id, priority, reasons }`: priority in [0, 1], higher first; readable reasons. The lists are
// sorted by priority (descending), ties by id (ascending), so results are deterministic.

import { MODEL_TASKS, type ModelTaskName } from "../model-tasks.js";
import type { DriftRegionHit } from "./drift-regions.js";

export const WHERE = "analytics/prioritize";

export const TASKS = MODEL_TASKS;
export type Task = ModelTaskName;

export interface Observation {
  value: number | null;
  class: string | null;
}

export interface Candidate {
  id: string;
  task: Task;
  /** Binary: P(positive class) (before `calibrate`); regression / ranking: the predicted value. */
  score: number | null;
  predictedClass: string | null;
  /** Multiclass (or binary): class name → predicted probability. */
  probabilities: Record<string, number> | null;
  /** The ground-truth label, when known. */
  label: Observation | null;
  /** User feedback (ratings, corrections), possibly several. */
  feedback: Observation[];
  features: Record<string, unknown>;
  /**
   * From drift analysis: in a histogram bin / region that drifted; autoencoder reconstruction error;
   * optionally which drifted bins the sample falls in (drift-regions.ts), which grade and explain it.
   */
  drift?: { inDriftedRegion: boolean; reconstructionError?: number; regions?: DriftRegionHit[] };
  /** The sample's model is a root cause of an open incident. */
  blamed?: boolean;
}

export interface Prioritized {
  id: string;
  /** In [0, 1], higher first. */
  priority: number;
  reasons: string[];
}

/** Options shared by the classification strategies. */
export interface ClassOptions {
  /** Binary: names of the negative and the positive class (default ["0", "1"]). */
  binaryClasses?: readonly [string, string];
  /** Binary: maps a raw score to a calibrated P(positive), e.g. an isotonic calibrator. */
  calibrate?: (score: number) => number;
}

export const DEFAULT_BINARY_CLASSES: readonly [string, string] = ["0", "1"];

function fail(message: string): never {
  throw new Error(`${WHERE}: ${message}`);
}
export { fail };

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function validateObservation(x: unknown, where: string): void {
  if (!isRecord(x)) fail(`${where} must be an object { value, class }`);
  const { value, class: cls } = x;
  if (value !== null && value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
    fail(`${where}.value must be a finite number or null, got ${String(value)}`);
  }
  if (cls !== null && cls !== undefined && typeof cls !== "string") fail(`${where}.class must be a string or null`);
}

/** Checks the shape of every candidate (callers may be plain JavaScript) and that ids are unique. */
export function validateCandidates(candidates: unknown): asserts candidates is readonly Candidate[] {
  if (!Array.isArray(candidates)) fail("candidates must be an array");
  const seen = new Set<string>();
  candidates.forEach((c: unknown, i: number) => {
    if (!isRecord(c)) fail(`candidate ${i} must be an object`);
    const { id } = c;
    if (typeof id !== "string" || id === "") fail(`candidate ${i}: id must be a non-empty string`);
    if (seen.has(id)) fail(`duplicate candidate id "${id}"`);
    seen.add(id);
    const at = `candidate "${id}"`;
    if (!(TASKS as readonly unknown[]).includes(c.task)) fail(`${at}: unknown task ${String(c.task)}`);
    if (c.score !== null && (typeof c.score !== "number" || !Number.isFinite(c.score))) {
      fail(`${at}: score must be a finite number or null, got ${String(c.score)}`);
    }
    if (c.predictedClass !== null && typeof c.predictedClass !== "string") fail(`${at}: predictedClass must be a string or null`);
    if (c.probabilities !== null) {
      if (!isRecord(c.probabilities)) fail(`${at}: probabilities must be an object or null`);
      for (const [k, p] of Object.entries(c.probabilities)) {
        if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) {
          fail(`${at}: probability of "${k}" must be a number in [0, 1], got ${String(p)}`);
        }
      }
    }
    if (c.label !== null) validateObservation(c.label, `${at}: label`);
    if (!Array.isArray(c.feedback)) fail(`${at}: feedback must be an array`);
    c.feedback.forEach((f: unknown, j: number) => validateObservation(f, `${at}: feedback ${j}`));
    if (!isRecord(c.features)) fail(`${at}: features must be an object`);
    if (c.drift !== undefined) {
      if (!isRecord(c.drift) || typeof c.drift.inDriftedRegion !== "boolean") fail(`${at}: drift.inDriftedRegion must be a boolean`);
      const e = c.drift.reconstructionError;
      if (e !== undefined && (typeof e !== "number" || !Number.isFinite(e) || e < 0)) {
        fail(`${at}: drift.reconstructionError must be a finite number ≥ 0, got ${String(e)}`);
      }
      const regions = c.drift.regions;
      if (regions !== undefined) {
        if (!Array.isArray(regions)) fail(`${at}: drift.regions must be an array`);
        for (const h of regions as unknown[]) {
          if (!isRecord(h) || typeof h.feature !== "string" || typeof h.bin !== "string" || typeof h.excess !== "number" || !(h.excess >= 0 && h.excess <= 1)) {
            fail(`${at}: drift.regions entries need a feature, a bin and an excess in [0, 1]`);
          }
        }
      }
    }
    if (c.blamed !== undefined && typeof c.blamed !== "boolean") fail(`${at}: blamed must be a boolean`);
  });
}

export function validateClassOptions(args: ClassOptions): void {
  const bc = args.binaryClasses;
  if (bc !== undefined) {
    if (!Array.isArray(bc) || bc.length !== 2 || typeof bc[0] !== "string" || typeof bc[1] !== "string" || bc[0] === bc[1]) {
      fail("binaryClasses must be two different class names [negative, positive]");
    }
  }
  if (args.calibrate !== undefined && typeof args.calibrate !== "function") fail("calibrate must be a function");
}

/** Sorts by priority (descending), then id (ascending). */
export function byPriority(list: Prioritized[]): Prioritized[] {
  return list.sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** A number for a reason: two decimals without trailing zeros, at least one decimal ("1.0", "0.97"). */
export function fmt(x: number): string {
  const s = x.toFixed(2);
  return s.endsWith("0") ? s.slice(0, -1) : s;
}

/** The label (first) and feedback entries that carry a value or a class. */
export function observations(c: Candidate): Array<Observation & { source: "label" | "feedback" }> {
  const out: Array<Observation & { source: "label" | "feedback" }> = [];
  const norm = (o: Observation, source: "label" | "feedback") => {
    const value = o.value ?? null;
    const cls = o.class ?? null;
    if (value !== null || cls !== null) out.push({ value, class: cls, source });
  };
  if (c.label) norm(c.label, "label");
  for (const f of c.feedback) norm(f, "feedback");
  return out;
}

/** Binary: calibrated P(positive) from `score` (or `probabilities[positive]`), null when unknown. */
export function positiveProbability(c: Candidate, args: ClassOptions): number | null {
  const [, positive] = args.binaryClasses ?? DEFAULT_BINARY_CLASSES;
  const raw = c.score ?? c.probabilities?.[positive] ?? null;
  if (raw === null) return null;
  const p = args.calibrate ? args.calibrate(raw) : raw;
  if (typeof p !== "number" || !Number.isFinite(p) || p < 0 || p > 1) {
    fail(`candidate "${c.id}": binary score${args.calibrate ? " after calibrate" : ""} must be a probability in [0, 1], got ${String(p)}`);
  }
  return p;
}

/** Binary: an observation as 0/1 (value 0/1, or class name); throws on anything else. */
export function binaryOutcome(c: Candidate, o: Observation, args: ClassOptions): 0 | 1 {
  const [negative, positive] = args.binaryClasses ?? DEFAULT_BINARY_CLASSES;
  if (o.class !== null) {
    if (o.class === positive) return 1;
    if (o.class === negative) return 0;
    fail(`candidate "${c.id}": class "${o.class}" is neither "${negative}" nor "${positive}"`);
  }
  if (o.value === 0 || o.value === 1) return o.value;
  return fail(`candidate "${c.id}": a binary label or feedback value must be 0 or 1, got ${String(o.value)}`);
}

/** Multiclass: the class named by an observation (its class, else its value as a string). */
export function observedClass(o: Observation): string {
  return o.class ?? String(o.value);
}

/** The most probable class of a probability table (ties: the smallest name). */
export function topClass(probabilities: Record<string, number>): [string, number] | null {
  let best: [string, number] | null = null;
  for (const k of Object.keys(probabilities).sort()) {
    const p = probabilities[k]!;
    if (best === null || p > best[1]) best = [k, p];
  }
  return best;
}
