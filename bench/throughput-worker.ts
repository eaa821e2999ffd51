// One worker process of the inbox-to-ledger benchmark (bench/run.ts): `workers` loops claiming
// and applying deliveries, as `npm run worker` does, until the inbox is empty. Started with the
// database in argv; says "ready" over IPC, starts on "go".
import { createDb } from "../app/db/client";
import type { DatabaseConfig } from "../app/db/config";
import { processInboxBatch } from "../app/services/inbox/worker.server";
import { topicHandlers } from "../app/services/webhooks/topic-handlers.server";

const [configJson, workersArg] = process.argv.slice(2);
const config = JSON.parse(configJson!) as DatabaseConfig;
// As in `npm run worker` processes (asynchronous commit on PostgreSQL, ADR 0010).
const handles = Array.from({ length: Number(workersArg) }, () => createDb(config, { poolSize: 2, asyncCommit: true }));
process.send!("ready");
await new Promise((resolve) => process.once("message", resolve));
await Promise.all(
  handles.map(async (h, w) => {
    for (;;) {
      const done = await processInboxBatch({ db: h.db, provider: config.provider, handlers: topicHandlers, workerId: `bench-${process.pid}-${w}`, batchSize: 25 });
      if (done === 0 && (await h.db.webhookDelivery.count({ where: { status: { in: ["received", "processing"] } } })) === 0) return;
      if (done === 0) await new Promise((r) => setTimeout(r, 10));
    }
  }),
);
await Promise.all(handles.map((h) => h.close()));
process.exit(0);
