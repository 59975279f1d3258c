// Real dated data for the e-commerce demo: Seattle's daily weather 2012–2015 from the
// `vega-datasets` npm package (its data file, read from disk: the demo imports no package code).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export interface WeatherDay {
  /** "YYYY-MM-DD" */
  date: string;
  precipitationMm: number;
  tempMaxC: number;
  tempMinC: number;
  windMps: number;
  weather: string;
}

/** Parses the dataset's CSV (date,precipitation,temp_max,temp_min,wind,weather). */
export function parseSeattleWeather(csv: string): WeatherDay[] {
  const lines = csv.trim().split(/\r?\n/);
  const header = lines[0]?.split(",") ?? [];
  const expected = ["date", "precipitation", "temp_max", "temp_min", "wind", "weather"];
  if (expected.some((name, i) => header[i] !== name)) throw new Error(`demo/seattle-weather: unexpected header "${lines[0]}"`);
  return lines.slice(1).map((line, i) => {
    const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(",");
    const day = { date: date!, precipitationMm: Number(precipitation), tempMaxC: Number(tempMax), tempMinC: Number(tempMin), windMps: Number(wind), weather: weather ?? "" };
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day.date) || [day.precipitationMm, day.tempMaxC, day.tempMinC, day.windMps].some((v) => !Number.isFinite(v))) {
      throw new Error(`demo/seattle-weather: line ${i + 2} is not a valid day: "${line}"`);
    }
    return day;
  });
}

/** Where the package's data folder is (the package exports only its code, so go from its entry). */
export function seattleWeatherPath(): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve("vega-datasets"));
  for (let i = 0; i < 4; i += 1) {
    const candidate = join(dir, "data", "seattle-weather.csv");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error("demo/seattle-weather: data/seattle-weather.csv not found in the vega-datasets package");
}

let cached: WeatherDay[] | undefined;
export function loadSeattleWeather(): WeatherDay[] {
  cached ??= parseSeattleWeather(readFileSync(seattleWeatherPath(), "utf8"));
  return cached;
}
