import { execSync } from "node:child_process";
import fs from "node:fs";

// `npm test` builds first; this covers running the e2e project on its own.
export default function setup() {
  const serverBuild = process.env.BUILD_DIR ? `${process.env.BUILD_DIR}/index.js` : "build/index.js";
  if (!fs.existsSync(serverBuild)) execSync("npx remix build", { stdio: "inherit" });
}
