// The demo's pure data generators: deterministic per window, the camera fault reaching one stage
// further downstream per window, the e-commerce calendar on real Seattle weather.
import { describe, expect, it } from "vitest";
import { createRandom, mixSeed } from "../../api/src/demo/random.js";
import { DRIVING_KEYS, drivingSpec, drivingWindow } from "../../api/src/demo/driving-system.js";
import { addDays, dayOf, ecommerceSpec, ecommerceWindow, FRAUD_SHIFT_AFTER_DAYS, holidayIntensity, LIVE_DATE } from "../../api/src/demo/ecommerce-system.js";
import { loadSeattleWeather, parseSeattleWeather } from "../../api/src/demo/seattle-weather.js";
import { describeClock, faultIndexOf, parseClock } from "../../api/src/demo/demo-runner.js";
import type { WindowContext } from "../../api/src/demo/demo-data.js";

const W = 30_000;
const ctx = (index: number, faultAge = -1): WindowContext => ({ start: Date.UTC(2026, 0, 5) + index * W, windowMs: W, index, liveIndex: 24, faultAge });
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe("random", () => {
  it("is deterministic per seed and differs between seeds", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
  });

  it("draws normals with the right moments (tolerance 0.05)", () => {
    const r = createRandom(7);
    const z = Array.from({ length: 20_000 }, () => r.normal());
    expect(Math.abs(mean(z))).toBeLessThan(0.05);
    expect(Math.abs(mean(z.map((x) => x * x)) - 1)).toBeLessThan(0.05);
  });
});

describe("the driving stack", () => {
  it("registers seven models and six weighted, named dependencies", () => {
    const spec = drivingSpec();
    expect(spec.models.map((m) => m.key)).toEqual([...DRIVING_KEYS]);
    expect(spec.edges).toHaveLength(6);
    for (const e of spec.edges) expect(spec.models.find((m) => m.key === e.to)!.features.map((f) => f.name)).toContain(e.feature);
    expect(spec.models[0]!.features).toContainEqual({ name: "weather", kind: "CATEGORICAL" });
  });

  it("is deterministic for a window", () => {
    expect(drivingWindow(ctx(3), 50)).toEqual(drivingWindow(ctx(3), 50));
    expect(drivingWindow(ctx(4), 50).predictions.camera_perception).not.toEqual(drivingWindow(ctx(3), 50).predictions.camera_perception);
  });

  it("sends every model a row per frame, inside the window, with labels for perception (fusion's a window late)", () => {
    const w = drivingWindow(ctx(0), 80);
    for (const key of DRIVING_KEYS) {
      expect(w.predictions[key]).toHaveLength(80);
      for (const p of w.predictions[key]!) {
        const t = Date.parse(p.timestamp);
        expect(t).toBeGreaterThanOrEqual(ctx(0).start);
        expect(t).toBeLessThan(ctx(0).start + W);
        expect(Object.keys(p.features).sort()).toEqual(drivingSpec().models.find((m) => m.key === key)!.features.map((f) => f.name).sort());
      }
    }
    expect(w.labels.camera_perception).toHaveLength(80);
    expect(w.lateLabels.sensor_fusion).toHaveLength(80);
  });

  it("each model's input is its parent's output (the same frame, before the fault)", () => {
    const w = drivingWindow(ctx(0), 20);
    w.predictions.sensor_fusion!.forEach((p, i) => expect(p.features.camera_confidence).toBe(w.predictions.camera_perception![i]!.score));
    w.predictions.control!.forEach((p, i) => expect(p.features.target_speed_kph).toBe(w.predictions.planning![i]!.score));
  });

  it.each([0, 1, 5])("%i windows into the fault, every model below the camera has changed (an online pipeline), lidar has not", (k) => {
    const faulty = drivingWindow(ctx(30 + k, k), 60);
    const clean = drivingWindow(ctx(30 + k), 60);
    for (const key of DRIVING_KEYS) {
      const changed = JSON.stringify(faulty.predictions[key]) !== JSON.stringify(clean.predictions[key]);
      expect(changed, key).toBe(key !== "lidar_perception");
    }
  });

  it("the dirty lens darkens and blurs the frames and drops the camera's accuracy", () => {
    const clean = drivingWindow(ctx(40), 300);
    const dirty = drivingWindow(ctx(40, 10), 300);
    const feature = (w: typeof clean, name: string) => w.predictions.camera_perception!.map((p) => p.features[name] as number);
    expect(mean(feature(dirty, "brightness"))).toBeLessThan(mean(feature(clean, "brightness")) - 50);
    expect(mean(feature(dirty, "blur"))).toBeGreaterThan(mean(feature(clean, "blur")) + 0.3);
    const accuracy = (w: typeof clean) => mean(w.predictions.camera_perception!.map((p, i) => Number((p.score! >= 0.5 ? 1 : 0) === w.labels.camera_perception![i]!.value)));
    expect(accuracy(clean)).toBeGreaterThan(0.9);
    expect(accuracy(dirty)).toBeLessThan(0.75);
  });
});

describe("the e-commerce system", () => {
  const days = loadSeattleWeather();

  it("reads Seattle's daily weather 2012–2015 from vega-datasets", () => {
    expect(days).toHaveLength(1461);
    expect(days[0]).toEqual({ date: "2012-01-01", precipitationMm: 0, tempMaxC: 12.8, tempMinC: 5, windMps: 4.7, weather: "drizzle" });
    expect(() => parseSeattleWeather("a,b\n1,2")).toThrow(/demo\/seattle-weather: unexpected header/);
  });

  it("maps windows onto consecutive real days, the live stream starting on 2015-11-20", () => {
    expect(dayOf({ index: 24, liveIndex: 24 }, days).date).toBe(LIVE_DATE);
    expect(dayOf({ index: 31, liveIndex: 24 }, days).date).toBe("2015-11-27");
    expect(dayOf({ index: 0, liveIndex: 24 }, days).date).toBe("2015-10-27");
    expect(dayOf({ index: 24 + 42, liveIndex: 24 }, days).date).toBe("2012-01-01"); // past the series: wraps around
    expect(addDays("2015-12-31", 1)).toBe("2016-01-01");
  });

  it.each([
    ["2015-11-20", 0],
    ["2015-11-27", 1],
    ["2015-11-30", 1],
    ["2015-12-05", 0.6],
    ["2015-12-20", 0.85],
    ["2015-12-25", 0.4],
    ["2015-07-04", 0],
  ])("holiday intensity on %s is %d", (date, h) => {
    expect(holidayIntensity(date)).toBe(h);
  });

  it("has a ctr rule and a KPI that sags below it two days after Black Friday", () => {
    expect(ecommerceSpec().rules).toEqual([{ model: "recommendations", metric: "ctr", operator: "<", threshold: 0.1 }]);
    const ctr = (index: number) => mean(ecommerceWindow(ctx(index), 50, days).metrics.recommendations!.map((m) => m.value));
    expect(ctr(24)).toBeGreaterThan(0.13);
    expect(ctr(31)).toBeGreaterThan(0.1); // Black Friday: demand moves first…
    expect(ctr(33)).toBeLessThan(0.1); // …clicks two days later (through pricing and recommendations)
  });

  it("is deterministic, and its users sometimes rate recommendations starkly against the prediction", () => {
    const w = ecommerceWindow(ctx(24), 300, days);
    expect(ecommerceWindow(ctx(24), 300, days)).toEqual(w);
    const predicted = new Map(w.predictions.recommendations!.map((p) => [p.id, p.score!]));
    expect(w.feedback.recommendations!.length).toBeGreaterThan(50);
    const stark = w.feedback.recommendations!.filter((f) => Math.abs(f.value! - predicted.get(f.predictionId)!) >= 2);
    expect(stark.length).toBeGreaterThan(3);
  });

  it("the holiday season drifts demand; from December fraud turns into small card-testing payments", () => {
    const units = (index: number) => mean(ecommerceWindow(ctx(index), 300, days).predictions.demand_forecast!.map((p) => p.score!));
    expect(units(31)).toBeGreaterThan(1.5 * units(24));
    const fraudAmounts = (index: number) => {
      const w = ecommerceWindow(ctx(index), 400, days);
      const labels = new Map([...w.labels.fraud_detection!, ...w.lateLabels.fraud_detection!].map((l) => [l.predictionId, l.value]));
      return w.predictions.fraud_detection!.filter((p) => labels.get(p.id) === 1).map((p) => p.features.amount_usd as number);
    };
    expect(mean(fraudAmounts(24))).toBeGreaterThan(200);
    expect(mean(fraudAmounts(24 + FRAUD_SHIFT_AFTER_DAYS))).toBeLessThan(30);
  });
});

describe("the demo clock", () => {
  it("round-trips through the system description and places the fault", () => {
    const clock = { anchor: Date.UTC(2026, 0, 5, 10), historyWindows: 24, faultAfterSeconds: 120 };
    expect(parseClock(`An online shop. ${describeClock(clock)}`)).toEqual(clock);
    expect(parseClock("no clock here")).toBeNull();
    expect(faultIndexOf(clock, 30)).toBe(28);
    expect(faultIndexOf({ ...clock, faultAfterSeconds: 100 }, 30)).toBe(28);
  });
});
