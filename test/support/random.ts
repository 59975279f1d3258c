import { seededRandom } from "../../api/src/analytics/drift/window-summary.js";

/** Standard normal draws by Box–Muller on a seeded mulberry32 stream (deterministic per seed). */
export function normals(seed: number): () => number {
  const u = seededRandom(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}
