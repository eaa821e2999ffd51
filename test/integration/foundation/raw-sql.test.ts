// Plain SQL behaves the same whichever way it reaches the database: on PostgreSQL it runs on the
// pg driver directly (ADR 0011), on SQLite on the better-sqlite3 connection directly (ADR 0014).
// Values come back typed as Prisma gives them, and inside a transaction raw and ORM writes commit
// or roll back together.
import { randomUUID } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { Prisma, PrismaClient } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { directSqliteConnection } from "../../../app/db/sqlite-direct";
import { testDb, testDbConfig, testProvider } from "../../support/test-db";

const newShop = () => testDb().shop.create({ data: { domain: `raw-${randomUUID().slice(0, 8)}.myshopify.com` } });

describe(`plain SQL on ${testProvider()}`, () => {
  it("round-trips timestamps in UTC, bigints exactly and counts as bigint", async () => {
    const shop = await newShop();
    const at = new Date("2026-03-29T01:30:00.123Z"); // a DST change in Europe: no local-time shift
    const id = randomUUID();
    await testDb().$executeRaw`
      INSERT INTO "OrderEarning" (id, "shopId", "orderId", currency, "earnableMinor", "totalMinor", points, "lockVersion", "createdAt", "updatedAt", "earnedAt")
      VALUES (${id}, ${shop.id}, ${"820982911946154508"}, ${"JPY"}, ${9007199254740993n}, ${0n}, 7, 1, ${at}, ${at}, ${at})`;
    const [row] = await testDb().$queryRaw<Array<{ earnableMinor: bigint; earnedAt: Date; points: number }>>`
      SELECT "earnableMinor", "earnedAt", points FROM "OrderEarning" WHERE id = ${id}`;
    expect(row!.earnableMinor).toBe(9007199254740993n);
    expect(row!.earnedAt.toISOString()).toBe(at.toISOString());
    expect(row!.points).toBe(7);
    // The ORM reads what plain SQL wrote, and the other way round.
    expect((await testDb().orderEarning.findUniqueOrThrow({ where: { id } })).earnedAt?.toISOString()).toBe(at.toISOString());
    const [counted] = await testDb().$queryRaw<Array<{ n: bigint }>>`SELECT COUNT(*) AS n FROM "OrderEarning" WHERE "shopId" = ${shop.id}`;
    expect(BigInt(counted!.n)).toBe(1n);
    const found = await testDb().$queryRaw<Array<{ id: string }>>(Prisma.sql`SELECT id FROM "OrderEarning" WHERE id IN (${Prisma.join([id, "other"])})`);
    expect(found.map((r) => r.id)).toEqual([id]);
  });

  it("commits raw and ORM writes of a transaction together, and rolls both back on failure", async () => {
    const shop = await newShop();
    const write = (customerId: string, fail: boolean) =>
      testDb().$transaction(async (tx) => {
        await tx.member.create({ data: { shopId: shop.id, customerId, email: `${customerId}@example.com` } });
        await tx.$executeRaw`UPDATE "Member" SET balance = 5 WHERE "shopId" = ${shop.id} AND "customerId" = ${customerId}`;
        if (fail) await tx.$executeRawUnsafe(`UPDATE "Shop" SET "currency" = 'EUR' WHERE id = ${testProvider() === "postgresql" ? "$1" : "?"}`, shop.id);
        if (fail) throw new Error("boom");
      });
    // Many at once: each transaction's raw statements must run on its own connection.
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => write(`c${i}`, i % 2 === 1)));
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => (o as PromiseRejectedResult).reason.message)).toEqual(Array(10).fill("boom"));
    const members = await testDb().member.findMany({ where: { shopId: shop.id }, orderBy: { customerId: "asc" } });
    expect(members.map((m) => m.customerId).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `c${i * 2}`).sort());
    expect(members.every((m) => m.balance === 5)).toBe(true);
    // Only the failing transactions changed the currency: rolled back with them.
    expect((await testDb().shop.findUniqueOrThrow({ where: { id: shop.id } })).currency).toBe("USD");
  });

  it.runIf(testProvider() === "sqlite")("gives every column type exactly what Prisma's own $queryRaw gives (SQLite)", async () => {
    const config = testDbConfig();
    if (config.provider !== "sqlite") return;
    // Prisma itself, on the same file, is the reference.
    const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: config.file, timeout: 15_000 }) });
    try {
      const shop = await newShop();
      const at = new Date("2026-03-29T01:30:00.123Z");
      await testDb().$executeRaw`
        INSERT INTO "OrderEarning" (id, "shopId", "orderId", currency, "earnableMinor", "totalMinor", points, "lockVersion", "createdAt", "updatedAt", "earnedAt")
        VALUES (${randomUUID()}, ${shop.id}, ${"9007199254740993"}, ${"KWD"}, ${9007199254740993n}, ${-5n}, 12, 1, ${at}, ${at}, NULL),
               (${randomUUID()}, ${shop.id}, ${"2"}, ${"JPY"}, ${0n}, ${3n}, -4, 2, ${at}, ${at}, ${at})`;
      await testDb().member.create({ data: { shopId: shop.id, customerId: "7", email: "m@example.com", syncDirty: true } });
      const queries: Prisma.Sql[] = [
        // Declared types: TEXT, BIGINT, INTEGER, DATETIME (and NULL), BOOLEAN.
        Prisma.sql`SELECT id, "orderId", currency, "earnableMinor", "totalMinor", points, "earnedAt", "createdAt" FROM "OrderEarning" WHERE "shopId" = ${shop.id} ORDER BY "orderId"`,
        Prisma.sql`SELECT "customerId", "syncDirty", balance, "lifetimeEarned" FROM "Member" WHERE "shopId" = ${shop.id}`,
        // Computed columns: typed by their first non-null value.
        Prisma.sql`SELECT COUNT(*) AS n, SUM(points) AS total, MAX("earnedAt") AS latest, AVG(points) AS mean, MIN(currency) AS first, NULL AS absent FROM "OrderEarning" WHERE "shopId" = ${shop.id}`,
        Prisma.sql`SELECT CASE WHEN points > 0 THEN NULL ELSE points END AS maybe, points * 1.5 AS scaled, ${true} AS flag, ${at} AS param FROM "OrderEarning" WHERE "shopId" = ${shop.id} ORDER BY "orderId"`,
        // No rows.
        Prisma.sql`SELECT id, points FROM "OrderEarning" WHERE "shopId" = ${"none"}`,
      ];
      // The comparison means something only if ours did not go through Prisma too.
      expect(directSqliteConnection(testDb())).toBeDefined();
      for (const query of queries) expect(await testDb().$queryRaw(query)).toEqual(await prisma.$queryRaw(query));
      // Booleans and dates sent as parameters are stored as Prisma stores them.
      const [stored] = await prisma.$queryRaw<Array<{ syncDirty: boolean; updatedAt: Date }>>`SELECT "syncDirty", "updatedAt" FROM "Member" WHERE "shopId" = ${shop.id}`;
      expect(await testDb().$executeRaw`UPDATE "Member" SET "syncDirty" = ${false}, "updatedAt" = ${at} WHERE "shopId" = ${shop.id}`).toBe(1);
      expect((await testDb().member.findFirstOrThrow({ where: { shopId: shop.id } })).updatedAt.toISOString()).toBe(at.toISOString());
      const [after] = await prisma.$queryRaw<Array<{ syncDirty: boolean; updatedAt: Date }>>`SELECT "syncDirty", "updatedAt" FROM "Member" WHERE "shopId" = ${shop.id}`;
      expect(stored!.syncDirty).toBe(true);
      expect(after!.syncDirty).toBe(false);
      expect(after!.updatedAt).toEqual(at);
    } finally {
      await prisma.$disconnect();
    }
  });

  it("raises a failing statement as an error and keeps the connection usable", async () => {
    await expect(testDb().$queryRaw`SELECT * FROM "NoSuchTable"`).rejects.toThrow();
    await expect(testDb().$executeRawUnsafe(`UPDATE "NoSuchTable" SET x = 1`)).rejects.toThrow();
    const [row] = await testDb().$queryRaw<Array<{ one: unknown }>>`SELECT 1 AS one`;
    expect(Number(row!.one)).toBe(1);
  });
});
