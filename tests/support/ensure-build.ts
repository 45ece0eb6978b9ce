import { execSync } from "node:child_process";
import fs from "node:fs";

// `npm test` builds first; this covers running the e2e project on its own.
export default function setup() {
  if (process.env.BUILD_DIR) {
    if (!fs.existsSync(`${process.env.BUILD_DIR}/index.js`)) execSync("npx remix build", { stdio: "inherit" });
  } else if (!fs.existsSync("build/index.js") || !fs.existsSync("build/server.js")) {
    execSync("npm run build", { stdio: "inherit" });
  }
}
