// Checks what erasePredictions was given and turns it into one selector (pure: the model and the
// arguments in, a selector or a BadInputError naming the field out).
//
// Exactly one of `ids`, `segment`, `before`. A segment's feature must be declared on the model; its
// `equals` (a string in the API) is compared by the feature's kind: NUMERIC features numerically
// (`equals` must be a number: "123" matches 123, 123.0 and 1.23e2 as sent, not "123" sent as text),
// CATEGORICAL features as exact, case-sensitive text.
import type { ModelEntity } from "../../db/entities/index.js";
import type { ErasureSelector } from "../../db/repositories/erasure-repository.js";
import { BadInputError } from "../errors.js";
import { requiredId } from "../ingest/validate-values.js";

/** Ids one call may erase (more: several calls, or a segment / before selector). */
export const MAX_ERASE_IDS = 10_000;

export interface EraseArgs {
  ids?: readonly string[] | null;
  segment?: { feature: string; equals: string } | null;
  before?: Date | null;
}

/** A JSON number as text (what `numeric` and JSON agree on). */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function idsSelector(ids: readonly string[]): ErasureSelector {
  if (ids.length === 0) throw new BadInputError(`ids: give at least one prediction id`);
  if (ids.length > MAX_ERASE_IDS) {
    throw new BadInputError(`ids: at most ${MAX_ERASE_IDS} ids per call, got ${ids.length}; erase more with several calls, or by segment or before`);
  }
  ids.forEach((id, i) => {
    const checked = requiredId(`ids[${i}]`, id);
    if (!checked.ok) throw new BadInputError(checked.error);
  });
  return { kind: "IDS", ids: [...new Set(ids)] };
}

function segmentSelector(model: ModelEntity, segment: { feature: string; equals: string }): ErasureSelector {
  const spec = model.features.find((f) => f.name === segment.feature);
  if (!spec) {
    const declared = model.features.map((f) => f.name).join(", ") || "none";
    throw new BadInputError(`segment.feature: model '${model.key}' has no feature ${JSON.stringify(segment.feature)} (declared: ${declared})`);
  }
  const value = segment.equals;
  if (spec.kind === "NUMERIC") {
    const text = value.trim();
    // Bounded like a double (PostgreSQL's numeric refuses exponents far past it): |exponent| ≤ 330, ≤ 40 digits.
    const exponent = /e([+-]?\d+)$/i.exec(text);
    const tooLong = text.replace(/[^0-9]/g, "").length > 40 + (exponent ? exponent[1]!.length : 0) || (exponent !== null && Math.abs(Number(exponent[1])) > 330);
    if (!NUMBER.test(text) || !Number.isFinite(Number(text)) || tooLong) {
      throw new BadInputError(`segment.equals: feature "${spec.name}" is NUMERIC; expected a number such as 123 or 0.5, got ${JSON.stringify(value)}`);
    }
    return { kind: "SEGMENT", feature: spec.name, equals: { type: "number", value: text } };
  }
  const checked = requiredId("segment.equals", value);
  if (!checked.ok) throw new BadInputError(checked.error);
  return { kind: "SEGMENT", feature: spec.name, equals: { type: "string", value } };
}

export function erasureSelector(model: ModelEntity, args: EraseArgs): ErasureSelector {
  const given = (["ids", "segment", "before"] as const).filter((k) => args[k] !== null && args[k] !== undefined);
  if (given.length === 0) throw new BadInputError(`ids: give exactly one selector: ids, segment or before (none was given)`);
  if (given.length > 1) throw new BadInputError(`${given[1]}: give exactly one selector: ids, segment or before (got ${given.join(" and ")})`);
  if (args.ids) return idsSelector(args.ids);
  if (args.segment) return segmentSelector(model, args.segment);
  const before = args.before!;
  if (!(before instanceof Date) || Number.isNaN(before.getTime())) throw new BadInputError(`before: expected a date-time, got ${String(before)}`);
  return { kind: "BEFORE", before };
}
