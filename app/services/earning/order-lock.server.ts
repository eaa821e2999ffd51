// The per-order lock. An order's earn, its refunds and its cancellation may be applied by
// different workers at once (they have different ordering keys); each first upserts the order's
// OrderEarning row and bumps its lockVersion, so they run one after another, whichever comes first.
// Lock order everywhere: order row, then member row (no deadlocks).
import { randomUUID } from "node:crypto";
import type { OrderEarning } from "@prisma/client";
import type { DbTx } from "../../db/client";
import { tierProgramStampOf } from "../tiers/program.server";

// Plain SQL (the same on SQLite and PostgreSQL): every order, refund and cancellation runs it,
// and an ORM upsert costs ~1 ms of query compiling.
export type LockedOrder = OrderEarning & {
  /**
   * When the shop's tier program was last saved (null: never), read in the same statement: the
   * earn path reuses its cached tier program only while this matches (activeTierProgram).
   */
  tierProgramStamp: string | null;
  /** The program settings' version (null: never saved), read in the same statement. */
  settingsVersion: number | null;
};

export async function lockOrder(tx: DbTx, shopId: string, orderId: string, placeholder: { currency: string; customerId?: string | null }): Promise<LockedOrder> {
  const now = new Date();
  const [row] = await tx.$queryRaw<Array<OrderEarning & { tierProgramStamp: unknown; settingsVersion: unknown }>>`
    INSERT INTO "OrderEarning" (id, "shopId", "orderId", currency, "customerId", "earnableMinor", "totalMinor", points, "lockVersion", "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${shopId}, ${orderId}, ${placeholder.currency}, ${placeholder.customerId ?? null}, ${0n}, ${0n}, 0, 1, ${now}, ${now})
    ON CONFLICT ("shopId", "orderId") DO UPDATE SET "lockVersion" = "OrderEarning"."lockVersion" + 1, "updatedAt" = ${now}
    RETURNING *, (SELECT "updatedAt" FROM "TierProgram" WHERE "TierProgram"."shopId" = ${shopId}) AS "tierProgramStamp",
      (SELECT version FROM "ProgramSettings" WHERE "ProgramSettings"."shopId" = ${shopId}) AS "settingsVersion"`;
  const settingsVersion = row!.settingsVersion === null || row!.settingsVersion === undefined ? null : Number(row!.settingsVersion);
  return { ...row!, tierProgramStamp: tierProgramStampOf(row!.tierProgramStamp), settingsVersion };
}
