// Dashboard aggregates on a real (SQLite) database: a day is rebuilt from source rows in the
// shop's time zone, recomputing is idempotent and picks up late rows, and the dashboard's
// figures add up. Runs on SQLite and, when reachable, PostgreSQL (the figures use some raw SQL).
// (A database test kept with the admin's tests; it can move to test/integration.)
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type DbHandle } from "../../../app/db/client";
import { databaseConfigFromEnv } from "../../../app/db/config";
import { migrate } from "../../../app/db/migrate";
import { dropSchema, postgresReachable, postgresUrlWithSchema, uniqueSchemaName } from "../../support/postgres";
import { backgroundFill, dashboardFigures, dailyStatsJob, pendingDaysOf, recomputeDailyStats } from "../../../app/services/stats/daily-stats.server";

const providers = ["sqlite", ...((await postgresReachable()) ? ["postgresql"] : [])] as const;

describe.each(providers)("daily stats on %s", (provider) => {
  let handle: DbHandle;
  let dir: string;
  let schema: string;
  let shopId: string;

  // America/New_York: daylight saving started on 2026-03-08, so local midnight of 2026-03-09 is 04:00 UTC.
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-stats-"));
    schema = uniqueSchemaName("stats");
    const config =
      provider === "sqlite"
        ? ({ provider: "sqlite", file: path.join(dir, "stats.sqlite") } as const)
        : databaseConfigFromEnv({ DATABASE_URL: postgresUrlWithSchema(schema) });
    await migrate(config);
    handle = createDb(config);
    const db = handle.db;
    shopId = (await db.shop.create({ data: { domain: "stats.myshopify.com", currency: "USD", timezone: "America/New_York" } })).id;
    const member = (customerId: string, createdAt: string) => db.member.create({ data: { shopId, customerId, createdAt: at(createdAt), balance: 0 } });
    const ada = await member("1", "2026-03-09T06:00:00Z");
    const bob = await member("2", "2026-03-10T03:59:00Z"); // still 2026-03-09 in New York
    await member("3", "2026-03-10T04:00:00Z"); // 2026-03-10
    await db.member.update({ where: { id: ada.id }, data: { balance: 700, held: 100 } });
    await db.member.update({ where: { id: bob.id }, data: { balance: 300, pending: 40 } });
    let seq = 0;
    const entry = (memberId: string, kind: string, points: number, createdAt: string, extra: { pendingDelta?: number; heldDelta?: number } = {}) =>
      db.ledgerEntry.create({ data: { shopId, memberId, kind, points, ...extra, businessKey: `k${++seq}`, sequence: seq, createdAt: at(createdAt) } });
    await entry(ada.id, "earn", 64, "2026-03-09T15:00:00Z");
    await entry(bob.id, "earn", 0, "2026-03-09T16:00:00Z", { pendingDelta: 40 });
    await entry(ada.id, "bonus", 100, "2026-03-09T06:00:00Z");
    await entry(ada.id, "adjust", 25, "2026-03-09T17:00:00Z");
    await entry(ada.id, "adjust", -10, "2026-03-09T17:05:00Z"); // debits are not "issued"
    await entry(ada.id, "reverse", -20, "2026-03-09T18:00:00Z");
    await entry(ada.id, "expire", -5, "2026-03-09T19:00:00Z");
    await entry(ada.id, "earn", 999, "2026-03-09T03:59:00Z"); // 2026-03-08 local: another day
    await entry(ada.id, "redeem_hold", -500, "2026-03-09T20:00:00Z", { heldDelta: 500 });
    const reward = await db.reward.create({ data: { shopId, type: "fixed_amount", title: "5 off", pointsCost: 500, config: JSON.stringify({ amount: "5.00" }) } });
    await db.redemption.create({
      data: { shopId, memberId: ada.id, rewardId: reward.id, status: "consumed", pointsCost: 500, currency: "USD", code: "C1", orderId: "1001", createdAt: at("2026-03-09T20:00:00Z"), consumedAt: at("2026-03-09T21:00:00Z") },
    });
    const order = (orderId: string, customerId: string | null, totalMinor: bigint, createdAt: string, cancelled = false) =>
      db.orderEarning.create({ data: { shopId, orderId, customerId, currency: "USD", earnableMinor: totalMinor, totalMinor, points: 0, createdAt: at(createdAt), cancelledAt: cancelled ? at(createdAt) : null } });
    await order("1001", "1", 6400n, "2026-03-09T21:00:00Z");
    await order("1002", "1", 3600n, "2026-03-09T22:00:00Z");
    await order("1003", "2", 2000n, "2026-03-09T23:00:00Z");
    await order("1004", null, 1500n, "2026-03-09T23:30:00Z");
    await order("1005", null, 9999n, "2026-03-09T23:40:00Z", true); // cancelled: not counted
  });
  afterAll(async () => {
    await handle?.close();
    fs.rmSync(dir, { recursive: true, force: true });
    if (provider === "postgresql") await dropSchema(schema);
  });

  describe("aggregates", () => {
    it("rebuilds a shop-local day from source rows", async () => {
      const row = await recomputeDailyStats(handle.db, shopId, "2026-03-09");
      expect(row).toMatchObject({
        membersEnrolled: 2,
        activeMembers: 2, // ada (earn, redeem) and bob (pending earn)
        pointsIssued: 64 + 40 + 100 + 25,
        pointsRedeemed: 500,
        pointsExpired: 5,
        pointsReversed: 20,
        redemptions: 1,
        rewardOrders: 1,
        rewardOrderRevenueMinor: 6400n,
        memberOrders: 3,
        memberRevenueMinor: 12000n,
        guestOrders: 1,
        guestRevenueMinor: 1500n,
      });
    });

    it("is idempotent and picks up rows that arrived late", async () => {
      const first = await recomputeDailyStats(handle.db, shopId, "2026-03-09");
      const again = await recomputeDailyStats(handle.db, shopId, "2026-03-09");
      expect({ ...again, computedAt: null }).toEqual({ ...first, computedAt: null });
      expect(await handle.db.dailyStat.count({ where: { shopId, day: "2026-03-09" } })).toBe(1);

      const late = await handle.db.member.findFirstOrThrow({ where: { shopId, customerId: "2" } });
      await handle.db.ledgerEntry.create({ data: { shopId, memberId: late.id, kind: "earn", points: 11, businessKey: "late", sequence: 99, createdAt: at("2026-03-10T03:30:00Z") } });
      expect((await recomputeDailyStats(handle.db, shopId, "2026-03-09")).pointsIssued).toBe(first.pointsIssued + 11);
    });

    it("gives the dashboard's figures for a range", async () => {
      const d = await dashboardFigures(handle.db, shopId, "2026-03-08", "2026-03-10", at("2026-03-11T12:00:00Z"));
      expect(d.series.map((s) => s.day)).toEqual(["2026-03-08", "2026-03-09", "2026-03-10"]);
      expect(d.series.map((s) => s.issued)).toEqual([999, 64 + 40 + 100 + 25 + 11, 0]);
      expect(d.series.map((s) => s.enrolled)).toEqual([0, 2, 1]);
      expect(d).toMatchObject({
        members: 3,
        customersSeen: 2, // customers 1 and 2 ordered; guest orders have no customer
        enrolled: 3,
        activeMembers: 2,
        pointsIssued: 999 + 240,
        pointsRedeemed: 500,
        pointsOutstanding: 700 + 100 + 300, // balance + held
        pointsPending: 40,
        redemptionRatePct: Math.round((500 / 1239) * 1000) / 10,
        rewardOrders: 1,
        rewardOrderRevenueMinor: "6400",
        repeatRatePct: 50, // ada ordered twice, bob once
        memberAovMinor: "4000", // 12000 / 3
        guestAovMinor: "1500",
        // 500 points = 5.00 USD, so 1100 points are worth 11.00 USD.
        liabilityMinor: "1100",
        redemptionsPerReward: [{ title: "5 off", count: 1 }].map((r) => expect.objectContaining(r)),
      });
    });

    it("for the admin page, answers at once and computes missing days behind it", async () => {
      const now = at("2026-03-11T12:00:00Z");
      await handle.db.dailyStat.deleteMany({ where: { shopId } });
      // What the page says before its figures arrive is what they say.
      expect(await pendingDaysOf(handle.db, shopId, "America/New_York", "2026-03-08", "2026-03-10", now)).toBe(3);
      const first = await dashboardFigures(handle.db, shopId, "2026-03-08", "2026-03-10", now, { fill: "background" });
      expect(first.pendingDays).toBe(3);
      await backgroundFill(shopId);
      expect(await pendingDaysOf(handle.db, shopId, "America/New_York", "2026-03-08", "2026-03-10", now)).toBe(0);
      const second = await dashboardFigures(handle.db, shopId, "2026-03-08", "2026-03-10", now, { fill: "background" });
      expect(second.pendingDays).toBe(0);
      expect(second.series.map((s) => s.issued)).toEqual([999, 64 + 40 + 100 + 25 + 11, 0]);
    });

    it("has a job that recomputes today and yesterday in each shop's time zone", async () => {
      const job = dailyStatsJob(handle.db, { now: () => at("2026-03-12T03:00:00Z") }); // 2026-03-11 23:00 in New York
      await handle.db.dailyStat.deleteMany({ where: { shopId } });
      await job.run();
      const days = (await handle.db.dailyStat.findMany({ where: { shopId }, select: { day: true }, orderBy: { day: "asc" } })).map((r) => r.day);
      expect(days).toEqual(["2026-03-10", "2026-03-11"]);
    });

    it("counts redacted members out of the members figure, and their points in the outstanding ones", async () => {
      const before = await dashboardFigures(handle.db, shopId, "2026-03-08", "2026-03-10", at("2026-03-11T12:00:00Z"));
      await handle.db.member.create({ data: { shopId, customerId: "4", balance: 7, pending: 3, held: 2, redactedAt: at("2026-03-11T00:00:00Z"), createdAt: at("2026-03-01T00:00:00Z") } });
      await handle.db.member.create({ data: { shopId, customerId: "5", balance: 1, createdAt: at("2026-03-01T00:00:00Z") } });
      const after = await dashboardFigures(handle.db, shopId, "2026-03-08", "2026-03-10", at("2026-03-11T12:00:00Z"));
      expect(after.members).toBe(before.members + 1);
      expect(after.pointsOutstanding).toBe(before.pointsOutstanding + 7 + 2 + 1);
      expect(after.pointsPending).toBe(before.pointsPending + 3);
    });
  });
});
