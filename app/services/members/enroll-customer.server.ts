// customers/create: the shopper becomes a member, with the sign-up bonus when the program has one.
import type { Db } from "../../db/client";
import { businessKeys } from "../../loyalty/ledger";
import { ensureMember } from "../ledger/members.server";
import { postEntry } from "../ledger/post-entry.server";
import { loadProgramSettings } from "../program/settings.server";
import { lotExpiry } from "../earning/expiry";

export type NewCustomer = { customerId: string; email: string | null; firstName: string | null; lastName: string | null };

export async function enrollCustomer(db: Db, shopId: string, customer: NewCustomer, options: { now?: Date } = {}) {
  const now = options.now ?? new Date();
  return db.$transaction(async (tx) => {
    const member = await ensureMember(tx, shopId, customer.customerId, customer);
    const settings = await loadProgramSettings(tx, shopId);
    if (!settings.enabled || settings.signupBonus <= 0) return { memberId: member.id, bonus: 0 };
    const result = await postEntry(tx, {
      shopId,
      memberId: member.id,
      kind: "bonus",
      businessKey: businessKeys.signup(customer.customerId),
      points: settings.signupBonus,
      lot: { expiresAt: lotExpiry(settings, now) },
      source: { type: "signup", id: customer.customerId },
      reason: "Sign-up bonus",
      now,
    });
    return { memberId: member.id, bonus: result.created ? result.applied : 0 };
  });
}
