// Small, pure checks shared by the telemetry validators. Each returns a reason a person
// understands, prefixed by the field path, or the accepted value.

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

const MAX_SHOWN = 40;
export const MAX_STRING = 256;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-](\d{2}):?(\d{2}))$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Earliest accepted timestamp. */
const MIN_MS = Date.UTC(1970, 0, 1);
/** How far in the future a timestamp may be (clock skew), ms. */
export const MAX_FUTURE_MS = 24 * 3600 * 1000;

/**
 * Largest magnitude accepted for every ingested number: feature values, scores, label and feedback
 * values, metric values (probabilities are already in [0, 1]). |x| ≤ 1e15 (docs/ingestion.md).
 *
 * Large enough for any real quantity: money in cents up to ten trillion dollars, Unix timestamps in
 * milliseconds until the year 33658, counts of anything. Every integer up to it is exact in
 * float64 (2^53 ≈ 9.007e15). Small enough that no statistic can overflow: x² ≤ 1e30 fits even in
 * float32 (≈ 3.4e38, the autoencoder's precision), and a sum of squares of a billion values stays
 * ≤ 1e39, far below float64's 1.8e308. Finite but huge values (1.7e308) used to pass and made
 * every drift, health and performance computation of the model fail: one buggy client or INGEST
 * key could blind monitoring. The statistics in api/src/analytics are nevertheless written to stay
 * finite on any finite input (rows stored before this bound existed).
 */
export const MAX_ABS_VALUE = 1e15;
const MAX_ABS_SHOWN = "1e15";

/** `"NaN"`, `3`, `an object`, `null`… as shown in error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return `a Date`;
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return String(value).replace("e+", "e");
  const text = typeof value === "string" ? JSON.stringify(value) : String(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…" (${String(value).length} characters)` : text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Whether `value` is a number that may be stored: finite and |x| ≤ MAX_ABS_VALUE (the hot-path check). */
export function isStorableNumber(value: unknown): value is number {
  return typeof value === "number" && value <= MAX_ABS_VALUE && value >= -MAX_ABS_VALUE;
}

/** A finite number with |x| ≤ MAX_ABS_VALUE, or the reason it is not one. */
export function finiteNumber(path: string, value: unknown): Checked<number> {
  if (isStorableNumber(value)) return { ok: true, value };
  if (typeof value === "number" && Number.isFinite(value)) {
    return { ok: false, error: `${path}: expected a finite number with |x| ≤ ${MAX_ABS_SHOWN}, got ${describe(value)}` };
  }
  return { ok: false, error: `${path}: expected a finite number, got ${describe(value)}` };
}

/** null/undefined → null; else a finite number. */
export function optionalNumber(path: string, value: unknown): Checked<number | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  return finiteNumber(path, value);
}

/** Text PostgreSQL can store: no NUL character, no unpaired UTF-16 surrogate. */
export function storableText(value: string): boolean {
  return !value.includes("\u0000") && (value as string & { isWellFormed(): boolean }).isWellFormed();
}

export function textProblem(path: string, value: string): string {
  return value.includes("\u0000")
    ? `${path}: must not contain the NUL character (U+0000)`
    : `${path}: contains an unpaired UTF-16 surrogate (not valid Unicode text)`;
}

export function boundedString(path: string, value: unknown, max = MAX_STRING): Checked<string> {
  if (typeof value !== "string") return { ok: false, error: `${path}: expected a string, got ${describe(value)}` };
  if (value.length > max) return { ok: false, error: `${path}: expected at most ${max} characters, got ${value.length}` };
  if (!storableText(value)) return { ok: false, error: textProblem(path, value) };
  return { ok: true, value };
}

export function requiredId(path: string, value: unknown): Checked<string> {
  const s = boundedString(path, value);
  if (!s.ok) return s;
  if (s.value.length === 0) return { ok: false, error: `${path}: must not be empty` };
  return s;
}

/** null/undefined → null; else a string of at most `max` characters. */
export function optionalString(path: string, value: unknown, max = MAX_STRING): Checked<string | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  return boundedString(path, value, max);
}

/** An ISO-8601 date-time with a time zone (or a Date from the GraphQL scalar) → ISO string. */
export function timestamp(path: string, value: unknown, nowMs: number): Checked<string> {
  let ms: number;
  let text: string | undefined;
  if (value instanceof Date) {
    ms = value.getTime();
  } else if (typeof value === "string") {
    const m = ISO.exec(value);
    const bad = { ok: false as const, error: `${path}: expected an ISO-8601 date-time with a time zone such as "2026-01-05T10:00:00Z", got ${describe(value)}` };
    if (!m) return bad;
    const year = Number(m[1]);
    const [month, day, hour, minute, second] = [Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    if (month < 1 || month > 12 || day < 1 || day > (month === 2 && !leap ? 28 : DAYS[month - 1]!) || hour > 23 || minute > 59 || second > 59) return bad;
    const zone = m[8]!;
    const utc = zone === "Z" || zone === "z";
    if (!utc && (Number(m[9]) > 23 || Number(m[10]) > 59)) return bad;
    const fraction = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
    const offsetMinutes = utc ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
    ms = Date.UTC(year, month - 1, day, hour, minute, second) + fraction - offsetMinutes * 60_000;
    // Hot path: a canonical UTC timestamp goes to PostgreSQL as sent (keeping microseconds).
    if (zone === "Z" && value[10] === "T" && m[6] !== undefined) text = value;
  } else {
    return { ok: false, error: `${path}: expected an ISO-8601 date-time string, got ${describe(value)}` };
  }
  if (!Number.isFinite(ms) || ms < MIN_MS) return { ok: false, error: `${path}: must not be before 1970-01-01T00:00:00Z` };
  if (ms > nowMs + MAX_FUTURE_MS) {
    return { ok: false, error: `${path}: ${new Date(ms).toISOString()} is more than 24 hours in the future (server time ${new Date(nowMs).toISOString()})` };
  }
  return { ok: true, value: text ?? new Date(ms).toISOString() };
}

/** Reports fields of `obj` outside `allowed` (typos such as "scroe" must not be silently dropped). */
export function unknownFields(obj: Record<string, unknown>, allowed: ReadonlySet<string>): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) errors.push(`${key}: unknown field (expected ${[...allowed].join(", ")})`);
  }
  return errors;
}
