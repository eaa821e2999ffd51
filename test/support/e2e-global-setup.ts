// Builds the app once for the e2e project (the same build as `npm run build` for production).
import { buildApp } from "./build-app";

export default function setup() {
  if (process.env.TALLY_E2E_SKIP_BUILD === "1") return;
  const started = Date.now();
  buildApp();
  console.log(`[e2e] built the app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
