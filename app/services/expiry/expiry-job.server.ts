// The daily per-shop jobs of the points ledger: release pending points (orders and referrals) that
// reached their day, then expire. Runs every hour; each shop is handled once per shop-local day (per app instance).
// Both steps are idempotent, so another instance or a restart running them again writes nothing.
import type { Db } from "../../db/client";
import type { PeriodicJob } from "../jobs/background.server";
import { forEachInstalledShop } from "../jobs/installed-shops.server";
import { releasePendingPoints } from "../pending/release-pending.server";
import { releaseReferralRewards } from "../referrals/referral-order.server";
import { shopDayOf } from "../../loyalty/shop-day";
import { runExpiry } from "./run-expiry.server";

export async function runDailyPoints(db: Db, shopId: string, now: Date) {
  const released = await releasePendingPoints(db, shopId, now);
  const referrals = await releaseReferralRewards(db, shopId, now);
  const expired = await runExpiry(db, shopId, now);
  return { released, referrals, expired };
}

export function pointsDailyJob(db: Db, opts: { now?: () => Date } = {}): PeriodicJob {
  const lastDay = new Map<string, string>();
  return {
    name: "points-daily",
    everyMs: 60 * 60_000,
    run: async () => {
      const now = opts.now?.() ?? new Date();
      await forEachInstalledShop(db, "points-daily", async (shop) => {
        const day = shopDayOf(now, shop.timezone);
        if (lastDay.get(shop.id) === day) return;
        await runDailyPoints(db, shop.id, now);
        lastDay.set(shop.id, day);
      });
    },
  };
}
