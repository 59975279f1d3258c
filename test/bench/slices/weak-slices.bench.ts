// Weak-slice search time (issue 15, part 5) on one 100,000-prediction window with 20 features
// (10 numeric, 10 categorical with 3–12 categories), pairs included (20 features → 190 pairs), beside
// a NumPy/pandas groupby doing the same counts, in the same run.
//
// Measured, warm (one untimed run of each first), from rows in memory (no database, no CSV parsing):
//   ours   — encodeSliceFeatures (quintile cut points, category levels, 8-bit codes) + findWeakSlices
//            (counts and error sums of every level and every pair of levels, a one-sided Fisher exact
//            test per slice with ≥ 30 rows inside and out, Benjamini–Hochberg, ranking);
//   pandas — the same binning (numpy.quantile + searchsorted, category codes) and, per feature and
//            per pair of features, groupby(...)["wrong"].agg(["count", "sum"]): the counts alone,
//            no test.
// Three runs, alternating which goes first; the ratio is ours / pandas per run (target ≤ 1). Prints
// figures, asserts no time. Without /usr/bin/python3 (or $PYTHON) with pandas it prints why and
// reports ours alone.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seededRandom } from "../../../api/src/analytics/seeded-random.js";
import { encodeSliceFeatures, type SliceFeatureInput } from "../../../api/src/analytics/slices/slice-features.js";
import { findWeakSlices } from "../../../api/src/analytics/slices/weak-slices.js";

const ROWS = 100_000;
const NUMERIC = 10;
const CATEGORICAL = 10;
const RUNS = 3;
const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";
const dir = mkdtempSync(join(tmpdir(), "tandem-bench-slices-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PANDAS_SCRIPT = `
import sys, time, json
import numpy as np, pandas as pd
path, numeric, categorical = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
df = pd.read_csv(path)
names = [f"n{i}" for i in range(numeric)] + [f"c{i}" for i in range(categorical)]
def search():
    codes = pd.DataFrame({"wrong": df["wrong"].to_numpy()})
    for i in range(numeric):
        v = df[f"n{i}"].to_numpy()
        cuts = np.unique(np.quantile(v, [0.2, 0.4, 0.6, 0.8]))
        codes[f"n{i}"] = np.searchsorted(cuts, v, side="right").astype(np.uint8)
    for i in range(categorical):
        codes[f"c{i}"] = df[f"c{i}"].astype("category").cat.codes.astype(np.int8)
    out = 0
    for a in names:
        out += len(codes.groupby(a)["wrong"].agg(["count", "sum"]))
    for x in range(len(names)):
        for y in range(x + 1, len(names)):
            out += len(codes.groupby([names[x], names[y]])["wrong"].agg(["count", "sum"]))
    return out
search()
t = time.perf_counter()
cells = search()
print(json.dumps({"seconds": time.perf_counter() - t, "cells": cells, "pandas": pd.__version__}))
`;

function makeWindow(): { features: SliceFeatureInput[]; wrong: Uint8Array } {
  const random = seededRandom(2015);
  const features: SliceFeatureInput[] = [];
  for (let i = 0; i < NUMERIC; i++) features.push({ name: `n${i}`, kind: "NUMERIC", values: Array.from({ length: ROWS }, () => Math.round(random() * 1e6) / 1e3) });
  for (let i = 0; i < CATEGORICAL; i++) {
    const k = 3 + i;
    features.push({ name: `c${i}`, kind: "CATEGORICAL", values: Array.from({ length: ROWS }, () => `v${Math.floor(random() * k)}`) });
  }
  const n0 = features[0]!.values as number[];
  const c0 = features[NUMERIC]!.values as string[];
  const wrong = Uint8Array.from({ length: ROWS }, (_, r) => (random() < (c0[r] === "v1" && n0[r]! >= 800 ? 0.4 : 0.1) ? 1 : 0));
  return { features, wrong };
}

function writeCsv(path: string, w: { features: SliceFeatureInput[]; wrong: Uint8Array }): void {
  const lines = [[...w.features.map((f) => f.name), "wrong"].join(",")];
  for (let r = 0; r < ROWS; r++) lines.push([...w.features.map((f) => String(f.values[r])), String(w.wrong[r])].join(","));
  writeFileSync(path, lines.join("\n") + "\n");
}

function ours(w: { features: SliceFeatureInput[]; wrong: Uint8Array }) {
  const t = performance.now();
  const result = findWeakSlices({ features: encodeSliceFeatures({ features: w.features }), loss: w.wrong, test: "FISHER" });
  return { seconds: (performance.now() - t) / 1000, result };
}

function pandas(path: string): { seconds: number; cells: number; pandas: string } | string {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`;
  const proc = spawnSync(PYTHON, ["-c", PANDAS_SCRIPT, path, String(NUMERIC), String(CATEGORICAL)], { encoding: "utf8", timeout: 600_000 });
  if (proc.error) return `${PYTHON} failed: ${proc.error.message}`;
  if (proc.status !== 0) return `${PYTHON} with pandas unavailable: ${(proc.stderr || "").trim().split("\n").pop()}`;
  return JSON.parse(proc.stdout.trim().split("\n").pop()!);
}

describe("weak-slice search, 100,000 predictions × 20 features, pairs included", () => {
  it("prints ours beside a pandas groupby of the same counts", () => {
    const w = makeWindow();
    const csv = join(dir, "window.csv");
    writeCsv(csv, w);
    ours(w); // warm-up
    const figures: Array<{ ours: number; pandas: number | null }> = [];
    let why: string | null = null;
    let first = ours(w).result;
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 === 0 ? ["ours", "pandas"] : ["pandas", "ours"];
      const fig: { ours: number; pandas: number | null } = { ours: 0, pandas: null };
      for (const who of order) {
        if (who === "ours") {
          const o = ours(w);
          fig.ours = o.seconds;
          first = o.result;
        } else {
          const p = pandas(csv);
          if (typeof p === "string") why = p;
          else fig.pandas = p.seconds;
        }
      }
      figures.push(fig);
    }
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)}`;
    console.log(`weak slices, ${ROWS} rows × ${NUMERIC + CATEGORICAL} features (${first.tested} slices tested, ${first.slices.length} reported; first: ${JSON.stringify(first.slices[0]?.conditions)})`);
    console.log(`  ours (binning + counts + Fisher tests + BH), warm: ${range(figures.map((f) => f.ours))} s over ${RUNS} runs`);
    if (why) console.log(`  pandas: not run (${why})`);
    else {
      console.log(`  pandas groupby (binning + counts only), warm: ${range(figures.map((f) => f.pandas!))} s`);
      console.log(`  ratio ours / pandas per run: ${range(figures.map((f) => f.ours / f.pandas!))} (target ≤ 1)`);
    }
    expect(first.slices[0]!.conditions.map((c) => c.feature)).toEqual(["n0", "c0"]);
  });
});
