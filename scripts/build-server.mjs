// Compiles server.ts and what it imports from app/ and db/ into build/server.js, the file
// `npm start` runs (packages stay external). `npm run build` runs it after remix build; the test
// set-up runs it before every test run, since it takes about a second and keeps the server's
// own code (the resident endpoint, limits, guards) as fresh as the sources.
import { build } from "esbuild";

await build({
  entryPoints: ["server.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  target: "node20",
  logLevel: "warning",
  outfile: "build/server.js",
});
