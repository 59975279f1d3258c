#!/usr/bin/env node
// A Tandem remediation runner you can copy: no dependencies, Node 18+.
//
//   TANDEM_RUNNER_SECRET=whsec_… PORT=8787 node remediation-runner.mjs
//
// Tandem POSTs each remediation action (docs/remediation.md) as JSON with three headers:
//   x-tandem-timestamp  seconds since the epoch when it was signed
//   x-tandem-signature  sha256=<hex HMAC-SHA256 of `${timestamp}.${body}` with the policy's secret>
//   x-tandem-delivery   <action id>:<attempt>, also in the body as `deliveryId`
//   x-tandem-action     <action id>, the same on every attempt, also in the body as `actionId`
// Tandem delivers at least once: an attempt whose answer is lost (timeout, a Tandem process that
// died) is sent again with a new delivery id but the same action id. This runner executes each
// action id once and answers a repeat with its earlier answer (200, same body; a repeat that comes
// while the first is still running waits for it), for REMEMBER_SECONDS (7 days).
// This runner refuses (401) a request whose signature does not match (tampered body or headers),
// whose timestamp is more than 5 minutes from its clock (old or replayed later), or whose delivery
// id it has already seen (replayed within those 5 minutes). It answers {"status":"accepted"} or
// {"status":"failed","message":…}; Tandem then watches the next windows to see if the system
// recovered. Put what your system must do in HANDLERS; a long job can answer "accepted" at once and
// call back later with reportResult().
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { pathToFileURL } from "node:url";

export const TOLERANCE_SECONDS = 300;
/** How long an action's answer is remembered (a retry within it is answered, not executed again). */
export const REMEMBER_SECONDS = 7 * 24 * 3600;

/**
 * Checks one request. `seen` remembers delivery ids (id → expiry, seconds); pass the same Map to
 * every call. Returns { ok: true, payload } or { ok: false, reason }.
 */
export function verifyRequest({ secret, headers, body, nowSeconds = Math.floor(Date.now() / 1000), seen, toleranceSeconds = TOLERANCE_SECONDS }) {
  const timestamp = String(headers["x-tandem-timestamp"] ?? "");
  const signature = String(headers["x-tandem-signature"] ?? "");
  const delivery = String(headers["x-tandem-delivery"] ?? "");
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "missing or malformed x-tandem-timestamp" };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: "timestamp outside the tolerance (old or replayed request)" };
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature mismatch (tampered request or wrong secret)" };
  let payload;
  try {
    payload = JSON.parse(body);
  } catch {
    return { ok: false, reason: "body is not JSON" };
  }
  if (payload.deliveryId !== delivery) return { ok: false, reason: "x-tandem-delivery does not match the signed body" };
  const action = headers["x-tandem-action"];
  if (action !== undefined && String(action) !== String(payload.actionId ?? payload.action?.id)) return { ok: false, reason: "x-tandem-action does not match the signed body" };
  for (const [id, expires] of seen) if (expires < nowSeconds) seen.delete(id);
  if (seen.has(delivery)) return { ok: false, reason: `delivery ${delivery} already received (replay)` };
  seen.set(delivery, Number(timestamp) + toleranceSeconds);
  return { ok: true, payload };
}

/** What to do per action kind: return { status: "accepted" | "failed", message }. Edit these. */
export const HANDLERS = {
  ROLLBACK: async (p) => ({ status: "accepted", message: `rolling ${p.model.key} back from ${p.action.params.fromVersion} to ${p.action.params.toVersion}` }),
  FALLBACK: async (p) => ({ status: "accepted", message: `routing ${p.model.key} traffic to ${p.action.params.fallbackModelKey}` }),
  RETRAIN: async (p) => ({ status: "accepted", message: `retraining ${p.model.key} on batch ${p.action.params.batchId}` }),
  WEBHOOK: async () => ({ status: "accepted", message: "received" }),
  NOTIFY: async (p) => ({ status: "accepted", message: `notified about ${p.incident.id}` }),
};

/**
 * Tells Tandem later how an action ended (e.g. a retraining job that finished or crashed):
 * `reportRemediationResult` over GraphQL with an API key that may act on the system (ADMIN).
 * A failure fails the action and Tandem's chain moves on; a success is recorded (the next windows decide).
 */
export async function reportResult({ apiUrl, apiKey, actionId, succeeded, message = null }) {
  const res = await fetch(`${apiUrl}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({
      query: "mutation($a: ID!, $s: Boolean!, $m: String) { reportRemediationResult(actionId: $a, succeeded: $s, message: $m) { status } }",
      variables: { a: actionId, s: succeeded, m: message },
    }),
  });
  const body = await res.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data.reportRemediationResult.status;
}

/** A runner server: verifies every request, then calls `handlers[kind](payload)`. */
export function createRunner({ secret, handlers = HANDLERS, now = () => Math.floor(Date.now() / 1000), onRefused = () => undefined }) {
  const seen = new Map();
  const answers = new Map(); // action id → { answer: Promise<json>, expires } (the idempotency memory)
  const execute = async (payload) => {
    const handler = handlers[payload.action?.kind];
    if (!handler) return { status: "failed", message: `no handler for ${payload.action?.kind}` };
    try {
      return await handler(payload);
    } catch (error) {
      return { status: "failed", message: String(error?.message ?? error) };
    }
  };
  const once = (payload) => {
    const key = String(payload.actionId ?? payload.action?.id ?? payload.deliveryId);
    const nowSeconds = now();
    for (const [id, entry] of answers) if (entry.expires < nowSeconds) answers.delete(id);
    if (!answers.has(key)) answers.set(key, { answer: execute(payload), expires: nowSeconds + REMEMBER_SECONDS });
    return answers.get(key).answer;
  };
  return createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const checked = verifyRequest({ secret, headers: req.headers, body, nowSeconds: now(), seen });
      const answer = (code, json) => res.writeHead(code, { "content-type": "application/json" }).end(JSON.stringify(json));
      if (!checked.ok) {
        onRefused(checked.reason);
        return answer(401, { status: "failed", message: checked.reason });
      }
      answer(200, await once(checked.payload));
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const secret = process.env.TANDEM_RUNNER_SECRET;
  if (!secret) {
    console.error("set TANDEM_RUNNER_SECRET to the policy's secret (createRemediationPolicy returns it once)");
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 8787);
  createRunner({ secret, onRefused: (reason) => console.error(`refused: ${reason}`) }).listen(port, () => console.log(`remediation runner on http://localhost:${port}/`));
}
