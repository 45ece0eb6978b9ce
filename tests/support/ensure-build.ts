import { execSync } from "node:child_process";
import fs from "node:fs";

// `npm test` builds first; this covers running the e2e project on its own.
export default function setup() {
  if (!fs.existsSync("build/index.js")) execSync("npx remix build", { stdio: "inherit" });
}
