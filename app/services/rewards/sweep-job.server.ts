// Scheduled: expired reward codes give their points back; abandoned redemptions are settled.
import type { Db } from "../../db/client";
import type { PeriodicJob } from "../jobs/background.server";
import { type AdminFor, forEachInstalledShop } from "../jobs/installed-shops.server";
import { sweepRedemptions } from "./redemptions.server";

export function redemptionSweepJob(db: Db, adminFor: AdminFor): PeriodicJob {
  return {
    name: "redemption-sweep",
    everyMs: 60_000,
    run: async () => {
      const now = new Date();
      await forEachInstalledShop(
        db,
        "redemptions",
        async (shop) => {
          await sweepRedemptions({ db, shopId: shop.id, currency: shop.currency, admin: await adminFor(shop.domain), now });
        },
        { redemptions: { some: { OR: [{ status: "issued", expiresAt: { lt: now } }, { status: "pending" }] } } },
      );
    },
  };
}
