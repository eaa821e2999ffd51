// Referrals: each member has a code (link /apps/tally/r/<code>); a friend gets a welcome discount
// code (one per friend email, from a catalog reward used as the template); the advocate earns
// points when the friend's first order is paid with that code. Fraud rules, in the order checked:
// no self-referral (same customer, same email, same address), the friend must be a new customer
// (no earlier order), and at most `monthlyCap` rewarded referrals per advocate per shop-local month.
import { randomInt } from "node:crypto";
import { z } from "zod";

export const referralsSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** Points the advocate earns per qualifying friend order (pending for earn.pendingDays). */
    advocatePoints: z.number().int().min(0).max(1_000_000).default(0),
    /** The catalog reward whose discount the friend's welcome code gives (its type, value, minimum, validity). */
    welcomeRewardId: z.string().trim().min(1).max(64).nullable().default(null),
    monthlyCap: z.number().int().min(1).max(1000).default(10),
  })
  .default({});

export type ReferralsSettings = z.output<typeof referralsSettingsSchema>;

export type RejectReason = "self_referral_customer" | "self_referral_email" | "self_referral_address" | "not_new_customer" | "monthly_cap";

// No 0/O, 1/I/L: codes are read aloud and typed.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export function generateReferralCode(length = 8): string {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export const welcomeCodeOf = () => `WELCOME-${generateReferralCode(10)}`;

export const isReferralCode = (code: string) => /^[A-Z0-9]{4,32}$/.test(code);

export const normalizeEmail = (email: string | null | undefined) => (email ? email.trim().toLowerCase() : null);

/** Street, postcode and country, lower-cased with spacing and punctuation removed; null when incomplete. */
export function addressKeyOf(address: { address1?: string | null; zip?: string | null; country_code?: string | null; country?: string | null } | null | undefined): string | null {
  if (!address?.address1 || !address.zip) return null;
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "");
  return [clean(address.address1), clean(address.zip), clean(address.country_code ?? address.country ?? "")].join("|");
}

export type FraudFacts = {
  advocate: { customerId: string; email: string | null; addressKey: string | null };
  friend: { customerId: string | null; email: string | null; shippingAddressKey: string | null; earlierOrders: number };
  advocateQualifiedThisMonth: number;
  monthlyCap: number;
};

/** Why the friend's order does not reward the advocate, or null when it does. */
export function referralRejection(f: FraudFacts): RejectReason | null {
  if (f.friend.customerId && f.friend.customerId === f.advocate.customerId) return "self_referral_customer";
  const friendEmail = normalizeEmail(f.friend.email);
  if (friendEmail && friendEmail === normalizeEmail(f.advocate.email)) return "self_referral_email";
  if (f.friend.shippingAddressKey && f.friend.shippingAddressKey === f.advocate.addressKey) return "self_referral_address";
  if (f.friend.earlierOrders > 0) return "not_new_customer";
  if (f.advocateQualifiedThisMonth >= f.monthlyCap) return "monthly_cap";
  return null;
}
