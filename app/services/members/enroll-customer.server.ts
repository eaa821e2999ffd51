// customers/create: the shopper becomes a member, with the sign-up bonus when the program has one.
import type { Db } from "../../db/client";
import { ensureMember } from "../ledger/members.server";
import { grantSignupBonus } from "../ledger/operations.server";
import { loadProgramSettings } from "../program/settings.server";
import { lotExpiry } from "../earning/expiry";

export type NewCustomer = { customerId: string; email: string | null; firstName: string | null; lastName: string | null };

export async function enrollCustomer(db: Db, shopId: string, customer: NewCustomer, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const member = await ensureMember(tx, shopId, customer.customerId, customer);
    const settings = await loadProgramSettings(tx, shopId);
    if (!settings.enabled || settings.signupBonus <= 0) return { memberId: member.id, bonus: 0 };
    const result = await grantSignupBonus(tx, { shopId, memberId: member.id, customerId: customer.customerId, points: settings.signupBonus, expiresAt: lotExpiry(settings, now), now });
    return { memberId: member.id, bonus: result.created ? result.applied : 0 };
  });
}
