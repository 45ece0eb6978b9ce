import crypto from "node:crypto";

let lastMs = 0;
let counter = 0;

/**
 * Time-ordered ids in the UUIDv7 layout: 48-bit milliseconds, a 12-bit counter that keeps ids
 * made in the same millisecond in order (RFC 9562, method 1), then random bits. Ordered ids
 * keep B-tree inserts local on SQLite and PostgreSQL, and list things in the order they were
 * made. The random part comes from crypto.randomUUID (Node's entropy cache): several times
 * cheaper than a fresh random fill per id on the submission path.
 */
export function newId(): string {
  const random = crypto.randomUUID();
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    counter++;
    if (counter > 0xfff) {
      ms = ++lastMs;
      counter = 0;
    }
  } else {
    counter = Number.parseInt(random.slice(15, 18), 16) & 0x7ff; // leaves room to count up
  }
  lastMs = ms;
  const time = ms.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${counter.toString(16).padStart(3, "0")}-${random.slice(19, 23)}-${random.slice(24)}`;
}
