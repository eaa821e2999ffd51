// Production entry point (`npm start`): validate the environment, migrate the database, serve the
// built Remix app, run the webhook inbox worker in-process, and shut down cleanly on SIGTERM/SIGINT.
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { EnvError, parseEnv } from "../config/env.server";
import { databaseConfigFromEnv, DatabaseConfigError, describeDatabase } from "../db/config";
import { migrate } from "../db/migrate";
import { logger } from "../lib/logger";
import { boundedRemixHandler } from "./bounded-remix";

/** How long an idle kept-alive connection stays open: longer than proxies' usual 60 s. */
const KEEP_ALIVE_MS = 65_000;
const log = logger("tally");

async function main() {
  process.env.NODE_ENV ??= "production";
  const env = parseEnv(process.env);
  const dbConfig = databaseConfigFromEnv();
  const migration = await migrate(dbConfig);
  log.info(`database: ${describeDatabase(dbConfig)} (${migration.applied.length} migration(s) applied)`);

  const buildDir = path.resolve(process.env.TALLY_BUILD_DIR || "build");
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  const { noteRequest } = build.entry.module as { noteRequest?: () => void };
  const app = express();
  app.disable("x-powered-by");
  // Requests coming in make the in-process worker keep to its share of time (TALLY_WORKER_DUTY).
  if (noteRequest)
    app.use((_req, _res, next) => {
      noteRequest();
      next();
    });
  // Remix reads the URL itself: Express need not parse every query string.
  app.set("query parser", false);
  // Pages and assets are compressed. Webhook acknowledgements (no body) and the storefront API
  // (small JSON to Shopify's app proxy, which compresses for the shopper) skip the middleware
  // altogether: it cost more CPU than anything else on those paths.
  const compress = compression();
  const uncompressed = /^\/(webhooks|proxy)\//;
  app.use((req, res, next) => (uncompressed.test(req.path) ? next() : compress(req, res, next)));
  app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  // Other built files (favicon…) have an extension; routes do not, and skip the file lookup.
  const otherFiles = express.static(path.join(buildDir, "client"), { maxAge: "1h" });
  app.use((req, res, next) => (path.extname(req.path) ? otherFiles(req, res, next) : next()));
  // Request bodies are bounded by route and read while counting (413 past the limit).
  app.all("*", boundedRemixHandler(build));

  const server = app.listen(env.port, env.host, () => {
    log.info(`listening on http://${env.host}:${env.port} (app url ${env.appUrl})`);
  });
  // Node closes an idle kept-alive connection after 5 s. A proxy in front (a load balancer, nginx)
  // keeps its connections to the app for 60 s and may send a request on one just as Node closes it:
  // that request fails (a 502 to Shopify). The app must keep them longer than any proxy does.
  server.keepAliveTimeout = KEEP_ALIVE_MS;

  // Background jobs live in the server build's entry module so they share its database client.
  const { startBackgroundJobs } = build.entry.module as {
    startBackgroundJobs?: () => Promise<() => Promise<void>>;
  };
  const stopJobs = env.worker && startBackgroundJobs ? await startBackgroundJobs() : async () => undefined;

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: shutting down`);
    server.close();
    server.closeAllConnections?.();
    void stopJobs().finally(() => process.exit(0));
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof DatabaseConfigError) {
    log.error(error.message);
  } else {
    log.error("failed to start", error);
  }
  process.exit(1);
});
