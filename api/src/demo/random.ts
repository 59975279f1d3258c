// Seeded randomness for the demo data: the API's mulberry32 stream (analytics/seeded-random.ts, a leaf
// module — the one file of the API the demo may import) and the draws the generators need. Every draw
// is deterministic for a seed.
import { seededRandom } from "../analytics/seeded-random.js";

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** Normal with the given mean and standard deviation. */
  gauss(mean: number, sd: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One of `items`, by their weights (equal weights when omitted). */
  pick<T>(items: readonly T[], weights?: readonly number[]): T;
  /** Poisson draw (Knuth; fine for the small means the demo uses). */
  poisson(mean: number): number;
}

/** The API's mulberry32 stream (a leaf module the demo may import). */
export const mulberry32 = seededRandom;

/** A seed from several integers (system, window index, …), mixed so neighbours differ. */
export function mixSeed(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    let x = Math.floor(p) >>> 0;
    const hi = Math.floor(p / 4294967296) >>> 0;
    for (const v of [x, hi]) {
      x = v;
      h = Math.imul(h ^ (x & 0xffff), 0x01000193) >>> 0;
      h = Math.imul(h ^ (x >>> 16), 0x01000193) >>> 0;
    }
  }
  return h >>> 0;
}

export function createRandom(seed: number): Random {
  const u = mulberry32(seed);
  let spare: number | null = null;
  const normal = (): number => {
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
  return {
    next: u,
    normal,
    gauss: (mean, sd) => mean + sd * normal(),
    chance: (p) => u() < p,
    pick<T>(items: readonly T[], weights?: readonly number[]): T {
      if (items.length === 0) throw new Error("demo/random: pick from an empty list");
      if (!weights) return items[Math.floor(u() * items.length)]!;
      const total = weights.reduce((a, b) => a + b, 0);
      let r = u() * total;
      for (let i = 0; i < items.length; i += 1) {
        r -= weights[i] ?? 0;
        if (r < 0) return items[i]!;
      }
      return items[items.length - 1]!;
    },
    poisson(mean: number): number {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = 1;
      do {
        k += 1;
        p *= u();
      } while (p > limit && k < 1000);
      return k - 1;
    },
  };
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
/** Rounds to `digits` decimals (keeps the NDJSON small and readable). */
export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
