import { execSync } from "node:child_process";
import fs from "node:fs";

// `npm test` builds first; this covers running a project or a file on its own. The compiled
// server is remade every time (about a second), so it never runs older code than the sources.
export default function setup() {
  if (process.env.BUILD_DIR) {
    if (!fs.existsSync(`${process.env.BUILD_DIR}/index.js`)) execSync("npx remix build", { stdio: "inherit" });
  } else if (!fs.existsSync("build/index.js")) {
    execSync("npm run build", { stdio: "inherit" });
  } else {
    execSync("node scripts/build-server.mjs", { stdio: "inherit" });
  }
}
