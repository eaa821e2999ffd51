// Staff actions on one member: adjusting points (a ledger entry of kind `adjust`) and setting or
// removing a tier override. Both need a reason, carry the staff user id (session token `sub`) on
// the ledger or tier entry, and write an audit entry in the same transaction.
import type { Db, DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { businessKeys } from "../../loyalty/ledger";
import { adjustByStaff } from "../ledger/operations.server";
import { lockMember } from "../ledger/post-entry.server";
import { evaluateMemberTier } from "../tiers/evaluate.server";
import { loadTierProgram } from "../tiers/program.server";
import { recordAudit } from "./audit-log.server";

export type AdjustPointsInput = { shopId: string; customerId: string; points: number; reason: string; staffUserId: string; requestId: string; now?: Date };
export type AdjustPointsResult = { entryId: string; created: boolean; points: number; balance: number };

const MAX_ADJUSTMENT = 10_000_000;

function requireReason(reason: string): string {
  const text = (reason ?? "").trim();
  if (!text) throw new AppError("reason_required", "Say why (the reason is kept in the audit log).", 400, { field: "reason" });
  if (text.length > 500) throw new AppError("invalid_request", "Keep the reason under 500 characters.", 400, { field: "reason" });
  return text;
}

function requireStaff(staffUserId: string) {
  if (!staffUserId) throw new AppError("forbidden", "Only a signed-in staff member can do this.", 403);
}

async function findMember(db: DbTx, shopId: string, customerId: string) {
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
  if (!member || member.redactedAt) throw new AppError("member_not_found", "This customer is not a member of the program.", 404);
  return member;
}

/**
 * Adds or removes points. `requestId` makes a retried request a no-op (the same request returns
 * the first result; the same id for another member or amount is a conflict). A debit larger than
 * the balance is refused: staff can take points down to zero, not below (balances stay a debt the
 * merchant owes, never one the shopper owes).
 */
export async function adjustPoints(db: Db, input: AdjustPointsInput): Promise<AdjustPointsResult> {
  requireStaff(input.staffUserId);
  const reason = requireReason(input.reason);
  if (!Number.isSafeInteger(input.points) || input.points === 0 || Math.abs(input.points) > MAX_ADJUSTMENT) {
    throw new AppError("invalid_request", `Enter a whole number of points other than 0, at most ${MAX_ADJUSTMENT.toLocaleString("en")}.`, 400, { field: "points" });
  }
  if (!input.requestId) throw new AppError("invalid_request", "The request has no id.", 400);
  const now = input.now ?? new Date();
  const businessKey = businessKeys.adjust(input.requestId);
  return db.$transaction(async (tx) => {
    const member = await findMember(tx, input.shopId, input.customerId);
    const locked = await lockMember(tx, input.shopId, member.id);
    const existing = await tx.ledgerEntry.findUnique({ where: { shopId_businessKey: { shopId: input.shopId, businessKey } } });
    if (existing) {
      if (existing.memberId !== member.id || existing.points !== input.points) {
        throw new AppError("idempotency_conflict", "This request id was already used for another adjustment.", 409);
      }
      return { entryId: existing.id, created: false, points: existing.points, balance: locked.balance };
    }
    const result = await adjustByStaff(tx, { shopId: input.shopId, memberId: member.id, lockedMember: locked, requestId: input.requestId, points: input.points, reason, staffUserId: input.staffUserId, now });
    await tx.member.update({ where: { id: member.id }, data: { syncDirty: true, syncAttempts: 0, syncNextAttemptAt: null } });
    await recordAudit(tx, {
      shopId: input.shopId,
      staffUserId: input.staffUserId,
      action: "points_adjusted",
      memberId: member.id,
      details: { points: input.points, reason, entryId: result.entryId, balanceAfter: result.balances.balance, requestId: input.requestId },
      now,
    });
    return { entryId: result.entryId, created: true, points: input.points, balance: result.balances.balance };
  });
}

export type TierOverrideInput = {
  shopId: string;
  customerId: string;
  /** The tier to hold; null removes the override (the member goes back to what progress reaches). */
  tierId: string | null;
  /** End of the override; ignored for lifetime status. */
  until: Date | null;
  lifetime: boolean;
  staffUserId: string;
  reason: string;
  now?: Date;
};

export async function setTierOverride(db: Db, input: TierOverrideInput): Promise<{ changed: boolean; tierId: string | null }> {
  requireStaff(input.staffUserId);
  const reason = requireReason(input.reason);
  const now = input.now ?? new Date();
  const program = await loadTierProgram(db, input.shopId);
  if (!program.enabled) throw new AppError("tiers_disabled", "Turn VIP tiers on before setting a member's tier.", 409);
  if (input.tierId !== null) {
    if (!program.tiers.some((t) => t.id === input.tierId)) throw new AppError("tier_not_found", "Choose one of the program's tiers.", 400, { field: "tierId" });
    if (!input.lifetime && !input.until) throw new AppError("invalid_request", "Choose an end date, or make it lifetime status.", 400, { field: "until" });
    if (!input.lifetime && input.until && input.until <= now) throw new AppError("invalid_request", "The end date must be in the future.", 400, { field: "until" });
  }
  return db.$transaction(async (tx) => {
    const member = await findMember(tx, input.shopId, input.customerId);
    await lockMember(tx, input.shopId, member.id);
    // Removing an override ends it now: the member moves at once to what progress reaches
    // (no grace: the override was the grace).
    const override =
      input.tierId === null
        ? { tierOverrideUntil: member.tierOverrideId ? now : null, tierOverrideLifetime: false }
        : { tierOverrideId: input.tierId, tierOverrideUntil: input.lifetime ? null : input.until, tierOverrideLifetime: input.lifetime };
    await tx.member.update({ where: { id: member.id }, data: override });
    const outcome = await evaluateMemberTier(tx, input.shopId, member.id, { now, program, staffUserId: input.staffUserId, note: reason });
    await recordAudit(tx, {
      shopId: input.shopId,
      staffUserId: input.staffUserId,
      action: input.tierId === null ? "tier_override_removed" : "tier_override_set",
      memberId: member.id,
      details: {
        reason,
        tierId: input.tierId,
        until: input.tierId && !input.lifetime ? input.until?.toISOString() : null,
        lifetime: input.tierId !== null && input.lifetime,
        fromTierId: member.tierId,
        toTierId: outcome.tierId,
      },
      now,
    });
    return outcome;
  });
}
