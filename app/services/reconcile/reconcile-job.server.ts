// The scheduled reconciliation: every installed shop, one after another.
import type { Db } from "../../db/client";
import type { PeriodicJob } from "../jobs/background.server";
import { type AdminFor, forEachInstalledShop } from "../jobs/installed-shops.server";
import { reconcileShop } from "./reconcile-shop.server";

export const RECONCILE_EVERY_MS = 15 * 60_000;

export function reconciliationJob(db: Db, adminFor: AdminFor): PeriodicJob {
  return {
    name: "reconcile",
    everyMs: RECONCILE_EVERY_MS,
    run: async () => {
      await forEachInstalledShop(db, "reconcile", async (shop) => {
        await reconcileShop(db, shop.domain, await adminFor(shop.domain));
      });
    },
  };
}
