// pretest: the browser tests drive Debian's Chromium. Install it (and CJK fonts, so
// Chinese renders in screenshots) when missing and we are root; otherwise say how.
import { execSync } from "node:child_process";
import fs from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
const CJK_FONT_DIR = "/usr/share/fonts/opentype/noto";
const missing = [];
if (!fs.existsSync(CHROMIUM)) missing.push("chromium");
if (!fs.existsSync(CJK_FONT_DIR) || !fs.readdirSync(CJK_FONT_DIR).some((f) => f.includes("CJK"))) missing.push("fonts-noto-cjk");
if (missing.length === 0) process.exit(0);

const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing.join(" ")}`;
if (process.getuid?.() !== 0) {
  console.error(`浏览器测试需要 ${missing.join("、")}。请以 root 运行：\n  sudo sh -c '${command}'\n然后重新运行 npm test。`);
  process.exit(1);
}
console.log(`正在安装 ${missing.join("、")}（浏览器测试需要）…`);
execSync(command, { stdio: "inherit", shell: "/bin/sh" });
if (!fs.existsSync(CHROMIUM)) {
  console.error(`安装后仍找不到 ${CHROMIUM}。`);
  process.exit(1);
}
