// Dashboard figures from daily aggregates. A day's DailyStat row is REBUILT from the source
// tables (LedgerEntry, OrderEarning, Redemption, Member), never incremented, so recomputing is
// idempotent and a late webhook is picked up by the next recompute. A job recomputes today and
// yesterday; the dashboard also fills days of its range that have no row yet.
import type { Db, DbTx } from "../../db/client";
import { afterRequestsSettle, asBackgroundWork } from "../../db/work-priority";
import { logger } from "../../lib/logger";
import { parseMoney } from "../../loyalty/money";
import type { PeriodicJob } from "../jobs/background.server";
import { forEachInstalledShop } from "../jobs/installed-shops.server";
import { addDays, daysBetween, shopDayBounds, shopDayOf } from "../../loyalty/shop-day";

const log = logger("daily-stats");

const sumInt = (v: number | null | undefined) => v ?? 0;
const sumBig = (v: bigint | null | undefined) => v ?? 0n;

async function pointsByKind(db: DbTx, shopId: string, start: Date, end: Date) {
  const rows = await db.ledgerEntry.groupBy({
    by: ["kind"],
    where: { shopId, createdAt: { gte: start, lt: end } },
    _sum: { points: true, pendingDelta: true },
  });
  const of = (kind: string) => {
    const row = rows.find((r) => r.kind === kind);
    return sumInt(row?._sum.points) + sumInt(row?._sum.pendingDelta);
  };
  const positiveAdjust = await db.ledgerEntry.aggregate({ where: { shopId, kind: "adjust", points: { gt: 0 }, createdAt: { gte: start, lt: end } }, _sum: { points: true } });
  return {
    // Credited to customers: earned (spendable or pending), bonuses, staff credits.
    issued: of("earn") + of("bonus") + sumInt(positiveAdjust._sum.points),
    expired: -of("expire"),
    reversed: -of("reverse"),
  };
}

/**
 * Distinct members who earned or redeemed in [start, end): counted in SQL, not fetched. Grouped
 * first, then counted: the same number as COUNT(DISTINCT), in 97 ms instead of 174 ms on SQLite
 * for a 30-day range of 1,000,000 entries (the dashboard's slowest query).
 */
async function countActiveMembers(db: DbTx, shopId: string, start: Date, end: Date): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ n: bigint | number }>>`
    SELECT COUNT(*) AS n FROM (
      SELECT "memberId" FROM "LedgerEntry"
      WHERE "shopId" = ${shopId} AND kind IN ('earn', 'redeem_hold') AND "createdAt" >= ${start} AND "createdAt" < ${end}
      GROUP BY "memberId") AS active`;
  return Number(row?.n ?? 0);
}

/** Customers with a (not cancelled) order in [start, end), and how many of them ordered twice or more. */
async function buyersAndRepeaters(db: DbTx, shopId: string, start: Date, end: Date) {
  const [row] = await db.$queryRaw<Array<{ buyers: bigint | number; repeaters: bigint | number | null }>>`
    SELECT COUNT(*) AS buyers, SUM(CASE WHEN orders >= 2 THEN 1 ELSE 0 END) AS repeaters FROM (
      SELECT "customerId", COUNT(*) AS orders FROM "OrderEarning"
      WHERE "shopId" = ${shopId} AND "customerId" IS NOT NULL AND "cancelledAt" IS NULL AND "createdAt" >= ${start} AND "createdAt" < ${end}
      GROUP BY "customerId") AS per_customer`;
  return { buyers: Number(row?.buyers ?? 0), repeaters: Number(row?.repeaters ?? 0) };
}

/**
 * Members (not redacted) and the points they hold, in one pass over the shop's member rows: the
 * outstanding points need that pass anyway, so the enrollment rate's member count costs nothing
 * more (a separate COUNT read every row again for `redactedAt`, which no index holds).
 */
async function membersAndPoints(db: DbTx, shopId: string) {
  const [row] = await db.$queryRaw<Array<{ members: bigint | number | null; balance: bigint | number | null; pending: bigint | number | null; held: bigint | number | null }>>`
    SELECT SUM(CASE WHEN "redactedAt" IS NULL THEN 1 ELSE 0 END) AS members, SUM(balance) AS balance, SUM(pending) AS pending, SUM(held) AS held
    FROM "Member" WHERE "shopId" = ${shopId}`;
  return { members: Number(row?.members ?? 0), balance: Number(row?.balance ?? 0), pending: Number(row?.pending ?? 0), held: Number(row?.held ?? 0) };
}

async function countCustomersWithOrders(db: DbTx, shopId: string): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ n: bigint | number }>>`
    SELECT COUNT(DISTINCT "customerId") AS n FROM "OrderEarning" WHERE "shopId" = ${shopId} AND "customerId" IS NOT NULL`;
  return Number(row?.n ?? 0);
}

/** Rebuilds one shop day's aggregates from source rows. Safe to run any number of times. */
export async function recomputeDailyStats(db: DbTx, shopId: string, day: string) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } });
  const { start, end } = shopDayBounds(day, shop.timezone);
  const inDay = { gte: start, lt: end };
  const [points, membersEnrolled, activeMembers, consumed, redemptions, memberOrders, guestOrders] = await Promise.all([
    pointsByKind(db, shopId, start, end),
    db.member.count({ where: { shopId, createdAt: inDay } }),
    countActiveMembers(db, shopId, start, end),
    db.redemption.findMany({ where: { shopId, status: "consumed", consumedAt: inDay }, select: { pointsCost: true, orderId: true } }),
    db.redemption.count({ where: { shopId, createdAt: inDay, status: { in: ["issued", "consumed", "released", "expired"] } } }),
    db.orderEarning.aggregate({ where: { shopId, createdAt: inDay, cancelledAt: null, customerId: { not: null } }, _count: { _all: true }, _sum: { totalMinor: true } }),
    db.orderEarning.aggregate({ where: { shopId, createdAt: inDay, cancelledAt: null, customerId: null }, _count: { _all: true }, _sum: { totalMinor: true } }),
  ]);
  const rewardOrderIds = [...new Set(consumed.map((r) => r.orderId).filter((id): id is string => id !== null))];
  const rewardOrders = rewardOrderIds.length
    ? await db.orderEarning.aggregate({ where: { shopId, orderId: { in: rewardOrderIds }, cancelledAt: null }, _sum: { totalMinor: true } })
    : null;
  const values = {
    membersEnrolled,
    activeMembers,
    pointsIssued: points.issued,
    pointsRedeemed: consumed.reduce((s, r) => s + r.pointsCost, 0),
    pointsExpired: points.expired,
    pointsReversed: points.reversed,
    redemptions,
    rewardOrders: rewardOrderIds.length,
    rewardOrderRevenueMinor: sumBig(rewardOrders?._sum.totalMinor),
    memberOrders: memberOrders._count._all,
    memberRevenueMinor: sumBig(memberOrders._sum.totalMinor),
    guestOrders: guestOrders._count._all,
    guestRevenueMinor: sumBig(guestOrders._sum.totalMinor),
    computedAt: new Date(),
  };
  return db.dailyStat.upsert({ where: { shopId_day: { shopId, day } }, create: { shopId, day, ...values }, update: values });
}

export type DashboardFigures = Awaited<ReturnType<typeof dashboardFigures>>;

/** At most this many missing days are filled per dashboard load (a new range fills over a few loads). */
const FILL_LIMIT = 92;

const FILL_START_DELAY_MS = 1_000;
const FILL_PAUSE_MS = 20;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Background fills in progress, one per shop: a merchant reloading does not start a second one.
const filling = new Map<string, Promise<void>>();

function fillInBackground(db: DbTx, shopId: string, days: string[]) {
  if (filling.has(shopId)) return;
  const run = asBackgroundWork(async () => {
    // Starts after the page has answered and pauses between days: on SQLite the queries run on
    // the same connection as the requests, which must not queue behind a whole range (and go
    // after the requests' own, as background work).
    await pause(FILL_START_DELAY_MS);
    for (const day of days) {
      await recomputeDailyStats(db, shopId, day);
      await pause(FILL_PAUSE_MS);
    }
  })
    .catch((error: unknown) => log.error(`filling ${shopId}`, error))
    .finally(() => filling.delete(shopId));
  filling.set(shopId, run);
}

/** Waits for a shop's background fill (tests, and the job before it recomputes). */
export const backgroundFill = (shopId: string) => filling.get(shopId) ?? Promise.resolve();

/** Days of the range before today that have no row yet (the newest FILL_LIMIT of them). */
async function missingDays(db: DbTx, shopId: string, from: string, to: string, today: string) {
  const existing = await db.dailyStat.findMany({ where: { shopId, day: { gte: from, lte: to } }, select: { day: true } });
  const have = new Set(existing.map((r) => r.day));
  return daysBetween(from, to)
    .filter((d) => d < today && !have.has(d))
    .slice(-FILL_LIMIT);
}

/**
 * How many days of the range the admin page's figures will count as zero while they are computed
 * in the background (`dashboardFigures(…, { fill: "background" }).pendingDays`), read cheaply so
 * the page can say so before its figures arrive.
 */
export async function pendingDaysOf(db: DbTx, shopId: string, timezone: string, from: string, to: string, now = new Date()): Promise<number> {
  return (await missingDays(db, shopId, from, to, shopDayOf(now, timezone))).length;
}

/**
 * The dashboard for days `from`..`to` (shop-local, inclusive). Flow figures (issued, redeemed,
 * revenue…) are sums of daily rows; stock figures (members, outstanding points) are read now;
 * distinct-customer figures (active members, repeat rate) are counted over the range, because
 * distinct counts of days cannot be added up.
 */
export async function dashboardFigures(db: DbTx, shopId: string, from: string, to: string, now = new Date(), options: { fill?: "now" | "background" } = {}) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, currency: true } });
  const today = shopDayOf(now, shop.timezone);
  const days = daysBetween(from, to);
  const missing = await missingDays(db, shopId, from, to, today);
  // Today changes all day long: always rebuilt (one day: tens of milliseconds at 100,000 members),
  // so an order paid a moment ago shows.
  if (days.includes(today)) await recomputeDailyStats(db, shopId, today);
  // The admin page does not wait for days no job has computed yet (a first visit after install):
  // it shows what exists and says how many days are still being computed.
  if (options.fill === "background") fillInBackground(db, shopId, missing);
  else for (const day of missing) await recomputeDailyStats(db, shopId, day);
  const pendingDays = options.fill === "background" ? missing.length : 0;
  const rows = await db.dailyStat.findMany({ where: { shopId, day: { gte: from, lte: to } }, orderBy: { day: "asc" } });
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const series = days.map((day) => {
    const r = byDay.get(day);
    return { day, enrolled: r?.membersEnrolled ?? 0, issued: r?.pointsIssued ?? 0, redeemed: r?.pointsRedeemed ?? 0, rewardRevenueMinor: (r?.rewardOrderRevenueMinor ?? 0n).toString() };
  });
  const total = <K extends keyof (typeof rows)[number]>(key: K) => rows.reduce((s, r) => s + Number(r[key] as number), 0);
  const totalBig = (key: "rewardOrderRevenueMinor" | "memberRevenueMinor" | "guestRevenueMinor") => rows.reduce((s, r) => s + r[key], 0n);

  const start = shopDayBounds(from, shop.timezone).start;
  const end = shopDayBounds(to, shop.timezone).end;
  const [{ members, ...outstanding }, activeMembers, buyers, customersSeen, perReward, rewards] = await Promise.all([
    membersAndPoints(db, shopId),
    countActiveMembers(db, shopId, start, end),
    buyersAndRepeaters(db, shopId, start, end),
    countCustomersWithOrders(db, shopId),
    db.redemption.groupBy({ by: ["rewardId"], where: { shopId, createdAt: { gte: start, lt: end }, status: { in: ["issued", "consumed", "released", "expired"] } }, _count: { _all: true } }),
    db.reward.findMany({ where: { shopId }, select: { id: true, title: true, type: true, pointsCost: true, config: true, active: true } }),
  ]);
  const memberOrders = total("memberOrders");
  const guestOrders = total("guestOrders");
  const memberRevenue = totalBig("memberRevenueMinor");
  const guestRevenue = totalBig("guestRevenueMinor");
  const issued = total("pointsIssued");
  const redeemed = total("pointsRedeemed");
  const outstandingPoints = outstanding.balance + outstanding.held;
  const pointValue = bestPointValue(rewards, shop.currency);
  return {
    from,
    to,
    currency: shop.currency,
    members,
    // Enrollment rate: members among customers the app has seen order (members + guest checkouts are not customers).
    customersSeen,
    enrolled: total("membersEnrolled"),
    activeMembers,
    pointsIssued: issued,
    pointsRedeemed: redeemed,
    pointsExpired: total("pointsExpired"),
    pointsReversed: total("pointsReversed"),
    pointsOutstanding: outstandingPoints,
    pointsPending: outstanding.pending,
    redemptionRatePct: issued > 0 ? Math.round((redeemed / issued) * 1000) / 10 : null,
    // Liability: outstanding points valued at the best-value fixed amount reward (minor units), or null.
    liabilityMinor: pointValue ? ((BigInt(outstandingPoints) * pointValue.minor) / BigInt(pointValue.points)).toString() : null,
    liabilityBasis: pointValue ? { points: pointValue.points, minor: pointValue.minor.toString() } : null,
    rewardOrders: total("rewardOrders"),
    rewardOrderRevenueMinor: totalBig("rewardOrderRevenueMinor").toString(),
    repeatRatePct: buyers.buyers ? Math.round((buyers.repeaters / buyers.buyers) * 1000) / 10 : null,
    memberAovMinor: memberOrders ? (memberRevenue / BigInt(memberOrders)).toString() : null,
    guestAovMinor: guestOrders ? (guestRevenue / BigInt(guestOrders)).toString() : null,
    memberOrders,
    guestOrders,
    /** Days of the range whose figures are still being computed (counted as zero meanwhile). */
    pendingDays,
    redemptionsPerReward: perReward
      .map((p) => ({ rewardId: p.rewardId, title: rewards.find((r) => r.id === p.rewardId)?.title ?? p.rewardId, count: p._count._all }))
      .sort((a, b) => b.count - a.count),
    series,
  };
}

/** The most a point is worth among active amount-off rewards: { points, minor } (e.g. 500 pts → 500 cents). */
function bestPointValue(rewards: Array<{ type: string; pointsCost: number; config: string; active: boolean }>, currency: string) {
  let best: { points: number; minor: bigint } | null = null;
  for (const r of rewards) {
    if (!r.active || (r.type !== "fixed_amount" && r.type !== "store_credit") || r.pointsCost <= 0) continue;
    const amount = (JSON.parse(r.config) as { amount?: string }).amount;
    if (!amount) continue;
    let minor: bigint;
    try {
      minor = parseMoney(amount, currency).minor;
    } catch {
      continue;
    }
    if (!best || minor * BigInt(best.points) > best.minor * BigInt(r.pointsCost)) best = { points: r.pointsCost, minor };
  }
  return best;
}

/** Recomputes today and yesterday (shop-local) for every installed shop. */
export function dailyStatsJob(db: Db, options: { everyMs?: number; now?: () => Date } = {}): PeriodicJob {
  return {
    name: "daily-stats",
    everyMs: options.everyMs ?? 15 * 60_000,
    run: async () => {
      const now = options.now?.() ?? new Date();
      const { shops } = await forEachInstalledShop(db, "daily-stats", async (shop) => {
        const today = shopDayOf(now, shop.timezone);
        await recomputeDailyStats(db, shop.id, addDays(today, -1));
        await recomputeDailyStats(db, shop.id, today);
      });
      return { shops };
    },
  };
}

/**
 * The dashboard's figures for a page that streams them: computed as background work once the
 * requests that load the page itself (its CSS and scripts) have been served, so on SQLite they
 * never hold up the page's first paint.
 */
export function dashboardFiguresAfterRequests(db: DbTx, shopId: string, from: string, to: string, now = new Date()) {
  return afterRequestsSettle().then(() => asBackgroundWork(() => dashboardFigures(db, shopId, from, to, now, { fill: "background" })));
}
