// Members: one per shop and Shopify customer, created on first sight (sign-up, first order, lookup).
import { randomUUID } from "node:crypto";
import type { Member } from "@prisma/client";
import type { DbTx } from "../../db/client";

export type CustomerProfile = { email?: string | null; firstName?: string | null; lastName?: string | null };

/** The contact fields a profile actually gives (undefined means "not known", not "erase"). */
const knownFields = (profile: CustomerProfile) => ({
  ...(profile.email !== undefined ? { email: profile.email } : {}),
  ...(profile.firstName !== undefined ? { firstName: profile.firstName } : {}),
  ...(profile.lastName !== undefined ? { lastName: profile.lastName } : {}),
});

/** Finds or creates the member for a customer; a single upsert, safe under concurrency. */
export async function ensureMember(tx: DbTx, shopId: string, customerId: string, profile: CustomerProfile = {}) {
  const fields = knownFields(profile);
  return tx.member.upsert({
    where: { shopId_customerId: { shopId, customerId } },
    create: { shopId, customerId, ...fields },
    update: {},
  });
}

/** Updates the contact details of a member that has not been redacted. */
export async function updateMemberProfile(tx: DbTx, shopId: string, customerId: string, profile: CustomerProfile) {
  await tx.member.updateMany({
    where: { shopId, customerId, redactedAt: null },
    data: { email: profile.email ?? null, firstName: profile.firstName ?? null, lastName: profile.lastName ?? null },
  });
}

/**
 * ensureMember and the member lock in one statement: returns the row with its new version. Plain
 * SQL (the same on SQLite and PostgreSQL): every order runs it, and an ORM upsert costs ~1 ms of
 * query compiling. Contact fields are written only when the member is created, as before.
 */
export async function ensureLockedMember(tx: DbTx, shopId: string, customerId: string, profile: CustomerProfile = {}): Promise<Member> {
  const now = new Date();
  const [row] = await tx.$queryRaw<MemberRow[]>`
    INSERT INTO "Member" (id, "shopId", "customerId", email, "firstName", "lastName", version, "createdAt", "updatedAt")
    VALUES (${randomUUID()}, ${shopId}, ${customerId}, ${profile.email ?? null}, ${profile.firstName ?? null}, ${profile.lastName ?? null}, 1, ${now}, ${now})
    ON CONFLICT ("shopId", "customerId") DO UPDATE SET version = "Member".version + 1, "updatedAt" = ${now}
    RETURNING *`;
  return memberFromRow(row!);
}

/** A Member row as `RETURNING *` gives it: SQLite answers booleans as 0/1. */
export type MemberRow = Member & { tierOverrideLifetime: boolean | number; syncDirty: boolean | number };
export const memberFromRow = (row: MemberRow): Member => ({ ...row, tierOverrideLifetime: Boolean(row.tierOverrideLifetime), syncDirty: Boolean(row.syncDirty) });
