import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { appEnv } from "./config/env.server";
import { logger } from "./lib/logger";
import { dbHandle } from "./db.server";
import { startBackgroundJobs as startJobs } from "./services/jobs/background.server";
import type { AdminFor } from "./services/jobs/installed-shops.server";
import { reconciliationJob } from "./services/reconcile/reconcile-job.server";
import { redemptionSweepJob } from "./services/rewards/sweep-job.server";
import { dailyStatsJob } from "./services/stats/daily-stats.server";
import { customerSyncJob } from "./services/sync/customer-sync.server";
import { tierMaintenanceJob } from "./services/tiers/daily-job.server";
import { pointsDailyJob } from "./services/expiry/expiry-job.server";
import { birthdayJob } from "./services/birthday/birthday-job.server";
import { surpriseRunsJob } from "./services/surprise/surprise-run.server";
import { privacyRetentionJob } from "./services/compliance/retention.server";
import { addDocumentResponseHeaders, unauthenticated } from "./shopify.server";
import { fetchProductEarnInfo } from "./shopify/product-info.server";
import { createTopicHandlers } from "./services/webhooks/topic-handlers.server";

const log = logger("render");

export const streamTimeout = 5000;

// Shopify's CSP lets only Shopify admin frame the app, and App Bridge is preloaded from its CDN; in the demo and tests the stand-in's admin
// shell plays that part, so its origin is allowed too. Never in production (no stand-in URL).
function allowStandinAdminFraming(headers: Headers) {
  const standinUrl = appEnv().standinUrl;
  if (!standinUrl) return;
  const link = headers.get("Link");
  if (link) headers.set("Link", link.replace("https://cdn.shopify.com/shopifycloud/app-bridge.js", `${standinUrl}/app-bridge.js`));
  const csp = headers.get("Content-Security-Policy");
  if (!csp?.startsWith("frame-ancestors")) return;
  headers.set("Content-Security-Policy", csp.replace("frame-ancestors 'none'", "frame-ancestors").replace("frame-ancestors", `frame-ancestors ${new URL(standinUrl).origin}`));
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  addDocumentResponseHeaders(request, responseHeaders);
  allowStandinAdminFraming(responseHeaders);
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        log.error("rendering failed", error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}

// Called by app/server/start.ts for every request: the in-process worker keeps to its share of
// time while requests are coming in (this module's copy of work-priority is the one it reads).
export { noteRequest } from "./db/work-priority";

// Called once by app/server/start.ts after the server listens: the inbox worker and periodic jobs
// run in the same process (and database client) as the routes. Returns the function that stops them.
export async function startBackgroundJobs(): Promise<() => Promise<void>> {
  const handle = dbHandle();
  // The one way jobs and handlers reach a shop's Admin API: its offline session.
  const adminFor: AdminFor = async (shop) => (await unauthenticated.admin(shop)).admin;
  const handlers = createTopicHandlers({
    productInfo: async (shop, productIds) => fetchProductEarnInfo(await adminFor(shop), productIds),
  });
  const jobs = startJobs({
    db: handle.db,
    provider: handle.config.provider,
    handlers,
    workerDuty: appEnv().workerDuty,
    workerLoops: appEnv().workerLoops,
    jobs: [reconciliationJob(handle.db, adminFor), redemptionSweepJob(handle.db, adminFor), dailyStatsJob(handle.db), tierMaintenanceJob(handle.db), customerSyncJob(handle.db, adminFor), pointsDailyJob(handle.db), birthdayJob(handle.db, adminFor), surpriseRunsJob(handle.db), privacyRetentionJob(handle.db)],
  });
  return jobs.stop;
}
