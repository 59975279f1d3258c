// Signs a delivery: HMAC-SHA256 with the policy's secret over `${timestamp}.${body}`
// (analytics/remediation/signature.ts), sent as headers with the delivery's id (new per attempt)
// and the action's id (the same on every attempt: the idempotency key). The example runner
// (examples/remediation-runner.mjs) checks the same and refuses old, replayed or altered requests.
import { createHmac, randomBytes } from "node:crypto";
import { ACTION_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeader, signedMessage } from "../../analytics/remediation/signature.js";

export function signBody(args: { secret: string; body: string; timestamp: number }): string {
  return signatureHeader(createHmac("sha256", args.secret).update(signedMessage(args.timestamp, args.body)).digest("hex"));
}

export function signedHeaders(args: { secret: string; body: string; timestamp: number; deliveryId: string; actionId?: string }): Record<string, string> {
  return {
    "content-type": "application/json",
    [TIMESTAMP_HEADER]: String(args.timestamp),
    [SIGNATURE_HEADER]: signBody(args),
    [DELIVERY_HEADER]: args.deliveryId,
    ...(args.actionId ? { [ACTION_HEADER]: args.actionId } : {}),
  };
}

/** A new policy secret: 32 random bytes, hex. */
export function newPolicySecret(): string {
  return `whsec_${randomBytes(32).toString("hex")}`;
}
