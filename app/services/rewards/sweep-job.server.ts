// Scheduled: expired reward codes give their points back; abandoned redemptions are settled.
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import { unauthenticated } from "../../shopify.server";
import type { PeriodicJob } from "../jobs/background.server";
import { sweepRedemptions } from "./redemptions.server";

const log = logger("redemptions");

export function redemptionSweepJob(db: Db): PeriodicJob {
  return {
    name: "redemption-sweep",
    everyMs: 60_000,
    run: async () => {
      const now = new Date();
      const shops = await db.shop.findMany({
        where: {
          uninstalledAt: null,
          redemptions: { some: { OR: [{ status: "issued", expiresAt: { lt: now } }, { status: "pending" }] } },
        },
        select: { id: true, domain: true, currency: true },
      });
      for (const shop of shops) {
        try {
          const { admin } = await unauthenticated.admin(shop.domain);
          await sweepRedemptions({ db, shopId: shop.id, currency: shop.currency, admin, now });
        } catch (error) {
          log.error(shop.domain, error);
        }
      }
    },
  };
}
