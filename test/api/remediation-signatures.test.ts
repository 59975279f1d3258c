// The signed-request scheme: Tandem's signature equals Python's hmac over `${timestamp}.${body}`
// (test/fixtures/remediation/make-remediation-golden.py), and the example runner users copy
// (docs/examples/remediation-runner.mjs), over real HTTP, accepts a genuine delivery once and
// refuses a replay, a tampered body, a moved timestamp, an old request and a wrong secret.
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signBody, signedHeaders } from "../../api/src/services/remediation/sign-request.js";
// @ts-expect-error: a plain .mjs script without types
import { createRunner, TOLERANCE_SECONDS } from "../../docs/examples/remediation-runner.mjs";

const golden = JSON.parse(readFileSync(new URL("../fixtures/remediation/remediation-golden.json", import.meta.url), "utf8")).hmac;
const SECRET = "whsec_runner_0123456789abcdef";
let url: string;
const refused: string[] = [];
const handled: string[] = [];
let server: import("node:http").Server;

beforeAll(async () => {
  const handler = async (p: { deliveryId: string }) => {
    handled.push(p.deliveryId);
    return { status: "accepted", message: "ok" };
  };
  server = createRunner({ secret: SECRET, handlers: { ROLLBACK: handler }, onRefused: (r: string) => refused.push(r) });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const now = () => Math.floor(Date.now() / 1000);
const body = (deliveryId: string) => JSON.stringify({ event: "remediation.action", deliveryId, action: { id: "a", kind: "ROLLBACK", params: {} } });
async function send(b: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: "POST", headers, body: b });
  return { status: res.status, json: await res.json() };
}

describe("signed deliveries", () => {
  it("sign the exact bytes as Python's hmac does", () => {
    expect(signBody({ secret: golden.secret, body: golden.body, timestamp: golden.timestamp })).toBe(golden.signature);
  });

  it("the example runner accepts a genuine request once and refuses its replay", async () => {
    const b = body("a:1");
    const headers = signedHeaders({ secret: SECRET, body: b, timestamp: now(), deliveryId: "a:1" });
    expect(await send(b, headers)).toEqual({ status: 200, json: { status: "accepted", message: "ok" } });
    const replay = await send(b, headers);
    expect(replay.status).toBe(401);
    expect(replay.json.message).toMatch(/already received \(replay\)/);
    expect(handled).toEqual(["a:1"]);
  });

  it.each([
    ["a tampered body", (b: string, h: Record<string, string>) => ({ b: b.replace("ROLLBACK", "FALLBACK"), h }), /signature mismatch/],
    ["a timestamp moved to now (the signature was for another)", (b: string, h: Record<string, string>) => ({ b, h: { ...h, "x-tandem-timestamp": String(Number(h["x-tandem-timestamp"]) + 1) } }), /signature mismatch/],
    ["another delivery id in the header", (b: string, h: Record<string, string>) => ({ b, h: { ...h, "x-tandem-delivery": "zzz:9" } }), /does not match the signed body/],
    ["no signature", (b: string, h: Record<string, string>) => ({ b, h: { ...h, "x-tandem-signature": "" } }), /signature mismatch/],
  ])("refuses %s", async (_name, tamper, reason) => {
    const id = `t-${Math.random().toString(36).slice(2)}:1`;
    const b = body(id);
    const t = tamper(b, signedHeaders({ secret: SECRET, body: b, timestamp: now(), deliveryId: id }));
    const res = await send(t.b, t.h);
    expect(res.status).toBe(401);
    expect(res.json.message).toMatch(reason);
    expect(handled).not.toContain(id);
  });

  it("refuses an old request (beyond the tolerance) and a wrong secret", async () => {
    const old = body("old:1");
    const oldRes = await send(old, signedHeaders({ secret: SECRET, body: old, timestamp: now() - TOLERANCE_SECONDS - 5, deliveryId: "old:1" }));
    expect(oldRes.json.message).toMatch(/timestamp outside the tolerance/);
    const wrong = body("wrong:1");
    const wrongRes = await send(wrong, signedHeaders({ secret: "whsec_someone_else_000000", body: wrong, timestamp: now(), deliveryId: "wrong:1" }));
    expect(wrongRes.json.message).toMatch(/signature mismatch/);
    expect(refused.length).toBeGreaterThanOrEqual(6);
  });

  it("a retry whose first answer was lost (timeout) is answered from the runner's memory: the action runs once", async () => {
    let executed = 0;
    const slow = async () => {
      executed += 1;
      await new Promise((r) => setTimeout(r, 300));
      return { status: "accepted", message: "rolled back" };
    };
    const runner = createRunner({ secret: SECRET, handlers: { ROLLBACK: slow } });
    await new Promise<void>((r) => runner.listen(0, "127.0.0.1", r));
    const at = `http://127.0.0.1:${(runner.address() as AddressInfo).port}/`;
    try {
      const attempt = (n: number) => {
        const b = JSON.stringify({ event: "remediation.action", deliveryId: `act-7:${n}`, actionId: "act-7", attempt: n, action: { id: "act-7", kind: "ROLLBACK", params: {} } });
        return { b, h: signedHeaders({ secret: SECRET, body: b, timestamp: now(), deliveryId: `act-7:${n}`, actionId: "act-7" }) };
      };
      const first = attempt(1);
      await expect(fetch(at, { method: "POST", headers: first.h, body: first.b, signal: AbortSignal.timeout(50) })).rejects.toThrow();
      const second = attempt(2); // Tandem's retry: a new delivery id, the same action id
      const res2 = await fetch(at, { method: "POST", headers: second.h, body: second.b });
      expect({ status: res2.status, json: await res2.json() }).toEqual({ status: 200, json: { status: "accepted", message: "rolled back" } });
      const third = attempt(3);
      const res3 = await fetch(at, { method: "POST", headers: third.h, body: third.b });
      expect({ status: res3.status, json: await res3.json() }).toEqual({ status: 200, json: { status: "accepted", message: "rolled back" } });
      expect(executed).toBe(1);
      const forged = attempt(4); // the action header must match the signed body
      const res4 = await fetch(at, { method: "POST", headers: { ...forged.h, "x-tandem-action": "other" }, body: forged.b });
      expect(res4.status).toBe(401);
    } finally {
      await new Promise<void>((r) => runner.close(() => r()));
    }
  });

  it("Tandem's delivery sends the action id as a stable key beside the attempt's delivery id", () => {
    const h = signedHeaders({ secret: SECRET, body: "{}", timestamp: 1, deliveryId: "x:2", actionId: "x" });
    expect(h["x-tandem-action"]).toBe("x");
    expect(h["x-tandem-delivery"]).toBe("x:2");
  });
});
