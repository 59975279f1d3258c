// 32-bit hashes for sketches: MurmurHash3 (x86_32, Appleby) of a string's UTF-16 code units and
// of a float64's bit pattern. Not cryptographic (the keyed hash of PII values is an HMAC, done in
// the ingestion service); used to spread values uniformly over HyperLogLog registers.
// Pure: no I/O, no clock.

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function mixBlock(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3 of a string, two UTF-16 code units per 32-bit block. */
export function hashString(value: string, seed = 0): number {
  let h = seed | 0;
  const n = value.length;
  let i = 0;
  for (; i + 1 < n; i += 2) h = mixBlock(h, value.charCodeAt(i) | (value.charCodeAt(i + 1) << 16));
  if (i < n) {
    let k = value.charCodeAt(i);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  return fmix(h ^ (n * 2));
}

const scratch = new DataView(new ArrayBuffer(8));

/** MurmurHash3 of a number's float64 bits (−0 hashes as 0). */
export function hashNumber(value: number, seed = 0): number {
  scratch.setFloat64(0, value === 0 ? 0 : value);
  let h = mixBlock(seed | 0, scratch.getInt32(0));
  h = mixBlock(h, scratch.getInt32(4));
  return fmix(h ^ 8);
}
