// The same drifted / not-drifted decisions from profiles as from the exact path on 200 seeded
// windows, except where the exact value lies within the bound of the threshold.
//
// Each window draws a numeric feature (log-normal, a location shift and a scale change drawn
// around the thresholds) and a categorical one (a mix that moves by a drawn amount), 2,000 to
// 20,000 rows, against a 20,000-row reference. Exact: analytics/drift/drift-report.ts on every row
// (no sampling: the sample cap is above the window). Profile: the reference profiled with its
// reference bins (the server's behaviour when the raw reference is kept), the current window
// profiled in 4 merged parts. A disagreement is allowed only when moving the exact effect size by
// the profile's stated bound (1 % relative for W1, the frequent-items share for categories) or
// the exact KS D by errorBound changes the exact decision; the test reports how many were.
import { describe, expect, it } from "vitest";
import { driftReport } from "../../../api/src/analytics/drift/drift-report.js";
import { createSummaryBuilder } from "../../../api/src/analytics/drift/window-summary.js";
import { benjaminiHochberg } from "../../../api/src/analytics/drift/benjamini-hochberg.js";
import { kstwoSf } from "../../../api/src/analytics/drift/kolmogorov-distribution.js";
import { ALPHA } from "../../../api/src/analytics/drift/drift-tests.js";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";
import { profileDriftReport } from "../../../api/src/analytics/profiles/profile-drift-report.js";
import { referenceBinsOf } from "../../../api/src/analytics/profiles/reference-bins.js";
import { addRow, emptyWindowProfile, mergeWindowProfiles, type ProfileBuilderArgs } from "../../../api/src/analytics/profiles/window-profile.js";

const FEATURES = [{ name: "x", kind: "NUMERIC" as const }, { name: "c", kind: "CATEGORICAL" as const }];
const W1_RELATIVE_BOUND = 0.01;

type Row = { features: Record<string, unknown>; score: number | null; predictedClass: string | null; segment: string | null };

function draw(seed: number, n: number, shift: number, scale: number, tilt: number): Row[] {
  const r = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const cats = ["a", "b", "c", "d", "e"];
  return Array.from({ length: n }, () => {
    const u = Math.min(0.999999, Math.max(0, r() + tilt * (r() - 0.3)));
    return { features: { x: Math.exp(scale * gauss() + shift), c: cats[Math.floor(u * cats.length)]! }, score: null, predictedClass: null, segment: null };
  });
}

function summary(rows: Row[]) {
  const b = createSummaryBuilder({ features: FEATURES, sampleCap: 1_000_000, seed: 1 });
  for (const row of rows) b.add(row);
  return b.result();
}

function profile(rows: Row[], args: ProfileBuilderArgs, parts: number) {
  const size = Math.ceil(rows.length / parts);
  let out = emptyWindowProfile(args);
  for (let p = 0; p < parts; p++) {
    const w = emptyWindowProfile(args);
    for (const row of rows.slice(p * size, (p + 1) * size)) addRow(w, args, row);
    out = mergeWindowProfiles(out, w);
  }
  return out;
}

describe("decision agreement of the profile path with the exact path", () => {
  it("200 seeded windows", () => {
    const reference = draw(1, 20_000, 0, 1, 0);
    const args: ProfileBuilderArgs = { features: FEATURES, bins: { x: referenceBinsOf(reference.map((r) => r.features.x as number)) } };
    const refSummary = summary(reference);
    const refProfile = profile(reference, args, 1);
    let agree = 0;
    let withinBound = 0;
    let decided = 0;
    let drifted = 0;
    let near = 0;
    for (let w = 0; w < 200; w++) {
      const r = seededRandom(1000 + w);
      const n = 2_000 + Math.floor(r() * 18_000);
      const rows = draw(2000 + w, n, (r() - 0.3) * 0.25, 1 + (r() - 0.5) * 0.3, r() * 0.4);
      const exact = driftReport({ features: FEATURES, reference: refSummary, current: summary(rows) });
      const prof = profileDriftReport({ features: FEATURES, reference: refProfile, current: profile(rows, args, 4) });
      for (const f of FEATURES) {
        const e = exact.features.find((x) => x.feature === f.name)!;
        const p = prof.features.find((x) => x.feature === f.name)!;
        decided++;
        if (e.drifted) drifted++;
        if (Math.abs(e.effectSize - e.threshold) < 0.2 * e.threshold) near++;
        if (e.drifted === p.drifted) {
          agree++;
          continue;
        }
        // Would the exact decision change within the bounds? Effect size ± bound, KS D ± errorBound.
        const effectBound = f.kind === "NUMERIC" ? W1_RELATIVE_BOUND * e.effectSize : (p.errorBound ?? 0) + 1e-12;
        const effectAmbiguous = Math.abs(e.effectSize - e.threshold) <= effectBound;
        let pAmbiguous = false;
        if (f.kind === "NUMERIC") {
          const nEff = Math.round((e.referenceCount * e.currentCount) / (e.referenceCount + e.currentCount));
          const others = exact.features.filter((x) => x.feature !== f.name).map((x) => x.pValue);
          for (const d of [e.statistic - p.errorBound!, e.statistic + p.errorBound!]) {
            const adj = benjaminiHochberg({ pValues: [kstwoSf({ n: nEff, d: Math.max(0, d) }), ...others] })[0]!;
            if ((adj < ALPHA) !== (e.adjustedPValue! < ALPHA)) pAmbiguous = true;
          }
        }
        expect(effectAmbiguous || pAmbiguous, `window ${w} ${f.name}: exact ${e.drifted} (effect ${e.effectSize}, p ${e.adjustedPValue}) vs profile ${p.drifted} (effect ${p.effectSize}, p ${p.adjustedPValue})`).toBe(true);
        withinBound++;
      }
    }
    console.log(`decision agreement: ${agree}/${decided} feature decisions equal (${drifted} drifted on the exact path, ${near} with an effect size within 20 % of its threshold); ${withinBound} differ, each where the exact value lies within the bound of the threshold`);
    expect(drifted).toBeGreaterThan(0.2 * decided);
    expect(drifted).toBeLessThan(0.8 * decided);
    expect(near).toBeGreaterThan(0.1 * decided);
    expect(agree + withinBound).toBe(decided);
    expect(agree).toBeGreaterThan(0.9 * decided);
  }, 300_000);
});
