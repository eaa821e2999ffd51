import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { describe, expect, it } from "vitest";
import { migrate } from "../../../app/db/migrate";
import { checkHealth } from "../../../app/services/health.server";
import { recordInstall } from "../../../app/services/shops/shops.server";
import { testDb, testDbConfig, testProvider } from "../../support/test-db";

describe(`database foundation on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("runs on the provider this project asked for", () => {
    expect(testProvider()).toBe(process.env.TEST_DB_PROVIDER);
  });

  it("applies migrations once: a second run (another instance starting) changes nothing", async () => {
    const result = await migrate(testDbConfig());
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied).toBeGreaterThan(0);
  });

  it("reports a reachable database as healthy", async () => {
    const health = await checkHealth(testDb(), testProvider(), "1.2.3");
    expect(health).toMatchObject({ status: "ok", version: "1.2.3", database: { provider: testProvider(), reachable: true } });
  });

  it("stores Shopify sessions through the official Prisma session storage", async () => {
    const storage = new PrismaSessionStorage(testDb());
    const session = new Session({
      id: "offline_demo-bath.myshopify.com",
      shop: "demo-bath.myshopify.com",
      state: "state",
      isOnline: false,
      scope: "read_orders,write_discounts",
      accessToken: "shpat_test",
    });
    expect(await storage.storeSession(session)).toBe(true);
    const loaded = await storage.loadSession(session.id);
    expect(loaded?.accessToken).toBe("shpat_test");
    expect(await storage.findSessionsByShop("demo-bath.myshopify.com")).toHaveLength(1);
    expect(await storage.deleteSessions([session.id])).toBe(true);
    expect(await storage.loadSession(session.id)).toBeUndefined();
  });

  it("records an install once per shop and re-activates an uninstalled shop", async () => {
    const db = testDb();
    const first = await recordInstall(db, "demo-bath.myshopify.com");
    await db.shop.update({ where: { id: first.id }, data: { uninstalledAt: new Date() } });
    const again = await recordInstall(db, "demo-bath.myshopify.com");
    expect(again.id).toBe(first.id);
    expect(again.uninstalledAt).toBeNull();
    expect(await db.shop.count()).toBe(1);
  });
});
