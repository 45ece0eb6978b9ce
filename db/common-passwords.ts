// The shipped list of common passwords (db/reference/common-passwords.txt, source in
// db/reference/SOURCE.md), read once. The app's server bundle lives in build/, so the file is
// found from the working directory first (the project root for npm start, systemd and tests).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_PASSWORD } from "./demo-accounts";

/** Long passwords common in Chinese use that the English-language list lacks. Ours, not from the list. */
const LOCAL_ADDITIONS = [
  "1qaz2wsx3edc",
  "1qaz2wsx3edc4rfv",
  "qwertyuiop123",
  "qwer1234asdf",
  "asdfghjkl123",
  "zxcvbnm123456",
  "woaini1314",
  "woaini520520",
  "5201314520",
  "13145201314",
  "iloveyou1314",
  "qq123456789",
  "a123456789",
  "aa123456789",
  "abc123456789",
  "abcd12345678",
  "123456789a",
  "1234567890a",
  "0123456789",
  "12345678910",
  "123456789abc",
  "1234567890qwe",
  "password123",
  "password1234",
  "p@ssw0rd123",
  "admin123456",
  "admin@123456",
  "hangzhou123",
  "hangzhou2026",
  "zhongguo123",
  "88888888888",
  "11111111111",
  "66666666666",
];

let list: Set<string> | null = null;

function listFile(): string {
  const fromRoot = path.resolve("db/reference/common-passwords.txt");
  return fs.existsSync(fromRoot) ? fromRoot : fileURLToPath(new URL("./reference/common-passwords.txt", import.meta.url));
}

export function commonPasswords(): Set<string> {
  if (!list) {
    const lines = fs.readFileSync(listFile(), "utf8").split(/\r?\n/);
    list = new Set([...lines, ...LOCAL_ADDITIONS, DEMO_PASSWORD].map((p) => p.trim().toLowerCase()).filter(Boolean));
  }
  return list;
}

/** `password` in lower case. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
