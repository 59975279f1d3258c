// The e-commerce demo: demand forecast → dynamic pricing → recommendations, plus fraud detection.
// Each window is one real day of Seattle's weather (vega-datasets), the live stream starting on
// 2015-11-20, a week before Black Friday: demand follows the day's weather a little and the holiday
// season a lot (more sessions, promotions, toys and electronics), which drifts the forecast's inputs
// and cascades through pricing into the recommendations, whose click-through rate (a KPI with the
// rule `ctr < 0.10`) sags. Users rate recommendations, sometimes starkly against the prediction
// (a gift for someone else). From December a card-testing ring changes what fraud looks like:
// many small card-not-present payments the fraud model was not trained on.
import { clamp, createRandom, mixSeed, round, sigmoid } from "./random.js";
import { demoModel, emptyWindow, iso, spreadTimestamps, type DemoSystemSpec, type WindowContext, type WindowData } from "./demo-data.js";
import type { WeatherDay } from "./seattle-weather.js";

export const ECOMMERCE_SYSTEM_NAME = "Demo: e-commerce";
const SEED = 9_002;
/** The real date of the first live window. */
export const LIVE_DATE = "2015-11-20";
/** Live windows after which the fraud pattern shifts (2015-12-01). */
export const FRAUD_SHIFT_AFTER_DAYS = 11;

export const ECOMMERCE_KEYS = ["demand_forecast", "dynamic_pricing", "recommendations", "fraud_detection"] as const;

export function ecommerceSpec(): DemoSystemSpec {
  return {
    name: ECOMMERCE_SYSTEM_NAME,
    description:
      "Tandem demo: an online shop. Demand forecast feeds dynamic pricing, which feeds recommendations; fraud detection " +
      "screens payments. Every window is one real day of Seattle weather (vega-datasets), streaming from 2015-11-20 into " +
      "the holiday season (Black Friday, Cyber Monday, December), with a click-through-rate KPI rule (ctr < 0.10), " +
      "user ratings of recommendations, and a fraud pattern that shifts in December.",
    models: [
      demoModel("demand_forecast", "Demand forecast", "REGRESSION", "gbm-demand 2025.10", { category: "CATEGORICAL", sessions_per_min: "NUMERIC", promo_active: "CATEGORICAL", temp_c: "NUMERIC", rain_today: "CATEGORICAL" }),
      demoModel("dynamic_pricing", "Dynamic pricing", "REGRESSION", "pricer 3.2", { forecast_units: "NUMERIC", competitor_price_index: "NUMERIC", inventory_days: "NUMERIC" }),
      demoModel("recommendations", "Recommendations", "REGRESSION", "two-tower 7.0", { price_multiplier: "NUMERIC", user_tenure_days: "NUMERIC", items_viewed: "NUMERIC", device: "CATEGORICAL" }),
      demoModel("fraud_detection", "Fraud detection", "BINARY_CLASSIFICATION", "xgb-fraud 11", { amount_usd: "NUMERIC", account_age_days: "NUMERIC", card_present: "CATEGORICAL", country_mismatch: "CATEGORICAL", txn_last_hour: "NUMERIC" }),
    ],
    edges: [
      { from: "demand_forecast", to: "dynamic_pricing", weight: 0.8, feature: "forecast_units" },
      { from: "dynamic_pricing", to: "recommendations", weight: 0.7, feature: "price_multiplier" },
    ],
    rules: [{ model: "recommendations", metric: "ctr", operator: "<", threshold: 0.1 }],
    driftThreshold: 0.2,
    // Weather varies by nature: tolerate rainy days and the autumn's cooling (the reference weeks
    // are ~7 °C warmer than late November), so that drift means the holiday season, not the weather.
    drift: [
      { model: "demand_forecast", feature: "temp_c", threshold: 1.5 },
      { model: "demand_forecast", feature: "rain_today", threshold: 0.6 },
    ],
    referenceWindows: 7,
  };
}

/** "YYYY-MM-DD" plus `days`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** How strongly the holiday season drives shopping on a date, in [0, 1] (US retail calendar of 2015). */
export function holidayIntensity(date: string): number {
  const md = date.slice(5);
  if (md === "11-26") return 0.3; // Thanksgiving
  if (md === "11-27" || md === "11-30") return 1; // Black Friday, Cyber Monday
  if (md === "11-28" || md === "11-29") return 0.7;
  if (md >= "12-01" && md <= "12-13") return 0.6;
  if (md >= "12-14" && md <= "12-23") return 0.85;
  if (md === "12-24" || md === "12-25") return 0.4;
  if (md >= "12-26" && md <= "12-31") return 0.6;
  return 0;
}

/** The real day a window maps to: consecutive days, the live stream starting on LIVE_DATE (wrapping around the series). */
export function dayOf(ctx: Pick<WindowContext, "index" | "liveIndex">, days: readonly WeatherDay[]): WeatherDay {
  const live = days.findIndex((d) => d.date === LIVE_DATE);
  if (live < 0) throw new Error(`demo/ecommerce: the weather series has no ${LIVE_DATE}`);
  const n = days.length;
  return days[((((live + ctx.index - ctx.liveIndex) % n) + n) % n)]!;
}

const CATEGORIES = ["electronics", "toys", "apparel", "home", "outdoor", "grocery"] as const;
const BASE_UNITS: Record<(typeof CATEGORIES)[number], number> = { electronics: 40, toys: 35, apparel: 70, home: 50, outdoor: 30, grocery: 90 };
const DEVICES = ["app", "mobile", "desktop"] as const;

/** One window (= one real day) of the shop. */
export function ecommerceWindow(ctx: WindowContext, rows: number, days: readonly WeatherDay[]): WindowData {
  const r = createRandom(mixSeed(SEED, ctx.start, ctx.windowMs));
  const day = dayOf(ctx, days);
  const h = holidayIntensity(day.date);
  const fraudShift = ctx.index - ctx.liveIndex >= FRAUD_SHIFT_AFTER_DAYS;
  const rainy = day.precipitationMm > 0.5;
  const data = emptyWindow(ECOMMERCE_KEYS);
  const end = ctx.start + ctx.windowMs;
  const times = spreadTimestamps(ctx.start, ctx.windowMs, rows, r.next);
  const later = (t: number, ms: number) => iso(Math.min(end - 1, t + ms));
  const categoryWeights = [18 + 25 * h, 8 + 25 * h, 24, 20, 12, 18];
  const contradictRate = 0.08 + 0.2 * h;

  for (let i = 0; i < rows; i += 1) {
    const t = times[i]!;
    const ts = iso(t);
    const id = (key: string) => `${key}-${ctx.start}-${i}`;

    // Demand forecast per (product category, region): holiday season first, weather a little.
    const category = r.pick(CATEGORIES, categoryWeights);
    const sessions = Math.max(5, r.gauss(120, 25) * (1 + 1.2 * h) * (rainy ? 1.05 : 1));
    const promo = r.chance(0.1 + 0.5 * h) ? "yes" : "no";
    const temp = day.tempMaxC + r.gauss(0, 6); // customers across the region
    const rainToday = r.chance(rainy ? 0.75 : 0.25) ? "yes" : "no";
    const units = BASE_UNITS[category] * (1 + 0.9 * h) * (promo === "yes" ? 1.15 : 1) * (1 + 0.0015 * (sessions - 120)) * (rainToday === "yes" ? 1.05 : 1) * Math.exp(r.gauss(0, 0.35));
    data.predictions.demand_forecast!.push({
      id: id("demand_forecast"), timestamp: ts, score: round(units, 2),
      features: { category, sessions_per_min: round(sessions, 1), promo_active: promo, temp_c: round(temp, 1), rain_today: rainToday },
    });

    // Dynamic pricing: high forecast demand and thin inventory raise prices; competitors discount in the season.
    const competitor = r.gauss(1 - 0.05 * h, 0.05);
    const inventory = Math.max(1, r.gauss(30, 8) * (1 - 0.4 * h));
    const price = clamp(1 + 0.0025 * (units - 60) - 0.004 * (inventory - 30) + 0.5 * (competitor - 1) + r.gauss(0, 0.03), 0.7, 1.6);
    data.predictions.dynamic_pricing!.push({
      id: id("dynamic_pricing"), timestamp: ts, score: round(price, 4),
      features: { forecast_units: round(units, 2), competitor_price_index: round(competitor, 4), inventory_days: round(inventory, 1) },
    });

    // Recommendations: the predicted rating (1–5) of the top recommended item.
    const giftShopper = r.chance(0.4 * h);
    const tenure = Math.exp(giftShopper ? r.gauss(2, 1) : r.gauss(5, 1));
    const itemsViewed = r.poisson(6 + 4 * h);
    const device = r.pick(DEVICES, [40, 35 + 30 * h, 25]);
    const rating = clamp(3.9 - 1.5 * (price - 1) + 0.08 * (Math.log(tenure) - 5) + 0.03 * (itemsViewed - 6) + r.gauss(0, 0.35), 1, 5);
    data.predictions.recommendations!.push({
      id: id("recommendations"), timestamp: ts, score: round(rating, 3),
      features: { price_multiplier: round(price, 4), user_tenure_days: round(tenure, 1), items_viewed: itemsViewed, device },
    });
    if (r.chance(0.3)) {
      const contradicts = r.chance(giftShopper ? contradictRate * 2 : contradictRate);
      const given = contradicts ? (rating >= 3 ? 1 : 5) : clamp(Math.round(rating + r.gauss(0, 0.5)), 1, 5);
      data.feedback.recommendations!.push({
        predictionId: id("recommendations"), timestamp: later(t, 2000), value: given,
        ...(contradicts ? { comment: given === 1 ? "Not relevant at all: I was buying a gift" : "Loved it, much better than expected" } : {}),
      });
    }

    addFraudRow({ r, data, id, ts, closes: later(t, 1000), fraudShift });
  }

  addKpis({ r, data, ctx, days, h });
  return data;
}

type Random = ReturnType<typeof createRandom>;

/** A payment scored by the fraud model, and its chargeback label (most known when the window closes, the rest a window later). */
function addFraudRow(args: { r: Random; data: WindowData; id: (key: string) => string; ts: string; closes: string; fraudShift: boolean }): void {
  const { r, data, id, ts, closes, fraudShift } = args;
  // Fraud detection: a fixed model trained on the old pattern (big, foreign, card-not-present).
  const fraud = r.chance(fraudShift ? 0.2 : 0.12);
  let amount: number;
  let age: number;
  let cardPresent: boolean;
  let mismatch: boolean;
  let txns: number;
  if (!fraud) {
    amount = Math.exp(r.gauss(Math.log(60), 0.8));
    age = Math.exp(r.gauss(6, 1));
    cardPresent = r.chance(0.6);
    mismatch = r.chance(0.03);
    txns = r.poisson(1);
  } else if (!fraudShift) {
    amount = Math.exp(r.gauss(Math.log(400), 0.7));
    age = Math.exp(r.gauss(4, 1.2));
    cardPresent = r.chance(0.1);
    mismatch = r.chance(0.55);
    txns = r.poisson(2);
  } else {
    // Card testing: many small card-not-present payments from domestic, older accounts.
    amount = Math.exp(r.gauss(Math.log(12), 0.6));
    age = Math.exp(r.gauss(5.5, 1));
    cardPresent = r.chance(0.05);
    mismatch = r.chance(0.05);
    txns = r.poisson(9);
  }
  const fraudLogit = -3.2 + 1.1 * (Math.log(amount) - Math.log(60)) + 2.4 * (mismatch ? 1 : 0) + 1.2 * (cardPresent ? 0 : 1) - 0.35 * (Math.log(age) - 6) + 0.12 * (txns - 1);
  data.predictions.fraud_detection!.push({
    id: id("fraud_detection"), timestamp: ts, score: round(sigmoid(fraudLogit), 4),
    features: { amount_usd: round(amount, 2), account_age_days: round(age, 1), card_present: cardPresent ? "yes" : "no", country_mismatch: mismatch ? "yes" : "no", txn_last_hour: txns },
  });
  // Chargebacks: most are known when the window closes, the rest a window later.
  (r.chance(0.6) ? data.labels : data.lateLabels).fraud_detection!.push({ predictionId: id("fraud_detection"), timestamp: closes, value: fraud ? 1 : 0 });
}

function addKpis(args: { r: Random; data: WindowData; ctx: WindowContext; days: readonly WeatherDay[]; h: number }): void {
  const { r, data, ctx, days, h } = args;
  // KPIs from the shop's analytics, three points per window. Clicks react to the season through the
  // pipeline (forecast → pricing → recommendations), two days after the demand does: the CTR alert
  // then joins the holiday incident that demand forecasting started instead of opening its own.
  const hClicks = holidayIntensity(dayOf({ index: ctx.index - 2, liveIndex: ctx.liveIndex }, days).date);
  for (let k = 0; k < 3; k += 1) {
    const at = iso(ctx.start + Math.floor(((k + 0.5) * ctx.windowMs) / 3));
    data.metrics.recommendations!.push({ name: "ctr", timestamp: at, value: round(clamp(0.145 - 0.07 * hClicks + r.gauss(0, 0.004), 0, 1), 4) });
    data.metrics.dynamic_pricing!.push({ name: "conversion_rate", timestamp: at, value: round(clamp(0.032 + 0.012 * h + r.gauss(0, 0.002), 0, 1), 4) });
  }
}
