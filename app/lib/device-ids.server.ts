// Device ids for open-link answers, issued and signed by the server (issue 16.2): a random
// part and its HMAC under a key derived from the household-code pepper, the secret every
// install already keeps outside the database (db/household-code-pepper.ts). A device id the
// client made up, or one signed under another pepper, is refused (400): the page then asks
// for a new one and submits again, the answers untouched.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { readPepper } from "../../db/household-code-pepper";

const RANDOM_BYTES = 16;
const SIGNATURE_BYTES = 16;
/** base64url lengths of the two parts: 22 + 22 characters. */
const RANDOM_CHARS = 22;
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9_-]{44}$/;
export const DEVICE_ID_HEADER = "X-Device-Id";

function signature(random: string, pepper: string): Buffer {
  const key = createHmac("sha256", pepper).update("device-id:v1").digest();
  return createHmac("sha256", key).update(random).digest().subarray(0, SIGNATURE_BYTES);
}

export function issueDeviceId(pepper: string = readPepper()): string {
  const random = randomBytes(RANDOM_BYTES).toString("base64url");
  return random + signature(random, pepper).toString("base64url");
}

export function isIssuedDeviceId(id: unknown, pepper: string = readPepper()): boolean {
  if (typeof id !== "string" || !DEVICE_ID_PATTERN.test(id)) return false;
  const sent = Buffer.from(id.slice(RANDOM_CHARS), "base64url");
  const expected = signature(id.slice(0, RANDOM_CHARS), pepper);
  return sent.length === expected.length && timingSafeEqual(sent, expected);
}

export const DEVICE_ID_REFUSAL = {
  ok: false,
  status: 400,
  code: "device_invalid",
  message: "无法识别本设备（设备编号无效或已过期），请刷新页面后再提交；您填写的内容已保存在本机。",
} as const;
