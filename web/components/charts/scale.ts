// Small helpers shared by the hand-drawn SVG charts: linear scales, "nice" ticks, number labels.

export type Scale = ((value: number) => number) & { domain: [number, number]; range: [number, number] };

/** Maps [d0, d1] linearly onto [r0, r1] (a flat domain maps to the middle of the range). */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const f = ((v: number) => (span === 0 ? (r0 + r1) / 2 : r0 + ((v - d0) / span) * (r1 - r0))) as Scale;
  f.domain = domain;
  f.range = range;
  return f;
}

/** About `count` round tick values covering [min, max] (1, 2, 2.5 or 5 × 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const start = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Extends [min, max] to round tick values, with a little room when the data is flat. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (min === max) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    return niceDomain(min - pad, max + pad, count);
  }
  const ticks = niceTicks(min, max, count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : (max - min) / count;
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  return [Number(lo.toPrecision(12)), Number(hi.toPrecision(12))];
}

/** Compact number: 0.8123 → "0.812", 12345 → "12.3k", 1.2e-7 → "1.2e-7". */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return "0";
  if (abs >= 1e6) return `${trim((value / 1e6).toPrecision(digits))}M`;
  if (abs >= 1e4) return `${trim((value / 1e3).toPrecision(digits))}k`;
  if (abs < 1e-3) return value.toExponential(1).replace("e-", "e-").replace(".0e", "e");
  if (abs >= 100) return String(Math.round(value));
  return trim(value.toPrecision(digits));
}

function trim(s: string): string {
  return s.includes(".") && !s.includes("e") ? s.replace(/\.?0+$/, "") : s;
}

/** 0.1234 → "12%", 0.0042 → "0.4%". */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return "—";
  const p = share * 100;
  if (p === 0) return "0%";
  if (Math.abs(p) < 1) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}
