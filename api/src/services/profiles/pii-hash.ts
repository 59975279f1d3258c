// The keyed hash of a categorical PII value: HMAC-SHA256 with the system's secret, hex, prefixed so
// a hashed value is recognisable. Deterministic per system (counts, cardinality and drift still
// work), not reversible without the secret, and the secret never leaves the database and this
// process.
import { createHmac, randomBytes } from "node:crypto";

export const PII_HASH_PREFIX = "hmac:";
/** 16 bytes of the HMAC (128 bits) are kept: collisions are negligible for any category count. */
const KEPT_HEX = 32;

export function piiHash(secret: Buffer, value: string): string {
  return PII_HASH_PREFIX + createHmac("sha256", secret).update(value, "utf8").digest("hex").slice(0, KEPT_HEX);
}

export function newPiiSecret(): Buffer {
  return randomBytes(32);
}
