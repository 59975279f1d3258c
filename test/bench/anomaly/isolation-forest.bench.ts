// The isolation forest of a window evaluation (analytics/anomaly/anomaly-rate.ts): fit 100 trees on
// 500 reference rows, score the 500 held-out rows and a 10,000-row window, 40 encoded columns —
// beside scikit-learn's IsolationForest doing the same (fit + score_samples, n_estimators=100,
// max_samples=256) on the same matrices in the same run. Best of 7 each, 3 rounds alternating which
// side runs first; prints the ratio per round. Asserts only that both sides ran.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { anomalyScores, fitIsolationForest, type RowMatrix } from "../../../api/src/analytics/anomaly/isolation-forest.js";
import { seededRandom } from "../../../api/src/analytics/drift/window-summary.js";

const COLUMNS = 40;
const PYTHON = [process.env.PYTHON, "/usr/bin/python3", "python3"].find(
  (p): p is string => !!p && spawnSync(p, ["-c", "import sklearn, numpy"], { encoding: "utf8" }).status === 0,
);

function matrix(rows: number, seed: number): RowMatrix {
  const random = seededRandom(seed);
  const data = new Float32Array(rows * COLUMNS);
  for (let k = 0; k < data.length; k += 1) data[k] = Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
  return { data, rows, columns: COLUMNS };
}

function bestOf<T>(n: number, f: () => T): { ms: number; value: T } {
  let best = Infinity;
  let value!: T;
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    value = f();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: best, value };
}

const SKLEARN = `
import sys, time, numpy as np
from sklearn.ensemble import IsolationForest
d = np.load(sys.argv[1])
train, held, cur = d["train"], d["held"], d["cur"]
best = float("inf")
for _ in range(7):
    t = time.perf_counter()
    f = IsolationForest(n_estimators=100, max_samples=256, random_state=7).fit(train)
    f.score_samples(held); f.score_samples(cur)
    best = min(best, time.perf_counter() - t)
print(best * 1000)
`;

it("isolation forest of one window: fit on 500, score 500 + 10,000 rows × 40 columns", () => {
  const train = matrix(500, 1);
  const held = matrix(500, 2);
  const cur = matrix(10_000, 3);
  const tandem = () => {
    const forest = fitIsolationForest({ rows: train, seed: 7 });
    return anomalyScores({ forest, rows: held }).length + anomalyScores({ forest, rows: cur }).length;
  };
  let sklearn: (() => number | null) | null = null;
  const dir = mkdtempSync(join(tmpdir(), "tandem-if-"));
  try {
    if (PYTHON !== undefined) {
      const npz = join(dir, "m.npz");
      const save = `import sys, numpy as np
def load(p, r): return np.fromfile(p, dtype=np.float32).reshape(r, ${COLUMNS})
np.savez(sys.argv[1], train=load(sys.argv[2], 500), held=load(sys.argv[3], 500), cur=load(sys.argv[4], 10000))`;
      const files = ([["train", train], ["held", held], ["cur", cur]] as const).map(([name, m]) => {
        const file = join(dir, `${name}.f32`);
        writeFileSync(file, Buffer.from(m.data.buffer));
        return file;
      });
      expect(spawnSync(PYTHON, ["-c", save, npz, ...files], { encoding: "utf8" }).status).toBe(0);
      sklearn = () => {
        const r = spawnSync(PYTHON, ["-c", SKLEARN, npz], { encoding: "utf8" });
        return r.status === 0 ? Number(r.stdout.trim()) : null;
      };
    }
    for (let i = 0; i < 3; i += 1) tandem(); // warm-up
    const lines: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const pyFirst = round % 2 === 1 && sklearn !== null;
      const py1 = pyFirst ? sklearn!() : null;
      const t = bestOf(7, tandem);
      expect(t.value).toBe(10_500);
      const py = pyFirst ? py1 : sklearn?.() ?? null;
      lines.push(`  round ${round + 1}: Tandem ${t.ms.toFixed(1)} ms, scikit-learn ${py === null ? "n/a" : `${py.toFixed(1)} ms, ratio ${(t.ms / py).toFixed(2)}`}`);
    }
    console.log(`\nbench isolation forest (fit 500 rows, score 500 + 10,000 rows × ${COLUMNS} columns; best of 7)\n${lines.join("\n")}\n${PYTHON === undefined ? "  scikit-learn side skipped: no python with sklearn and numpy ($PYTHON, /usr/bin/python3, python3)\n" : ""}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
