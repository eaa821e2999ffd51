// Shops: the root every other record is scoped to.
import type { DbTx } from "../db/client";

/** Records (or re-activates) a shop after Shopify authenticated it. */
export async function recordInstall(db: DbTx, shopDomain: string) {
  return db.shop.upsert({
    where: { domain: shopDomain },
    create: { domain: shopDomain },
    update: { uninstalledAt: null },
  });
}

export async function findShop(db: DbTx, shopDomain: string) {
  return db.shop.findUnique({ where: { domain: shopDomain } });
}
