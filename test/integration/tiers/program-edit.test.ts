// Editing tiers without fear: the what-if preview counts exactly on a seeded population, saving
// moves exactly those members, removed tiers are archived, and invalid input is refused with
// field errors before anything is written.
import { describe, expect, it } from "vitest";
import { previewTierProgram, saveTierProgram } from "../../../app/services/program/tier-program.server";
import { testDb } from "../../support/test-db";
import { bigId, earn, newShop, programInput, saveTiers, STAFF, tierNameOf } from "./fixtures";

/** Index of the tier a value reaches, computed plainly from the thresholds. */
const tierIndex = (thresholds: number[], value: number) => thresholds.filter((t) => value >= t).length - 1;

describe(`tier program editing on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("the next order after tiers are saved by another process earns with them (no stale kept program)", async () => {
    const shop = await newShop();
    const first = bigId();
    await earn(shop.id, first, 10_000n); // this process now keeps "no tier program" for the shop
    expect(await tierNameOf(shop.id, first)).toBeNull();
    // Another process (the admin's web process) switches tiers on: this process is not told.
    const tierProgram = await testDb().tierProgram.create({ data: { shopId: shop.id, enabled: true, metric: "points", window: "lifetime" } });
    await testDb().tier.create({ data: { shopId: shop.id, name: "Bronze", slug: "bronze", threshold: 0n, position: 0, perks: "{}" } });
    expect(tierProgram.enabled).toBe(true);
    const second = bigId();
    await earn(shop.id, second, 10_000n);
    expect(await tierNameOf(shop.id, second)).toBe("Bronze");
  });

  it("previews exactly who moves, and saving moves exactly them", async () => {
    const shop = await newShop();
    await saveTiers(shop.id); // 0 / 500 / 1000
    const population = Array.from({ length: 40 }, (_, i) => ({ customerId: bigId(), points: i * 50 }));
    for (const p of population) await earn(shop.id, p.customerId, BigInt(p.points) * 100n);

    const tiers = await testDb().tier.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
    const edited = programInput([
      { id: tiers[0]!.id, name: "Bronze", threshold: "0" },
      { id: tiers[1]!.id, name: "Silver", threshold: "300" },
      { id: tiers[2]!.id, name: "Gold", threshold: "1500" },
    ]);
    const before = [0, 500, 1000];
    const after = [0, 300, 1500];
    const expectedUp = population.filter((p) => tierIndex(after, p.points) > tierIndex(before, p.points));
    const expectedDown = population.filter((p) => tierIndex(after, p.points) < tierIndex(before, p.points));
    expect([expectedUp.length, expectedDown.length]).toEqual([4, 10]); // the population is what we think

    const preview = await previewTierProgram(testDb(), shop.id, edited, { pageSize: 7 });
    expect(preview.up.map((m) => m.customerId).sort()).toEqual(expectedUp.map((p) => p.customerId).sort());
    expect(preview.down.map((m) => m.customerId).sort()).toEqual(expectedDown.map((p) => p.customerId).sort());
    expect(preview.unchanged).toBe(40 - 14);
    expect(preview.down.every((m) => m.when === "now" && m.fromTierName === "Gold" && m.toTierName === "Silver")).toBe(true);
    // Nothing was written by the preview.
    expect(await tierNameOf(shop.id, expectedUp[0]!.customerId)).toBe("Bronze");

    const saved = await saveTierProgram(testDb(), shop.id, edited, STAFF, { pageSize: 9 });
    expect(saved.evaluation).toMatchObject({ examined: 40, changed: 14, up: 4, down: 10 });
    for (const p of population) expect(await tierNameOf(shop.id, p.customerId)).toBe(["Bronze", "Silver", "Gold"][tierIndex(after, p.points)]);
    expect(await testDb().tierChange.count({ where: { shopId: shop.id, reason: "program_change" } })).toBe(14);
    const audit = await testDb().staffAuditEntry.findMany({ where: { shopId: shop.id, action: "tiers_saved" } });
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.staffUserId === STAFF)).toBe(true);
    // Saving again changes nobody.
    expect((await saveTierProgram(testDb(), shop.id, edited, STAFF)).evaluation.changed).toBe(0);
  });

  it("under a grace period, the preview dates the downgrades and saving keeps the tier until then", async () => {
    const shop = await newShop();
    const now = new Date("2026-06-15T12:00:00Z");
    await saveTiers(shop.id, undefined, { downgradePolicy: "grace_period", graceDays: 14 }, now);
    const customer = bigId();
    await earn(shop.id, customer, 60_000n, now);
    const tiers = await testDb().tier.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
    const raised = programInput(
      tiers.map((t, i) => ({ id: t.id, name: t.name, threshold: ["0", "700", "1000"][i]! })),
      { downgradePolicy: "grace_period", graceDays: 14 },
    );
    const preview = await previewTierProgram(testDb(), shop.id, raised, { now });
    expect(preview.down).toMatchObject([{ customerId: customer, fromTierName: "Silver", toTierName: "Bronze", when: "2026-06-29T12:00:00.000Z" }]);
    await saveTierProgram(testDb(), shop.id, raised, STAFF, { now });
    expect(await tierNameOf(shop.id, customer)).toBe("Silver");
  });

  it("renames keep members in place; a removed tier is archived and its members move at once", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const [silverMember, goldMember] = [bigId(), bigId()];
    await earn(shop.id, silverMember, 60_000n);
    await earn(shop.id, goldMember, 120_000n);
    const tiers = await testDb().tier.findMany({ where: { shopId: shop.id }, orderBy: { position: "asc" } });
    await saveTierProgram(
      testDb(),
      shop.id,
      programInput([
        { id: tiers[0]!.id, name: "Bronze", threshold: "0" },
        { id: tiers[1]!.id, name: "Argent", threshold: "500" },
      ]),
      STAFF,
    );
    expect(await tierNameOf(shop.id, silverMember)).toBe("Argent");
    expect(await tierNameOf(shop.id, goldMember)).toBe("Argent");
    expect((await testDb().tier.findUniqueOrThrow({ where: { id: tiers[2]!.id } })).archivedAt).not.toBeNull();
  });

  it("refuses invalid programs with field errors and writes nothing", async () => {
    const shop = await newShop();
    const bad = programInput([
      { name: "Bronze", threshold: "10" },
      { name: "bronze", threshold: "5" },
    ]);
    await expect(saveTierProgram(testDb(), shop.id, bad, STAFF)).rejects.toMatchObject({
      fieldErrors: { "tiers.0.threshold": expect.any(String), "tiers.1.name": expect.any(String), "tiers.1.threshold": expect.any(String) },
    });
    await expect(saveTierProgram(testDb(), shop.id, programInput([{ name: "A", threshold: "0" }], { metric: "visits" as never }), STAFF)).rejects.toMatchObject({
      fieldErrors: { metric: expect.any(String) },
    });
    await expect(
      saveTierProgram(testDb(), shop.id, programInput([{ name: "A", threshold: "0", perks: { entryReward: { rewardId: "nope" } } }]), STAFF),
    ).rejects.toMatchObject({ fieldErrors: { "tiers.0.perks.entryReward": expect.any(String) } });
    expect(await testDb().tier.count({ where: { shopId: shop.id } })).toBe(0);
    expect(await testDb().tierProgram.count({ where: { shopId: shop.id } })).toBe(0);
  });
});
