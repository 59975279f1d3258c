// In a system (docs/explanations.md): a consumer's attribution shift that sits on a feature an
// upstream model produces — the dependency's `feature` (the input of the consumer that carries the
// upstream's output) is among the features whose importance moved most. Evidence that the consumer's
// changed reasoning follows the upstream change, for a person and for root-cause reading.
import type { AttributionDriftResult } from "./attribution-drift.js";

export interface UpstreamShift {
  feature: string;
  fromModelId: string;
  fromModelKey: string;
  /** currentShare − referenceShare of the feature for the consumer. */
  shift: number;
  sentence: string;
}

export function upstreamShifts(args: {
  consumerKey: string;
  drift: AttributionDriftResult;
  edges: ReadonlyArray<{ fromModelId: string; fromModelKey: string; feature: string | null }>;
}): UpstreamShift[] {
  const out: UpstreamShift[] = [];
  for (const name of args.drift.moved) {
    const f = args.drift.features.find((x) => x.feature === name)!;
    for (const e of args.edges) {
      if (e.feature !== name) continue;
      const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
      out.push({
        feature: name, fromModelId: e.fromModelId, fromModelKey: e.fromModelKey, shift: f.shift,
        sentence: `The importance of ${name} for ${args.consumerKey} ${f.shift > 0 ? "rose" : "fell"} from ${pct(f.referenceShare)} to ${pct(f.currentShare)} of its attribution mass; ${name} is the output of upstream model ${e.fromModelKey}.`,
      });
    }
  }
  return out;
}
