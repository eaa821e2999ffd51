// Referrals: each member has a code (link /apps/tally/r/<code>); every friend who follows it gets
// the advocate's ONE welcome discount code (from a catalog reward used as the template), which
// Shopify accepts only from a customer with no order yet, once per customer; the advocate earns
// points when a friend's first order is paid with that code. Fraud rules, in the order checked: a
// known customer (not a guest), no self-referral (same customer, same email, same address), the
// friend must be a new customer (no earlier order, not referred before), and at most
// `monthlyCap` rewarded referrals per advocate per shop-local month. The reward then follows the
// friend's order: taken back if it is cancelled or refunded below what qualified (referralStands).
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

export type RejectReason = "no_customer" | "self_referral_customer" | "self_referral_email" | "self_referral_address" | "not_new_customer" | "monthly_cap";

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
  // A guest order cannot be told apart from the advocate or from an earlier buyer.
  if (!f.friend.customerId) return "no_customer";
  if (f.friend.customerId && f.friend.customerId === f.advocate.customerId) return "self_referral_customer";
  const friendEmail = normalizeEmail(f.friend.email);
  if (friendEmail && friendEmail === normalizeEmail(f.advocate.email)) return "self_referral_email";
  if (f.friend.shippingAddressKey && f.friend.shippingAddressKey === f.advocate.addressKey) return "self_referral_address";
  if (f.friend.earlierOrders > 0) return "not_new_customer";
  if (f.advocateQualifiedThisMonth >= f.monthlyCap) return "monthly_cap";
  return null;
}

/** What a referral remembers of the friend's order (Referral.orderFacts) to judge later refunds. */
export type ReferralOrderFacts = {
  /** Each line's quantity and price × quantity before discounts (what Shopify's minimum checks). */
  lines: Array<{ id: string; quantity: number; grossMinor: string }>;
  /** The welcome reward's minimum subtotal when the order qualified; null: none. */
  minimumMinor: string | null;
};

export function referralOrderFacts(order: { lines: ReadonlyArray<{ lineItemId: string; quantity: number; grossMinor: bigint }> }, minimumMinor: bigint | null): ReferralOrderFacts {
  return {
    lines: order.lines.map((l) => ({ id: l.lineItemId, quantity: l.quantity, grossMinor: l.grossMinor.toString() })),
    minimumMinor: minimumMinor?.toString() ?? null,
  };
}

/**
 * Whether the friend's order still earns the advocate's reward after its refunds: not cancelled,
 * some merchandise kept, and what is kept (at its price before discounts) still meets the welcome
 * reward's minimum. A partial refund that leaves a qualifying purchase keeps the reward: the friend
 * did become a paying customer, which is what the reward pays for. Without facts (referrals from
 * before they were kept) any refund takes the reward back, as it always did.
 */
export function referralStands(
  facts: ReferralOrderFacts | null,
  refunds: ReadonlyArray<{ lines: ReadonlyArray<{ lineItemId: string; quantity: number }> }>,
  cancelled: boolean,
): boolean {
  if (cancelled) return false;
  if (!facts) return refunds.length === 0;
  const refunded = new Map<string, number>();
  for (const r of refunds) for (const l of r.lines) refunded.set(l.lineItemId, (refunded.get(l.lineItemId) ?? 0) + l.quantity);
  let kept = 0n;
  let keptUnits = 0;
  for (const line of facts.lines) {
    const units = Math.max(0, line.quantity - (refunded.get(line.id) ?? 0));
    if (units <= 0 || line.quantity <= 0) continue;
    keptUnits += units;
    kept += (BigInt(line.grossMinor) * BigInt(units)) / BigInt(line.quantity);
  }
  if (keptUnits === 0) return false;
  return facts.minimumMinor === null || kept >= BigInt(facts.minimumMinor);
}
