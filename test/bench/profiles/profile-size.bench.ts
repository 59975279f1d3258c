// Profile bytes per feature per window at 10,000 / 100,000 / 1,000,000 rows (the encoded JSON the
// server stores and a client uploads), for a continuous heavy-tailed numeric feature with and
// without reference bins, an integer-valued numeric feature (exact counts) and a categorical one
// (50 categories). Target: bounded independent of the row count. Also the build speed
// (values/s added to a column profile), beside a plain Float64Array copy of the same values.
import { expect, it } from "vitest";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";
import { addValue, emptyColumnProfile } from "../../../api/src/analytics/profiles/column-profile.js";
import { encodeColumnProfile } from "../../../api/src/analytics/profiles/profile-codec.js";
import { referenceBinsOf } from "../../../api/src/analytics/profiles/reference-bins.js";

const SIZES = [10_000, 100_000, 1_000_000];

function values(kind: string, n: number, seed: number): Array<number | string> {
  const r = seededRandom(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return Array.from({ length: n }, () => (kind === "categorical" ? `c${Math.floor(50 * r() ** 2)}` : kind === "integer" ? Math.floor(Math.exp(gauss() + 3)) : Math.exp(gauss()) * 1000));
}

it("profile bytes per feature per window are bounded", () => {
  const bins = referenceBinsOf(values("lognormal", 100_000, 1) as number[]);
  const lines: string[] = [];
  const bytes: Record<string, number[]> = {};
  for (const [label, kind, withBins] of [["log-normal, no bins", "lognormal", false], ["log-normal, reference bins", "lognormal", true], ["integer (exact counts)", "integer", false], ["categorical, 50 categories", "categorical", false]] as const) {
    for (const n of SIZES) {
      const data = values(kind, n, n);
      const p = emptyColumnProfile(kind === "categorical" ? "CATEGORICAL" : "NUMERIC", withBins ? bins : null);
      const t0 = performance.now();
      for (const v of data) addValue(p, v);
      const ms = performance.now() - t0;
      const size = JSON.stringify(encodeColumnProfile(p)).length;
      (bytes[label] ??= []).push(size);
      lines.push(`${label.padEnd(28)} ${String(n).padStart(9)} rows: ${String(size).padStart(7)} B/feature/window  (${Math.round(n / (ms / 1000)).toLocaleString("en")} values/s)`);
    }
  }
  const copy = Float64Array.from(values("lognormal", 1_000_000, 3) as number[]);
  const t0 = performance.now();
  const target = new Float64Array(copy.length);
  for (let i = 0; i < copy.length; i++) target[i] = copy[i]!;
  const baseline = performance.now() - t0;
  lines.push(`baseline: copying 1,000,000 float64 values ${baseline.toFixed(1)} ms`);
  console.log(lines.join("\n"));
  for (const [label, b] of Object.entries(bytes)) expect(Math.max(...b), label).toBeLessThan(64_000);
}, 600_000);
