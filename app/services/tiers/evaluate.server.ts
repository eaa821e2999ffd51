// Evaluating a member's VIP tier after anything that moves their progress (earn, refund,
// cancellation), a staff override, a program save or the daily job (the program and its cache:
// program.server.ts; progress: progress.server.ts; the staff view: progress-view.server.ts; the
// earn multiplier: multiplier.ts). The rule itself is decideTier (app/loyalty/tiers.ts); this file loads its inputs and writes its outcome: the
// member's tier fields, a TierChange row, the entry reward (once per member and tier), and the
// sync flag so Shopify's tag and metafields follow.
import type { Prisma } from "@prisma/client";
import type { DbTx } from "../../db/client";
import { decideTier, type TierDecision, type TierDef, windowStart } from "../../loyalty/tiers";
import { grantTierEntryPoints, oweTierEntryReward } from "../ledger/operations.server";
import { lockMember } from "../ledger/post-entry.server";
import { activeTierProgram, type LoadedTierProgram, loadTierProgram } from "./program.server";
import { memberTierFields, progressByCustomer, type TierMemberRow } from "./progress.server";

export type EvaluateOptions = {
  now: Date;
  /** TierChange reason for moves caused by something else than progress: program_change, window_roll. */
  reason?: string;
  staffUserId?: string;
  /** Why, in staff's words (kept in the TierChange details). */
  note?: string;
  /** Already loaded program (batch callers load it once). */
  program?: LoadedTierProgram;
  /** Already computed progress (batch callers compute it for a page of members at once). */
  progress?: bigint;
};

/**
 * Re-evaluates one member's tier. Call inside a transaction that holds the member lock (lockMember
 * or a ledger write on the member), so two evaluations of one member never interleave.
 */
export async function evaluateMemberTier(tx: DbTx, shopId: string, memberId: string, opts: EvaluateOptions): Promise<{ changed: boolean; tierId: string | null }> {
  const program = opts.program ?? (await loadTierProgram(tx, shopId));
  const member = await tx.member.findFirst({ where: { id: memberId, shopId }, select: memberTierFields });
  if (!member) throw new Error(`member ${memberId} does not belong to shop ${shopId}`);
  if (!program.enabled || program.tiers.length === 0) return { changed: false, tierId: member.tierId };
  const progress =
    opts.progress ??
    (await progressByCustomer(tx, shopId, program.rules.metric, windowStart(program.rules.window, opts.now, program.rules.timezone), [member.customerId])).get(member.customerId) ??
    0n;
  const decision = decideTier(member, program.tiers, progress, program.rules, opts.now);
  await applyTierDecisions(tx, shopId, program, [{ member, decision, progress }], opts);
  return { changed: decision.changed, tierId: decision.tierId };
}

export type TierOutcome = { member: TierMemberRow; decision: TierDecision; progress: bigint };

/** Whether applying the decision writes anything. */
export const decisionWrites = ({ member, decision }: Pick<TierOutcome, "member" | "decision">) =>
  decision.changed || decision.clearOverride || (decision.graceUntil?.getTime() ?? null) !== (member.tierGraceUntil?.getTime() ?? null);

/**
 * Writes what decideTier decided for members whose locks the caller holds: members with the same
 * new values are updated in one statement and tier changes inserted together, so a page of
 * hundreds of members costs a handful of statements (plus entry rewards, one per member reaching
 * a tier that has one).
 */
export async function applyTierDecisions(tx: DbTx, shopId: string, program: LoadedTierProgram, outcomes: readonly TierOutcome[], opts: EvaluateOptions) {
  const groups = new Map<string, { data: Prisma.MemberUpdateManyMutationInput; ids: string[] }>();
  for (const { member, decision } of outcomes.filter(decisionWrites)) {
    const data: Prisma.MemberUpdateManyMutationInput = {
      tierGraceUntil: decision.graceUntil,
      ...(decision.clearOverride ? { tierOverrideId: null, tierOverrideUntil: null, tierOverrideLifetime: false } : {}),
      ...(decision.changed ? { tierId: decision.tierId, tierAchievedAt: opts.now, syncDirty: true, syncAttempts: 0, syncNextAttemptAt: null, syncError: null } : {}),
    };
    const key = JSON.stringify(data);
    const group = groups.get(key) ?? { data, ids: [] };
    group.ids.push(member.id);
    groups.set(key, group);
  }
  for (const { data, ids } of groups.values()) await tx.member.updateMany({ where: { shopId, id: { in: ids } }, data });

  const changed = outcomes.filter((o) => o.decision.changed);
  if (!changed.length) return;
  await tx.tierChange.createMany({
    data: changed.map(({ member, decision, progress }) => ({
      shopId,
      memberId: member.id,
      fromTierId: member.tierId,
      toTierId: decision.tierId,
      reason: (decision.reason === "upgrade" || decision.reason === "downgrade") && opts.reason ? opts.reason : decision.reason!,
      staffUserId: opts.staffUserId ?? null,
      details: JSON.stringify({ direction: decision.direction, metric: program.rules.metric, window: program.rules.window, progress: progress.toString(), ...(opts.note ? { note: opts.note } : {}) }),
      createdAt: opts.now,
    })),
  });
  for (const { member, decision } of changed) {
    const tier = program.tiers.find((t) => t.id === decision.tierId);
    if (decision.direction === "up" && tier?.perks.entryReward) await grantEntryReward(tx, shopId, member.id, tier, opts);
  }
}

/** The tier's entry reward, once per member and tier whatever happens later (business key). */
async function grantEntryReward(tx: DbTx, shopId: string, memberId: string, tier: TierDef, opts: EvaluateOptions) {
  const reward = tier.perks.entryReward;
  if (!reward) return;
  if ("points" in reward) await grantTierEntryPoints(tx, { shopId, memberId, tier, points: reward.points, now: opts.now });
  else await oweTierEntryReward(tx, { shopId, memberId, tier, rewardId: reward.rewardId, now: opts.now });
}

/**
 * After a refund or cancellation changed an order's progress: re-evaluates its customer's tier
 * under the member lock, when the shop has tiers and the customer is a member.
 */
export async function evaluateAfterOrderChange(tx: DbTx, shopId: string, customerId: string | null, now: Date, tierProgramStamp?: string | null): Promise<void> {
  if (!customerId) return;
  const program = await activeTierProgram(tx, shopId, tierProgramStamp);
  if (!program) return;
  const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId, customerId } }, select: { id: true } });
  if (!member) return;
  await lockMember(tx, shopId, member.id);
  await evaluateMemberTier(tx, shopId, member.id, { now, program });
}
