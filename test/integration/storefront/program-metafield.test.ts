// The earn rule reaches the storefront as an app-data metafield, and the theme's product page
// renders "Earn N points" from it in Liquid (no request to the app).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { publishProgram } from "../../../app/services/program/publish-program.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
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

describe(`program metafield on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("publishes the earn rule on the app installation and the product page shows the points", async () => {
    const remote = standin.createShop({ name: "Metafield Shop" });
    const shop = await testDb().shop.create({ data: { domain: remote.domain } });
    const settings = await saveProgramSettings(testDb(), shop.id, {
      currency: { singular: "Star", plural: "Stars" },
      earn: { ...defaultProgramSettings().earn, pointsPerUnit: { points: 2, perAmount: "1.00" } },
    });
    const page = async () =>
      (await fetch(`${standin.url}/products/cedar-candle`, { headers: { Cookie: `tally_shop=${remote.domain}` } })).text();
    expect(await page()).not.toContain("Stars with this purchase");

    await publishProgram(standinAdmin(standin, remote.domain), settings, "USD");
    const stored = [...remote.appMetafields.values()].find((m) => m.namespace === "tally" && m.key === "program")!;
    expect(stored.type).toBe("json");
    expect(JSON.parse(stored.value)).toEqual({
      enabled: true,
      currency: { singular: "Star", plural: "Stars" },
      earn: { points: 2, perAmount: "1.00", rounding: "down" },
      minorExponent: 2,
    });
    expect(await page()).toContain("Earn 64 Stars with this purchase"); // 32.00 × 2
  });
});
