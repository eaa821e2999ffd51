// The install use-case the afterAuth hook runs: the shop is recorded as installed (again, after an
// uninstall), its profile comes from Shopify, and its program is published as the app metafield.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installShop } from "../../../app/services/shops/install-shop.server";
import { type Standin, startStandin } from "../../standin/index";
import { standinAdmin } from "../../support/standin-admin";
import { testDb } from "../../support/test-db";

let standin: Standin;
beforeAll(async () => {
  standin = await startStandin({ appUrl: "http://127.0.0.1:9" });
});
afterAll(async () => {
  await standin.close();
});

describe(`installShop on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("records a new shop with Shopify's name, currency and time zone and publishes its program", async () => {
    const remote = standin.createShop({ name: "Install Co", currency: "CAD", timezone: "America/Toronto" });
    const shop = await installShop(testDb(), remote.domain, standinAdmin(standin, remote.domain));
    expect(shop).toMatchObject({ domain: remote.domain, name: "Install Co", currency: "CAD", timezone: "America/Toronto", uninstalledAt: null });
    const published = [...remote.appMetafields.values()].find((m) => m.namespace === "tally" && m.key === "program");
    expect(JSON.parse(published!.value)).toMatchObject({ enabled: true, earn: { points: 1, perAmount: "1.00" } });
  });

  it("re-installing clears the uninstall and keeps the same shop row", async () => {
    const remote = standin.createShop({ name: "Back Again" });
    const before = await testDb().shop.create({ data: { domain: remote.domain, uninstalledAt: new Date("2026-01-01T00:00:00Z") } });
    const shop = await installShop(testDb(), remote.domain, standinAdmin(standin, remote.domain));
    expect(shop.id).toBe(before.id);
    expect(shop.uninstalledAt).toBeNull();
    expect(shop.name).toBe("Back Again");
  });
});
