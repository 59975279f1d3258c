// Formatting for the model page (server-rendered: times are UTC and say so).
import type { DriftTest } from "@/lib/model-queries";

/** 1.6e-108 → "<1e-12", 0.00042 → "4.2e-4", 0.0521 → "0.052", 1 → "1". */
export function formatPValue(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return "—";
  if (p < 1e-12) return "<1e-12";
  if (p < 1e-3) {
    const [mantissa, exponent] = p.toExponential(1).split("e");
    return `${mantissa.replace(/\.0$/, "")}e${exponent}`;
  }
  return String(Number(p.toPrecision(2)));
}

/** Statistics and effect sizes: 3 significant digits, exponent for tiny values. */
export function formatStat(value: number | null | undefined): string {
  if (value == null || !Number.isFinite(value)) return "—";
  if (value === 0) return "0";
  if (Math.abs(value) < 1e-3) return value.toExponential(1);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString("en-US");
  return String(Number(value.toPrecision(3)));
}

const TESTS: Record<DriftTest, string> = {
  KS: "Kolmogorov–Smirnov",
  CHI_SQUARE: "χ² (chi-square)",
  PSI: "PSI",
  JENSEN_SHANNON: "Jensen–Shannon",
  WASSERSTEIN: "Wasserstein (normalized)",
  HELLINGER: "Hellinger",
};

const SHORT: Record<DriftTest, string> = {
  KS: "KS",
  CHI_SQUARE: "χ²",
  PSI: "PSI",
  JENSEN_SHANNON: "JS",
  WASSERSTEIN: "Wasserstein",
  HELLINGER: "Hellinger",
};

export function testName(test: string): string {
  return TESTS[test as DriftTest] ?? test;
}

export function testShort(test: string): string {
  return SHORT[test as DriftTest] ?? test;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function hm(d: Date): string {
  return `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
}

function day(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** "Nov 26, 23:40" (UTC). */
export function formatInstant(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  return `${day(d)}, ${hm(d)}`;
}

/** "Nov 26, 23:40–23:50 UTC", or with both dates when the window spans midnight. */
export function formatWindow(from: string, to: string): string {
  const a = new Date(from);
  const b = new Date(to);
  const sameDay = day(a) === day(b) || (b.getTime() - a.getTime() <= 86_400_000 && hm(b) === "00:00");
  return sameDay ? `${day(a)}, ${hm(a)}–${hm(b)} UTC` : `${day(a)}, ${hm(a)} – ${day(b)}, ${hm(b)} UTC`;
}

export function formatRisk(risk: number): string {
  return `${Math.round(risk * 100)}%`;
}

/** "accuracy" → "Accuracy", "log_loss" → "Log loss", "mae" → "MAE". */
export function metricLabel(metric: string): string {
  const upper: Record<string, string> = { mae: "MAE", rmse: "RMSE", mape: "MAPE", f1: "F1", roc_auc: "ROC AUC", macro_f1: "Macro F1", ctr: "CTR" };
  if (upper[metric]) return upper[metric];
  const words = metric.replace(/[_.:-]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : metric;
}
