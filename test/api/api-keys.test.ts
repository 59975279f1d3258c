// API keys (issue #11, point 6): listing without the secret, last use recorded without a write per
// request, revocation that takes effect at once, system-bound admins that see their system's keys
// alone, and wrong keys cached negatively and limited per client address (HTTP 429 + Retry-After),
// never locking out a valid key from the same address.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ApiKeyRepository } from "../../api/src/db/repositories/api-key-repository.js";
import { DEFAULT_FAILED_AUTH_RULE, isExpired, recordFailedAttempt, type FailedAuthState } from "../../api/src/services/api-key-rate-limit.js";
import { hashApiKey } from "../../api/src/services/api-key-service.js";
import { RateLimitedError } from "../../api/src/services/rate-limited-error.js";
import { UnauthenticatedError } from "../../api/src/services/errors.js";
import { seedSystem, startTestApp, type TestApp } from "../support/test-app.js";

describe("failed-attempt limit (pure)", () => {
  const rule = { maxFailures: 3, windowMs: 60_000 };
  const at = (windowStart: number, failures: number): FailedAuthState => ({ windowStart, failures });
  const cases: Array<{ name: string; state: FailedAuthState | undefined; now: number; expected: ReturnType<typeof recordFailedAttempt> }> = [
    { name: "first failure opens a window", state: undefined, now: 1_000, expected: { limited: false, state: at(1_000, 1) } },
    { name: "failures inside the window count up", state: at(1_000, 1), now: 30_000, expected: { limited: false, state: at(1_000, 2) } },
    { name: "the last allowed failure", state: at(1_000, 2), now: 60_999, expected: { limited: false, state: at(1_000, 3) } },
    { name: "past the limit: refused until the window closes", state: at(1_000, 3), now: 1_500, expected: { limited: true, state: at(1_000, 3), retryAfterSeconds: 60 } },
    { name: "retry-after rounds up", state: at(1_000, 3), now: 59_001, expected: { limited: true, state: at(1_000, 3), retryAfterSeconds: 2 } },
    { name: "retry-after is at least 1 s", state: at(1_000, 3), now: 60_999, expected: { limited: true, state: at(1_000, 3), retryAfterSeconds: 1 } },
    { name: "the window closes: a new one opens", state: at(1_000, 3), now: 61_000, expected: { limited: false, state: at(61_000, 1) } },
    { name: "a clock that went back opens a new window", state: at(1_000, 3), now: 500, expected: { limited: false, state: at(500, 1) } },
  ];
  for (const c of cases) {
    it(c.name, () => expect(recordFailedAttempt({ state: c.state, now: c.now, rule })).toEqual(c.expected));
  }

  it("defaults to 20 failures a minute; states expire with their window; bad rules are refused", () => {
    expect(DEFAULT_FAILED_AUTH_RULE).toEqual({ maxFailures: 20, windowMs: 60_000 });
    expect(isExpired({ state: at(0, 20), now: 59_999 })).toBe(false);
    expect(isExpired({ state: at(0, 20), now: 60_000 })).toBe(true);
    expect(() => recordFailedAttempt({ state: undefined, now: 0, rule: { maxFailures: 0, windowMs: 1 } })).toThrow(/api-key-rate-limit/);
  });
});

let app: TestApp;
/** Added to the real clock by the app's injected `now`. */
let offsetMs = 0;
let systemA: string;
let systemB: string;

const CREATE = `mutation($s: ID, $scopes: [ApiScope!]!, $l: String) { createApiKey(systemId: $s, scopes: $scopes, label: $l) { id key } }`;
const LIST = `{ apiKeys { id prefix scopes systemId label createdAt lastUsedAt revokedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id prefix revokedAt } }`;
const SYSTEMS = `{ systems { id } }`;
const MISSING_UUID = "00000000-0000-4000-8000-000000000000";

type Listed = { id: string; prefix: string; scopes: string[]; systemId: string | null; label: string | null; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

async function mint(systemId: string | null, scopes: string[], label: string | null = null, by?: string): Promise<{ id: string; key: string }> {
  const r = await app.gql(CREATE, { s: systemId, scopes, l: label }, by);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.createApiKey;
}

async function list(by?: string): Promise<Listed[]> {
  const r = await app.gql(LIST, {}, by);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.apiKeys;
}

function codeOf(r: { errors?: Array<{ extensions?: { code?: string } }> }): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}

beforeAll(async () => {
  app = await startTestApp({ now: () => new Date(Date.now() + offsetMs), multivariateDrift: false });
  systemA = (await seedSystem(app, "keys-a", [])).systemId;
  systemB = (await seedSystem(app, "keys-b", [])).systemId;
});

afterAll(async () => {
  await app?.services.apiKeys.authenticator.settled();
  await app?.close();
});

describe("apiKeys", () => {
  it("lists keys with their prefix and metadata, never the key or its hash", async () => {
    const created = await mint(systemA, ["READ", "INGEST"], "reader of A");
    const r = await app.gql(LIST);
    const text = JSON.stringify(r);
    expect(text).not.toContain(created.key);
    expect(text).not.toContain(hashApiKey(created.key));
    expect(text).not.toContain(hashApiKey(app.adminKey));
    const row = (r.data.apiKeys as Listed[]).find((k) => k.id === created.id)!;
    expect(row).toMatchObject({ scopes: ["READ", "INGEST"], systemId: systemA, label: "reader of A", lastUsedAt: null, revokedAt: null });
    expect(created.key.startsWith(row.prefix)).toBe(true);
    expect(row.prefix.length).toBeLessThan(created.key.length / 2);
    expect(Number.isNaN(Date.parse(row.createdAt))).toBe(false);
    // The bootstrap key is listed too.
    expect((r.data.apiKeys as Listed[]).some((k) => k.label === "bootstrap-admin" && k.scopes.includes("ADMIN"))).toBe(true);
  });

  it("needs ADMIN", async () => {
    const reader = await mint(null, ["READ"]);
    expect(codeOf(await app.gql(LIST, {}, reader.key))).toBe("FORBIDDEN");
    expect(codeOf(await app.gql(REVOKE, { id: reader.id }, reader.key))).toBe("FORBIDDEN");
  });

  it("records lastUsedAt on authentication, at most once a minute per key", async () => {
    const reader = await mint(null, ["READ"]);
    const before = Date.now() + offsetMs;
    expect((await app.gql(SYSTEMS, {}, reader.key)).errors).toBeUndefined();
    await app.services.apiKeys.authenticator.settled();
    const first = (await list()).find((k) => k.id === reader.id)!.lastUsedAt;
    expect(first).not.toBeNull();
    expect(Date.parse(first!)).toBeGreaterThanOrEqual(before - 1000);

    const touch = vi.spyOn(ApiKeyRepository.prototype, "touchLastUsed");
    try {
      for (let i = 0; i < 5; i++) expect((await app.gql(SYSTEMS, {}, reader.key)).errors).toBeUndefined();
      expect(touch.mock.calls.filter(([id]) => id === reader.id)).toHaveLength(0);
      offsetMs += 61_000;
      expect((await app.gql(SYSTEMS, {}, reader.key)).errors).toBeUndefined();
      await app.services.apiKeys.authenticator.settled();
      expect(touch.mock.calls.filter(([id]) => id === reader.id)).toHaveLength(1);
    } finally {
      touch.mockRestore();
    }
    const second = (await list()).find((k) => k.id === reader.id)!.lastUsedAt;
    expect(Date.parse(second!) - Date.parse(first!)).toBeGreaterThanOrEqual(60_000);
  });
});

describe("revokeApiKey", () => {
  it("refuses the key at once, even while it is cached, and is idempotent", async () => {
    const reader = await mint(null, ["READ"]);
    expect((await app.gql(SYSTEMS, {}, reader.key)).errors).toBeUndefined(); // now in the positive cache
    const r = await app.gql(REVOKE, { id: reader.id });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data.revokeApiKey.revokedAt).not.toBeNull();
    const denied = await app.gql(SYSTEMS, {}, reader.key);
    expect(codeOf(denied)).toBe("UNAUTHENTICATED");
    expect(denied.errors![0]!.message).toMatch(/invalid or revoked/);
    const again = await app.gql(REVOKE, { id: reader.id });
    expect(again.data.revokeApiKey.revokedAt).toBe(r.data.revokeApiKey.revokedAt);
    expect((await list()).find((k) => k.id === reader.id)!.revokedAt).toBe(r.data.revokeApiKey.revokedAt);
  });

  it("answers NOT_FOUND for unknown and malformed ids", async () => {
    for (const id of [MISSING_UUID, "not-a-uuid"]) {
      const r = await app.gql(REVOKE, { id });
      expect(codeOf(r)).toBe("NOT_FOUND");
      expect(r.errors![0]!.message).toBe(`API key '${id}' not found`);
    }
  });

  it("refuses to revoke the key making the request, with a clear message", async () => {
    const admin = await mint(null, ["ADMIN"]);
    const r = await app.gql(REVOKE, { id: admin.id }, admin.key);
    expect(codeOf(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0]!.message).toMatch(/key making the request.*another ADMIN key/);
    expect((await app.gql(SYSTEMS, {}, admin.key)).errors).toBeUndefined();
    // Another ADMIN key may revoke it.
    expect((await app.gql(REVOKE, { id: admin.id })).errors).toBeUndefined();
    expect(codeOf(await app.gql(SYSTEMS, {}, admin.key))).toBe("UNAUTHENTICATED");
  });
});

describe("a key bound to a system", () => {
  it("lists and revokes its system's keys alone; others' keys answer NOT_FOUND like unknown ids", async () => {
    const adminA = await mint(systemA, ["ADMIN"], "admin of A");
    const readerA = await mint(systemA, ["READ"], null, adminA.key);
    const readerB = await mint(systemB, ["READ"]);
    const globalReader = await mint(null, ["READ"]);

    const seen = await list(adminA.key);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.every((k) => k.systemId === systemA)).toBe(true);
    expect(seen.map((k) => k.id)).toEqual(expect.arrayContaining([adminA.id, readerA.id]));

    const unknown = await app.gql(REVOKE, { id: MISSING_UUID }, adminA.key);
    for (const id of [readerB.id, globalReader.id]) {
      const r = await app.gql(REVOKE, { id }, adminA.key);
      expect(codeOf(r)).toBe("NOT_FOUND");
      expect(r.errors![0]!.message).toBe(unknown.errors![0]!.message.replace(MISSING_UUID, id));
    }
    expect((await app.gql(SYSTEMS, {}, readerB.key)).errors).toBeUndefined();
    expect((await app.gql(SYSTEMS, {}, globalReader.key)).errors).toBeUndefined();

    expect((await app.gql(REVOKE, { id: readerA.id }, adminA.key)).errors).toBeUndefined();
    expect(codeOf(await app.gql(SYSTEMS, {}, readerA.key))).toBe("UNAUTHENTICATED");
  });
});

describe("wrong keys", () => {
  async function attempt(authorization: string, client?: string): Promise<unknown> {
    return app.services.apiKeys.authenticate(authorization, client).then(
      (principal) => principal,
      (error: unknown) => error,
    );
  }

  it("are limited per client address after 20 failures a minute, without locking out valid keys", async () => {
    const reader = await mint(null, ["READ"]);
    for (let i = 0; i < 20; i++) {
      const e = await attempt(i % 2 === 0 ? "Bearer wrong" : `Bearer wrong-${i}`, "10.0.0.1");
      expect(e).toBeInstanceOf(UnauthenticatedError);
      expect((e as UnauthenticatedError).httpStatus).toBe(401);
    }
    const limited = await attempt("Bearer wrong", "10.0.0.1");
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ code: "UNAUTHENTICATED", httpStatus: 429 });
    const retryAfter = (limited as RateLimitedError).retryAfterSeconds;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((limited as Error).message).toMatch(/too many failed authentication attempts.*retry in \d+ s/);
    expect(await attempt("Bearer another-wrong-key", "10.0.0.1")).toBeInstanceOf(RateLimitedError);

    // Another address is unaffected; a valid key from the limited address still works.
    const other = await attempt("Bearer wrong", "10.0.0.2");
    expect(other).toBeInstanceOf(UnauthenticatedError);
    expect(other).not.toBeInstanceOf(RateLimitedError);
    expect(await attempt(`Bearer ${reader.key}`, "10.0.0.1")).toMatchObject({ keyId: reader.id });
    expect(await attempt(`Bearer ${app.adminKey}`, "10.0.0.1")).toMatchObject({ systemId: null });

    // Once the window has passed, the address may try again.
    offsetMs += 61_000;
    const later = await attempt("Bearer wrong", "10.0.0.1");
    expect(later).toBeInstanceOf(UnauthenticatedError);
    expect(later).not.toBeInstanceOf(RateLimitedError);
  });

  it("are not looked up again for a short time (negative cache)", async () => {
    const lookups = vi.spyOn(ApiKeyRepository.prototype, "activeByHash");
    try {
      const wrong = `Bearer never-issued-${Date.now()}`;
      for (let i = 0; i < 5; i++) expect(await attempt(wrong, `10.0.1.${i}`)).toBeInstanceOf(UnauthenticatedError);
      expect(lookups).toHaveBeenCalledTimes(1);
      offsetMs += 6_000; // past the negative cache's 5 s
      expect(await attempt(wrong)).toBeInstanceOf(UnauthenticatedError);
      expect(lookups).toHaveBeenCalledTimes(2);
    } finally {
      lookups.mockRestore();
    }
  });

  it("over GraphQL answer UNAUTHENTICATED without a stack trace", async () => {
    const r = await app.gql(SYSTEMS, {}, "not-a-key");
    expect(codeOf(r)).toBe("UNAUTHENTICATED");
    expect(JSON.stringify(r)).not.toMatch(/\bat .*\.ts:\d+/);
  });
});
