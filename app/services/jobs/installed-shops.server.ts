// The one loop over installed shops that every periodic job runs, and the Admin API access jobs
// are given at start-up (app/entry.server.tsx) instead of importing the Shopify library themselves.
import type { Prisma } from "@prisma/client";
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";

/** An Admin API client for a shop, from its offline session. */
export type AdminFor = (shopDomain: string) => Promise<AdminGraphqlClient>;

export type InstalledShop = { id: string; domain: string; timezone: string; currency: string };

/**
 * Runs `each` for every installed shop (narrowed by `where`, e.g. shops with work due), one after
 * another. A shop that fails is logged under the job's name and the others still run.
 */
export async function forEachInstalledShop(
  db: Db,
  job: string,
  each: (shop: InstalledShop) => Promise<void>,
  where: Prisma.ShopWhereInput = {},
): Promise<{ shops: number; failed: number }> {
  const shops = await db.shop.findMany({ where: { ...where, uninstalledAt: null }, select: { id: true, domain: true, timezone: true, currency: true }, orderBy: { domain: "asc" } });
  let failed = 0;
  for (const shop of shops) {
    try {
      await each(shop);
    } catch (error) {
      failed += 1;
      logger(job).error(shop.domain, error);
    }
  }
  return { shops: shops.length, failed };
}
