// Random system graphs for the layout test and bench: models in tiers (like perception → fusion →
// planning stacks, but wide), dependencies mostly to the next tier, sometimes further, and 1% of
// them backwards (feedback loops). Deterministic for a seed.
import type { LayoutEdgeInput } from "../../../web/lib/layered-layout.js";

/** mulberry32 */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomSystemGraph(n: number, e: number, seed = 1, tiers = Math.max(2, Math.round(Math.sqrt(n) / 2))): { ids: string[]; edges: LayoutEdgeInput[] } {
  const random = prng(seed);
  const ids = Array.from({ length: n }, (_, i) => `m${i}`);
  const tierOf = ids.map((_, i) => Math.floor((i * tiers) / n));
  const members: number[][] = Array.from({ length: tiers }, () => []);
  tierOf.forEach((t, i) => members[t]!.push(i));
  const seen = new Set<string>();
  const edges: LayoutEdgeInput[] = [];
  const maxEdges = Math.min(e, (n * (n - 1)) / 2);
  while (edges.length < maxEdges) {
    const a = Math.floor(random() * n);
    const ta = tierOf[a]!;
    if (ta === tiers - 1) continue;
    const jump = random() < 0.75 ? 1 : 1 + Math.ceil(random() * 3);
    const tb = Math.min(tiers - 1, ta + jump);
    const pool = members[tb]!;
    let from = a;
    let to = pool[Math.floor(random() * pool.length)]!;
    if (random() < 0.01) [from, to] = [to, from];
    const key = `${from}>${to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: ids[from]!, to: ids[to]!, weight: Math.round((0.2 + 0.8 * random()) * 100) / 100 });
  }
  return { ids, edges };
}
