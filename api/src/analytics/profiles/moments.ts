// Count, mean and the sum of squared deviations (M2) of a stream, updated one value at a time
// (Welford 1962) and merged pairwise (Chan, Golub & LeVeque 1979, "Updating formulae and a pairwise
// algorithm for computing sample variances"):
//
//   n = n_a + n_b,  δ = mean_b − mean_a,
//   mean = mean_a + δ · n_b / n,   M2 = M2_a + M2_b + δ² · n_a · n_b / n
//
// Both are numerically stable (no sum of squares is ever formed). Population variance = M2 / n
// (numpy.var, ddof = 0); sample variance = M2 / (n − 1).
// Pure: no I/O, no clock.

export interface Moments {
  n: number;
  mean: number;
  m2: number;
}

export function emptyMoments(): Moments {
  return { n: 0, mean: 0, m2: 0 };
}

/** Adds one finite value in place (Welford). */
export function addMoment(m: Moments, x: number): void {
  m.n += 1;
  const delta = x - m.mean;
  m.mean += delta / m.n;
  m.m2 += delta * (x - m.mean);
}

/** The moments of the union of two disjoint streams (Chan et al.); the arguments are not changed. */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return { ...b };
  if (b.n === 0) return { ...a };
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n };
}

/** Population standard deviation (ddof = 0), 0 for fewer than one value. */
export function populationStd(m: Moments): number {
  return m.n === 0 ? 0 : Math.sqrt(Math.max(0, m.m2) / m.n);
}
