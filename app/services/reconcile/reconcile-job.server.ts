// The scheduled reconciliation: every installed shop with an offline session, one after another.
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import { unauthenticated } from "../../shopify.server";
import type { PeriodicJob } from "../jobs/background.server";
import { reconcileShop } from "./reconcile-shop.server";

const log = logger("reconcile");

export const RECONCILE_EVERY_MS = 15 * 60_000;

export function reconciliationJob(db: Db): PeriodicJob {
  return {
    name: "reconcile",
    everyMs: RECONCILE_EVERY_MS,
    run: async () => {
      const shops = await db.shop.findMany({ where: { uninstalledAt: null }, select: { domain: true } });
      for (const shop of shops) {
        try {
          const { admin } = await unauthenticated.admin(shop.domain);
          await reconcileShop(db, shop.domain, admin);
        } catch (error) {
          log.error(shop.domain, error);
        }
      }
    },
  };
}
