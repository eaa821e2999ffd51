// Builds the app as `npm run build` does: the Remix build (build/client, build/server) and the
// server's entry points compiled to JavaScript (build/bin: `npm start`, `npm run worker`).
import { execFileSync, type ExecFileSyncOptions } from "node:child_process";
import path from "node:path";

export function buildApp(root = process.cwd()) {
  const options: ExecFileSyncOptions = { cwd: root, stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, NODE_ENV: "production" } };
  execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], options);
  execFileSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--config", "vite.server.config.ts"], options);
}
