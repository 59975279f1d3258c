// mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)), for sampling and synthetic data that
// must be the same for a seed. A leaf module (no imports): the demo, a client of the public API that
// may import nothing else of it, uses it too (test/architecture/import-rules.test.ts).

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
