// Too many failed authentication attempts from one client address. The code stays UNAUTHENTICATED
// (the client still has no valid key); the HTTP status is 429 and the HTTP layer sends
// `retryAfterSeconds` as Retry-After.
import { errorKind } from "./errors.js";

export class RateLimitedError extends errorKind("UNAUTHENTICATED", 429, "RateLimitedError") {
  constructor(readonly retryAfterSeconds: number) {
    super(`too many failed authentication attempts from this address; retry in ${retryAfterSeconds} s`);
  }
}
