// Two-sample KS test on 1,000,000 vs 1,000,000 floats: Tandem's ksTwoSample against SciPy's
// `scipy.stats.ks_2samp(method="auto")` (asymptotic at this size) on the very same numbers,
// written once as raw little-endian float64 and read by numpy.fromfile. Best of 3 on each side,
// each timed inside its own runtime (SciPy's time excludes interpreter start-up and file I/O).
// Target: ratio ours / SciPy ≤ 1.0. Checks that D agrees within 1e-12 and p within 1e-4
// (relative); prints the figures and asserts nothing about time. Without /usr/bin/python3 +
// SciPy, only our side runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { endianness, tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ksTwoSample, type KsTwoSampleResult } from "../../../api/src/analytics/drift/ks-test.js";

const N_REF = Number(process.env.BENCH_KS_N ?? 1_000_000);
const N_CUR = N_REF;
// Two location shifts: the p-value then comes from different branches of kstwo.sf at
// n = 500,000 — Pelz–Good (n·D² < 2.2, SciPy's fastest) and the Smirnov sum (n·D² ≥ 2.2).
const SHIFTS = [0.004, 0.01];
const PYTHON = "/usr/bin/python3";
const RUNS = 3;

/** xoshiro128** (seeded with splitmix32): 53-bit uniforms in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const result = Math.imul(((Math.imul(b, 5) << 7) | (Math.imul(b, 5) >>> 25)) >>> 0, 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = ((d << 11) | (d >>> 21)) >>> 0;
    return result;
  };
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}

/** Normal(shift, 1) by Box–Muller. */
function normals(n: number, shift: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - r();
    const v = r();
    const radius = Math.sqrt(-2 * Math.log(u));
    out[i] = radius * Math.cos(2 * Math.PI * v) + shift;
    if (i + 1 < n) out[i + 1] = radius * Math.sin(2 * Math.PI * v) + shift;
  }
  return out;
}

function littleEndianBytes(values: Float64Array): Uint8Array {
  if (endianness() === "LE") return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat64(i * 8, v, true));
  return bytes;
}

const SCIPY_SCRIPT = `
import json, sys, time
import numpy as np
import scipy
from scipy import stats
path, n1, n2, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
data = np.fromfile(path, dtype="<f8")
assert data.shape[0] == n1 + n2
x, y = data[:n1], data[n1:]
best, res = float("inf"), None
for _ in range(runs):
    t0 = time.perf_counter()
    res = stats.ks_2samp(x, y, alternative="two-sided", method="auto")
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"version": scipy.__version__, "statistic": float(res.statistic),
                  "pvalue": float(res.pvalue), "seconds": best}))
`;

interface ScipyRun { version: string; statistic: number; pvalue: number; seconds: number }

function runScipy(path: string): ScipyRun | string {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const proc = spawnSync(PYTHON, ["-c", SCIPY_SCRIPT, path, String(N_REF), String(N_CUR), String(RUNS)], {
    encoding: "utf8",
    timeout: 600_000,
    maxBuffer: 1 << 20,
  });
  if (proc.error) return `${PYTHON} failed to run: ${proc.error.message}`;
  if (proc.status !== 0) return `${PYTHON} with SciPy unavailable: ${(proc.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(proc.stdout.trim().split("\n").pop()!) as ScipyRun;
}

it.each(SHIFTS)(`KS two-sample test, ${N_REF.toLocaleString("en")} vs ${N_CUR.toLocaleString("en")} floats, shift %s, against SciPy`, (shift) => {
  const reference = normals(N_REF, 0, 20240601);
  const current = normals(N_CUR, shift, 20240602);

  const dir = mkdtempSync(join(tmpdir(), "tandem-ks-bench-"));
  const path = join(dir, "samples.f64");
  try {
    const all = new Float64Array(N_REF + N_CUR);
    all.set(reference, 0);
    all.set(current, N_REF);
    writeFileSync(path, littleEndianBytes(all));

    // Ours: the whole call (validate + copy + sort + merge + p-value), best of RUNS.
    let best = Infinity;
    let ours: KsTwoSampleResult | undefined;
    for (let run = 0; run < RUNS; run += 1) {
      const t0 = performance.now();
      ours = ksTwoSample({ reference, current });
      best = Math.min(best, performance.now() - t0);
    }
    const result = ours!;

    const scipy = runScipy(path);
    const lines = [
      "",
      `bench KS two-sample: ${N_REF.toLocaleString("en")} vs ${N_CUR.toLocaleString("en")} normal floats (shift ${shift}), best of ${RUNS}`,
      `  Tandem ksTwoSample : ${best.toFixed(1)} ms  D = ${result.statistic}  p = ${result.pValue.toExponential(6)}  (${result.method})`,
    ];
    if (typeof scipy === "string") {
      lines.push(`  SciPy              : skipped (${scipy})`, "");
      console.log(lines.join("\n"));
      return;
    }
    const scipyMs = scipy.seconds * 1000;
    const ratio = best / scipyMs;
    const dDiff = Math.abs(result.statistic - scipy.statistic);
    const pRel = scipy.pvalue >= 1e-100 ? Math.abs(result.pValue - scipy.pvalue) / scipy.pvalue : result.pValue;
    lines.push(
      `  SciPy ${scipy.version} ks_2samp: ${scipyMs.toFixed(1)} ms  D = ${scipy.statistic}  p = ${scipy.pvalue.toExponential(6)}`,
      `  |ΔD| = ${dDiff.toExponential(2)}   relative Δp = ${pRel.toExponential(2)}`,
      `  ratio Tandem / SciPy: ${ratio.toFixed(2)}  (target ≤ 1.0: ${ratio <= 1 ? "met" : "NOT met"})`,
      "",
    );
    console.log(lines.join("\n"));
    expect(dDiff).toBeLessThanOrEqual(1e-12);
    if (scipy.pvalue >= 1e-100) expect(pRel).toBeLessThanOrEqual(1e-4);
    else expect(result.pValue).toBeLessThanOrEqual(1e-100);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
