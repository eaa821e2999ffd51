// forEachInstalledShop, the one loop every periodic job runs: installed shops only, narrowed by the
// job's filter, one after another, and a shop that fails is logged without stopping the others.
import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogs } from "../../../app/lib/logger";
import { forEachInstalledShop } from "../../../app/services/jobs/installed-shops.server";
import { testDb } from "../../support/test-db";

let logs: ReturnType<typeof captureLogs> | undefined;
afterEach(() => logs?.stop());

describe(`forEachInstalledShop on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("visits installed shops matching the filter, skips uninstalled ones, and carries on past a failing shop", async () => {
    const tag = randomUUID();
    const a = await testDb().shop.create({ data: { domain: `loop-a-${tag}.myshopify.com`, timezone: "Europe/Paris", currency: "EUR" } });
    const b = await testDb().shop.create({ data: { domain: `loop-b-${tag}.myshopify.com` } });
    const gone = await testDb().shop.create({ data: { domain: `loop-c-${tag}.myshopify.com`, uninstalledAt: new Date() } });
    logs = captureLogs();

    const seen: string[] = [];
    const result = await forEachInstalledShop(
      testDb(),
      "test-job",
      async (shop) => {
        seen.push(shop.domain);
        if (shop.id === a.id) {
          expect(shop).toEqual({ id: a.id, domain: a.domain, timezone: "Europe/Paris", currency: "EUR" });
          throw new Error("Admin API unavailable");
        }
      },
      { domain: { contains: tag } },
    );

    expect(seen).toEqual([a.domain, b.domain]);
    expect(seen).not.toContain(gone.domain);
    expect(result).toEqual({ shops: 2, failed: 1 });
    expect(logs.lines.filter((l) => l.level === "error").map((l) => l.line)[0]).toMatch(new RegExp(`^\\[test-job\\] ${a.domain.replace(/\./g, "\\.")}: Error: Admin API unavailable`));
  });

  it("an explicit uninstalledAt in the filter cannot widen the loop to uninstalled shops", async () => {
    const tag = randomUUID();
    await testDb().shop.create({ data: { domain: `loop-d-${tag}.myshopify.com`, uninstalledAt: new Date() } });
    const seen: string[] = [];
    const result = await forEachInstalledShop(testDb(), "test-job", async (shop) => void seen.push(shop.domain), { domain: { contains: tag }, uninstalledAt: { not: null } });
    expect(result).toEqual({ shops: 0, failed: 0 });
    expect(seen).toEqual([]);
  });
});
