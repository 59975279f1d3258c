// The signed-request scheme of remediation deliveries, as pure string functions (the HMAC itself
// is computed by the caller: services/remediation/sign-request.ts and examples/remediation-runner.mjs).
// The signed message is `${timestamp}.${body}` (seconds since the epoch, a dot, the exact body), so a
// body cannot be replayed with a new timestamp and a timestamp cannot be moved to another body.

export const SIGNATURE_HEADER = "x-tandem-signature";
export const TIMESTAMP_HEADER = "x-tandem-timestamp";
export const DELIVERY_HEADER = "x-tandem-delivery";
/** The action's id: the same on every attempt, the key a runner executes each action once by. */
export const ACTION_HEADER = "x-tandem-action";
/** A runner refuses requests whose timestamp is further than this from its clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signedMessage(timestamp: number, body: string): string {
  if (!Number.isInteger(timestamp) || timestamp < 0) throw new Error(`analytics/remediation/signature: timestamp must be whole seconds, got ${timestamp}`);
  return `${timestamp}.${body}`;
}

export function signatureHeader(hexDigest: string): string {
  return `sha256=${hexDigest}`;
}
