// Members: one per shop and Shopify customer, created on first sight (sign-up, first order, lookup).
import { randomUUID } from "node:crypto";
import type { Member } from "@prisma/client";
import type { DbTx } from "../../db/client";
import { CustomerRedactedError, customerHashOf, isRedacted } from "../compliance/tombstone.server";

export type CustomerProfile = { email?: string | null; firstName?: string | null; lastName?: string | null };

/** The contact fields a profile actually gives (undefined means "not known", not "erase"). */
const knownFields = (profile: CustomerProfile) => ({
  ...(profile.email !== undefined ? { email: profile.email } : {}),
  ...(profile.firstName !== undefined ? { firstName: profile.firstName } : {}),
  ...(profile.lastName !== undefined ? { lastName: profile.lastName } : {}),
});

/**
 * Finds or creates the member for a customer; a single upsert, safe under concurrency. A customer
 * erased by customers/redact (a tombstone) is never created again: CustomerRedactedError (410).
 */
export async function ensureMember(tx: DbTx, shopId: string, customerId: string, profile: CustomerProfile = {}) {
  const fields = knownFields(profile);
  if (await isRedacted(tx, shopId, customerId)) throw new CustomerRedactedError();
  return tx.member.upsert({
    where: { shopId_customerId: { shopId, customerId } },
    create: { shopId, customerId, ...fields },
    update: {},
  });
}

/**
 * Updates the contact details of a member that has not been redacted. A customer erased by
 * customers/redact is refused (CustomerRedactedError), so the delivery carrying them is dropped.
 */
export async function updateMemberProfile(tx: DbTx, shopId: string, customerId: string, profile: CustomerProfile) {
  if (await isRedacted(tx, shopId, customerId)) throw new CustomerRedactedError();
  await tx.member.updateMany({
    where: { shopId, customerId, redactedAt: null },
    data: { email: profile.email ?? null, firstName: profile.firstName ?? null, lastName: profile.lastName ?? null },
  });
}

/**
 * ensureMember and the member lock in one statement: returns the row with its new version. Plain
 * SQL (the same on SQLite and PostgreSQL): every order runs it, and an ORM upsert costs ~1 ms of
 * query compiling. Contact fields are written only when the member is created, as before. The
 * redaction tombstone is checked in the same statement (no row comes back for an erased customer:
 * CustomerRedactedError); a redacted member's row no longer holds the customer id, so there is
 * never a conflicting row to update for one.
 */
export async function ensureLockedMember(tx: DbTx, shopId: string, customerId: string, profile: CustomerProfile = {}): Promise<Member> {
  const now = new Date();
  // No salt: nobody of this shop was ever redacted (the empty hash matches no tombstone).
  const customerHash = (await customerHashOf(tx, shopId, customerId)) ?? "";
  const [row] = await tx.$queryRaw<MemberRow[]>`
    INSERT INTO "Member" (id, "shopId", "customerId", email, "firstName", "lastName", version, "createdAt", "updatedAt")
    SELECT ${randomUUID()}, ${shopId}, ${customerId}, ${profile.email ?? null}, ${profile.firstName ?? null}, ${profile.lastName ?? null}, 1, ${now}, ${now}
    WHERE NOT EXISTS (SELECT 1 FROM "RedactedCustomer" r WHERE r."shopId" = ${shopId} AND r."customerHash" = ${customerHash})
    ON CONFLICT ("shopId", "customerId") DO UPDATE SET version = "Member".version + 1, "updatedAt" = ${now}
    RETURNING *`;
  if (!row) throw new CustomerRedactedError();
  return memberFromRow(row);
}

/** A Member row as `RETURNING *` gives it: SQLite answers booleans as 0/1. */
export type MemberRow = Member & { tierOverrideLifetime: boolean | number; syncDirty: boolean | number };
export const memberFromRow = (row: MemberRow): Member => ({ ...row, tierOverrideLifetime: Boolean(row.tierOverrideLifetime), syncDirty: Boolean(row.syncDirty) });
