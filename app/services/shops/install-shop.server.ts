// What happens when a shop installs (or re-authorises) the app: the shop is recorded as installed,
// its profile (name, currency, time zone) read from Shopify, and its program published to the
// shop's metafields. Called by the Shopify library's afterAuth hook (app/shopify.server.ts).
import type { Db } from "../../db/client";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import { publishProgram } from "../program/publish-program.server";
import { loadProgramSettings } from "../program/settings.server";
import { recordInstall, refreshShopProfile } from "./shops.server";

export async function installShop(db: Db, shopDomain: string, admin: AdminGraphqlClient) {
  await recordInstall(db, shopDomain);
  const shop = await refreshShopProfile(db, shopDomain, admin);
  await publishProgram(admin, await loadProgramSettings(db, shop.id), shop.currency);
  return shop;
}
