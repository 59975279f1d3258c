/** Numeric samples accepted by the numeric functions: finite numbers only. */
export type Sample = Float64Array | readonly number[];

/** A sorted Float64Array copy of `values`; throws `${where}: ${name}[i] must be a finite number` otherwise. */
export function sortedFiniteCopy(values: Sample, where: string, name: string): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${where}: ${name}[${i}] must be a finite number, got ${String(v)}`);
    }
    out[i] = v;
  }
  return out.sort();
}
