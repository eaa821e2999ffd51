// Shops: the root every other record is scoped to.
import type { DbTx } from "../db/client";
import { adminGraphql, type AdminGraphqlClient } from "../shopify/admin-api.server";
import { SHOP_PROFILE, type ShopProfileResult } from "../shopify/graphql/shop";

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
