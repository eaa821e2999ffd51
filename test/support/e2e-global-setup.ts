// Builds the app once for the e2e project (the same `remix vite:build` as production).
import { execFileSync } from "node:child_process";
import path from "node:path";

export default function setup() {
  if (process.env.TALLY_E2E_SKIP_BUILD === "1") return;
  const started = Date.now();
  execFileSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, NODE_ENV: "production" },
  });
  console.log(`[e2e] built the app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
