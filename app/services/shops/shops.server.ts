// Shops: the root every other record is scoped to.
import type { DbTx } from "../../db/client";
import { adminGraphql, type AdminGraphqlClient } from "../../shopify/admin-api.server";
import { SHOP_PROFILE, type ShopProfileResult } from "../../shopify/graphql/shop";

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

/** Stores the shop's name, currency and time zone (points are earned in the shop currency). */
export async function refreshShopProfile(db: DbTx, shopDomain: string, admin: AdminGraphqlClient) {
  const { shop } = await adminGraphql<ShopProfileResult>(admin, SHOP_PROFILE);
  return db.shop.update({
    where: { domain: shopDomain },
    data: { name: shop.name, currency: shop.currencyCode, timezone: shop.ianaTimezone },
  });
}

// Shops known to be installed, remembered for a minute: every webhook asks, shops are rarely new.
const knownShops = new Map<string, number>();

/**
 * True when the shop is installed or was once (a shop row, or a session while the install is
 * still being recorded). Webhooks for any other domain are refused: they never create a shop.
 */
export async function isKnownShop(db: DbTx, shopDomain: string, now = Date.now()): Promise<boolean> {
  if ((knownShops.get(shopDomain) ?? 0) > now) return true;
  const [found] = await db.$queryRaw<Array<{ found: number }>>`
    SELECT 1 AS found FROM "Shop" WHERE domain = ${shopDomain}
    UNION ALL SELECT 1 AS found FROM "Session" WHERE shop = ${shopDomain}
    LIMIT 1`;
  if (!found) return false;
  if (knownShops.size > 10_000) knownShops.clear();
  knownShops.set(shopDomain, now + 60_000);
  return true;
}
