// Tier re-evaluation of 100,000 members (measured, not asserted): a shop with 100,000 members and
// one earned order each turns its tier program on, so every member is evaluated and gets a tier
// (the worst case: every member is written and gets a TierChange). A threshold edit that moves a
// share of them is measured too and logged. Wired into bench/run.ts by the lead.
//   npx tsx bench/tiers.ts [sqlite|postgresql]   runs it alone on a fresh database
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createDb, type Db } from "../app/db/client";
import type { DatabaseConfig } from "../app/db/config";
import { migrate } from "../app/db/migrate";
import { runTierMaintenance } from "../app/services/tiers/daily-job.server";
import { saveTierProgram } from "../app/services/program/tier-program.server";
import { dropSchema, uniqueSchemaName } from "../test/support/postgres";

const MEMBERS = 100_000;
const BATCH = 2_000;
const STAFF = "bench-staff";

const program = (silver: string, gold: string, ids: Array<string | null> = [null, null, null]) => ({
  enabled: true,
  metric: "points",
  window: "rolling_12_months",
  downgradePolicy: "end_of_window",
  graceDays: 30,
  tagPrefix: "tally-tier:",
  tiers: [
    { id: ids[0], name: "Bronze", threshold: "0" },
    { id: ids[1], name: "Silver", threshold: silver },
    { id: ids[2], name: "Gold", threshold: gold, perks: { earnMultiplier: "1.5" } },
  ],
});

async function seed(db: Db, shopId: string, now: Date) {
  for (let start = 0; start < MEMBERS; start += BATCH) {
    const n = Math.min(BATCH, MEMBERS - start);
    const customerIds = Array.from({ length: n }, (_, i) => String(7_300_000_000_000_000_000n + BigInt(start + i)));
    // Points spread over 0…1999 so that every tier has members.
    const points = (i: number) => ((start + i) * 7919) % 2000;
    await db.member.createMany({ data: customerIds.map((customerId, i) => ({ shopId, customerId, balance: points(i), lifetimeEarned: points(i) })) });
    await db.orderEarning.createMany({
      data: customerIds.map((customerId, i) => ({
        shopId,
        orderId: `bench-${start + i}`,
        customerId,
        currency: "USD",
        earnableMinor: BigInt(points(i) * 100),
        totalMinor: BigInt(points(i) * 100),
        points: points(i),
        earnedAt: new Date(now.getTime() - ((start + i) % 300) * 86_400_000),
      })),
    });
  }
}

export async function benchTiers(db: Db, provider: DatabaseConfig["provider"]): Promise<{ members: number; ms: number; dailyExamined: number; dailyChanged: number; dailyMs: number }> {
  const now = new Date();
  const shop = await db.shop.create({ data: { domain: `bench-tiers-${Date.now()}.myshopify.com` } });
  const seeding = performance.now();
  await seed(db, shop.id, now);
  console.log(`[bench] ${provider} tiers: seeded ${MEMBERS} members in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const started = performance.now();
  const first = await saveTierProgram(db, shop.id, program("500", "1500"), STAFF, { now });
  const ms = performance.now() - started;
  console.log(`[bench] ${provider} tiers: first evaluation of ${first.evaluation.examined} members, ${first.evaluation.changed} written: ${(ms / 1000).toFixed(1)} s`);

  const editStarted = performance.now();
  const edit = await saveTierProgram(db, shop.id, program("700", "1200", first.tierIds), STAFF, { now });
  console.log(
    `[bench] ${provider} tiers: threshold edit, ${edit.evaluation.examined} examined, ${edit.evaluation.up} up / ${edit.evaluation.down} down: ${((performance.now() - editStarted) / 1000).toFixed(1)} s`,
  );

  // The daily job a day later: with a rolling window every member above the first tier is
  // re-evaluated (their oldest orders may have left the window).
  const dailyStarted = performance.now();
  const daily = await runTierMaintenance(db, shop.id, new Date(now.getTime() + 86_400_000));
  const dailyMs = performance.now() - dailyStarted;
  console.log(`[bench] ${provider} tiers: daily job, ${daily.examined} examined, ${daily.changed} changed: ${(dailyMs / 1000).toFixed(1)} s`);
  return { members: first.evaluation.examined, ms, dailyExamined: daily.examined, dailyChanged: daily.changed, dailyMs };
}

// Standalone: a fresh database of the given provider.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const provider = (process.argv[2] ?? "sqlite") as DatabaseConfig["provider"];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-bench-tiers-"));
  const schema = uniqueSchemaName("benchtiers");
  const config: DatabaseConfig =
    provider === "postgresql" ? { provider, connectionString: "postgresql://postgres@127.0.0.1:5432/test", schema } : { provider, file: path.join(dir, "bench.sqlite") };
  await migrate(config);
  const handle = createDb(config);
  try {
    console.log(await benchTiers(handle.db, provider));
  } finally {
    await handle.close();
    if (provider === "postgresql") await dropSchema(schema);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
