// Shared set-up for the tier and staff integration tests: a shop with a program, tiers saved
// through the admin service, and orders earned, refunded and cancelled through the real services,
// each followed by the tier evaluation the earn and reversal paths run.
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { earnOnOrder } from "../../../app/services/earning/earn-order.server";
import { recordCancellation, recordRefund } from "../../../app/services/earning/reverse-order.server";
import { lockMember } from "../../../app/services/ledger/post-entry.server";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { evaluateMemberTier } from "../../../app/services/tiers/evaluate.server";
import { saveTierProgram, type TierProgramInput } from "../../../app/services/program/tier-program.server";
import { bigId, line, order, refundOf } from "../../support/orders";
import { testDb } from "../../support/test-db";
import type { NormalizedOrder } from "../../../app/loyalty/order";

export const STAFF = "74857396114";

export async function newShop(domain = `shop-${bigId()}.myshopify.com`, timezone = "UTC") {
  const shop = await testDb().shop.create({ data: { domain, timezone } });
  await saveProgramSettings(testDb(), shop.id, defaultProgramSettings());
  return shop;
}

export type TierSpec = { name: string; threshold: string; perks?: Record<string, unknown> };
export const BRONZE_SILVER_GOLD: TierSpec[] = [
  { name: "Bronze", threshold: "0" },
  { name: "Silver", threshold: "500" },
  { name: "Gold", threshold: "1000", perks: { earnMultiplier: "1.5" } },
];

export function programInput(tiers: Array<TierSpec & { id?: string | null }>, over: Partial<TierProgramInput> = {}): TierProgramInput {
  return { enabled: true, metric: "points", window: "lifetime", downgradePolicy: "end_of_window", graceDays: 30, tagPrefix: "tally-tier:", tiers: tiers.map((t) => ({ id: null, ...t })), ...over };
}

export async function saveTiers(shopId: string, tiers: TierSpec[] = BRONZE_SILVER_GOLD, over: Partial<TierProgramInput> = {}, now = new Date()) {
  return saveTierProgram(testDb(), shopId, programInput(tiers, over), STAFF, { now });
}

export async function tierIdByName(shopId: string, name: string) {
  return (await testDb().tier.findFirstOrThrow({ where: { shopId, name, archivedAt: null } })).id;
}

export async function memberOf(shopId: string, customerId: string) {
  return testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
}

export async function tierNameOf(shopId: string, customerId: string) {
  const m = await memberOf(shopId, customerId);
  return m.tierId ? (await testDb().tier.findUniqueOrThrow({ where: { id: m.tierId } })).name : null;
}

/** Evaluates a member's tier under the member lock (as the daily job and staff actions do). */
export async function evaluate(shopId: string, customerId: string, now: Date) {
  const m = await memberOf(shopId, customerId);
  return testDb().$transaction(async (tx) => {
    await lockMember(tx, shopId, m.id);
    return evaluateMemberTier(tx, shopId, m.id, { now });
  });
}

/**
 * An order of `minor` (two units; 1 point per 1.00), earned at `now`. The earn path itself
 * applies the tier multiplier and re-evaluates the tier (nothing is called by hand here).
 */
export async function earn(shopId: string, customerId: string, minor: bigint, now = new Date()): Promise<NormalizedOrder> {
  const o = order(customerId, [line(minor, { quantity: 2 })]);
  await earnOnOrder(testDb(), shopId, o, "paid", { now });
  return o;
}

/** Refunds `units` of the order's two units (money returned = their subtotal). */
export async function refund(shopId: string, o: NormalizedOrder, now = new Date(), units = 1) {
  const r = refundOf(o, [{ line: o.lines[0]!, quantity: units }]);
  await recordRefund(testDb(), shopId, r, { now });
}

export async function cancel(shopId: string, o: NormalizedOrder, now = new Date()) {
  await recordCancellation(testDb(), shopId, o.orderId, now, "USD", { now });
}

export { bigId };
